import { describe, expect, it } from 'vitest';
import type { NewOrderRequest } from '../../src/engine/types.js';
import { defaultSimExchangeConfig, SimExchangeCore } from '../../src/sim-exchange/exchange-core.js';
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

describe('numeric bounds: no request can make a ledger value non-finite', () => {
  const { core } = makeCore();
  let t = 0;
  const code = (req: NewOrderRequest) => errorOf(() => core.placeOrder('a', ++t, req)).code;

  it('price and quantity must be plain decimals (no exponent, hex, Infinity; ≤ 20 digits a side)', () => {
    for (const p of ['1e308', '8e4', '0x10', 'Infinity', '-Infinity', '1'.repeat(21), `1.${'0'.repeat(21)}`])
      expect(code(limit('BUY', p, '0.001')), p).toBe(-1100);
    for (const q of ['1e-3', 'Infinity', '0b1']) expect(code(limit('BUY', '80000.0', q)), q).toBe(-1100);
    expect(code(limit('BUY', '-5', '0.001'))).toBe(-4001);
    expect(code(limit('BUY', 'NaN', '0.001'))).toBe(-1102);
  });

  it('price ÷ tick and quantity ÷ step must be safe integers; notional and ticks × steps bounded', () => {
    expect(code(limit('BUY', '9'.repeat(20), '0.001'))).toBe(-4002);
    expect(code(limit('BUY', '80000.0', '9'.repeat(20)))).toBe(-4005);
    expect(code(limit('BUY', '80000.0', '12.501'))).toBe(-2027); // 1,000,080 USDC
    expect(code({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '12.501' })).toBe(-2027); // at the mark
    expect(core.placeOrder('a', ++t, limit('BUY', '80000.0', '0.001')).status).toBe('NEW');
    expect(Number.isFinite(core.availableOf('a'))).toBe(true);
  });

  it('ticks × steps beyond 2^53 − 1 is refused even under the notional bound (fine-grained rules)', () => {
    const rules = { symbol: 'XUSDT', tickSize: '0.00000001', stepSize: '0.00000001', minQty: '0', minNotional: '0' };
    const fine = new SimExchangeCore({ ...defaultSimExchangeConfig({ XUSDT: rules }), walletUsdc: 1e9 }, () => 1);
    fine.addAccount('a');
    const req = { symbol: 'XUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '1', quantity: '100000' } as const;
    expect(errorOf(() => fine.placeOrder('a', 1, req)).code).toBe(-2027); // 1e8 ticks × 1e13 steps
    expect(fine.placeOrder('a', 2, { ...req, quantity: '0.5' }).status).toBe('NEW'); // 5e15
  });
});
