import { describe, expect, it } from 'vitest';
import type { NewOrderRequest } from '../../src/engine/types.js';
import { errorOf, limit, makeCore } from './helpers.js';

describe('order filters', () => {
  const { core } = makeCore();
  let t = 0;
  const code = (req: NewOrderRequest) => errorOf(() => core.placeOrder('a', ++t, req));

  it('-4014 when the price is not on the tick', () => {
    const e = code(limit('BUY', '80000.05', '0.001'));
    expect([e.code, e.message]).toEqual([-4014, '-4014: Price not increased by tick size.']);
  });

  it('-4023 when the quantity is not on the step', () => {
    const e = code(limit('BUY', '80000.0', '0.0015'));
    expect([e.code, e.message]).toEqual([-4023, '-4023: Qty not increased by step size.']);
  });

  it('-4004 below minQty', () => {
    expect(
      code({ symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '3000.00', quantity: '0.001' }).code,
    ).toBe(-4004);
  });

  it('-4164 below min notional, unless reduce-only', () => {
    const e = code(limit('BUY', '1000.0', '0.001'));
    expect(e.code).toBe(-4164);
    expect(e.message).toBe("-4164: Order's notional must be no smaller than 5 (unless you choose reduce only)");
    // MARKET orders are valued at mark (80000 × 0.001 = 80 ≥ 5 passes; ETH 3000 × 0.002 = 6 < 20 fails).
    expect(code({ symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '0.002' }).code).toBe(-4164);
    // A reduce-only order of tiny notional is accepted once there is a position to reduce.
    const { core: c2 } = makeCore();
    c2.placeOrder('a', 1, limit('BUY', '80000.0', '0.002'));
    c2.placeOrder('b', 2, limit('SELL', '80000.0', '0.002'));
    expect(c2.placeOrder('a', 3, limit('SELL', '1000.0', '0.001', { reduceOnly: true })).status).toBe('NEW');
    expect(errorOf(() => c2.placeOrder('c', 4, limit('SELL', '90000.0', '0.001', { reduceOnly: true }))).code).toBe(-2022);
  });

  it('-1102 for missing mandatory parameters', () => {
    const base = limit('BUY', '80000.0', '0.001');
    for (const drop of ['symbol', 'side', 'type', 'quantity', 'price', 'timeInForce'] as const) {
      const req = { ...base } as Record<string, unknown>;
      delete req[drop];
      const e = code(req as unknown as NewOrderRequest);
      expect(e.code, drop).toBe(-1102);
      expect(e.message).toContain(`'${drop}'`);
    }
    expect(code({ ...base, quantity: '' }).code).toBe(-1102);
    expect(errorOf(() => core.cancelOrder('a', ++t, 'BTCUSDT', {})).code).toBe(-1102);
  });

  it('other malformed requests', () => {
    expect(code({ ...limit('BUY', '80000.0', '0.001'), symbol: 'XRPUSDT' }).code).toBe(-1121);
    expect(code(limit('BUY', '0', '0.001')).code).toBe(-4001);
    expect(code(limit('BUY', '80000.0', '0')).code).toBe(-4003);
    expect(code(limit('BUY', '80000.0', '0.001', { newClientOrderId: 'bad id!' })).code).toBe(-1100);
    expect(code({ ...limit('BUY', '80000.0', '0.001'), type: 'LIMIT_MAKER' as 'LIMIT' }).code).toBe(-1116);
    // Nothing rejected reached the book or took an order id.
    expect(core.openOrderCount('a', 'BTCUSDT')).toBe(0);
    expect(core.placeOrder('a', ++t, limit('BUY', '79000.0', '0.001')).orderId).toBe(1);
  });
});
