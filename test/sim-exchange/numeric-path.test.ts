/**
 * The numeric path (placeOrderNumeric / cancelOrderNumeric) promises the same venue as the Binance
 * string path: the same replies, fills, ledger and errors for the same orders. Two cores replay one
 * seeded stream, one through each path, and must agree step by step.
 */
import { describe, expect, it } from 'vitest';
import type { OrderRow } from '../../src/engine/types.js';
import { orderRow } from '../../src/sim-exchange/order-record.js';
import type { SimOrder } from '../../src/sim-exchange/order-record.js';
import { errorOf, limit, makeCore, seededUniform as rnd } from './helpers.js';

describe('numeric order path', () => {
  it('gives the replies, fills and balances of the string path on a seeded place/cancel stream', () => {
    const s = makeCore();
    const n = makeCore();
    const r = rnd(3);
    const accts = ['a', 'b', 'c', 'd'];
    const placed: { acct: string; id: number }[] = [];
    for (let i = 0; i < 3000; i++) {
      const now = 1000 + i * 100;
      if (placed.length > 0 && r() < 0.35) {
        const k = Math.floor(r() * placed.length);
        const { acct, id } = placed[k]!;
        placed.splice(k, 1);
        let a: unknown;
        let b: unknown;
        try {
          a = s.core.cancelOrder(acct, now, 'BTCUSDT', { orderId: id });
        } catch (e) {
          a = (e as { code: number }).code;
        }
        try {
          b = orderRow(n.core.cancelOrderNumeric(acct, now, 'BTCUSDT', { orderId: id }) as SimOrder, false);
        } catch (e) {
          b = (e as { code: number }).code;
        }
        expect(b).toEqual(a);
        continue;
      }
      const acct = accts[Math.floor(r() * accts.length)]!;
      const side = r() < 0.5 ? 'BUY' : 'SELL';
      const ticks = 800_000 + Math.floor((r() - 0.5) * 40) * (side === 'BUY' ? 1 : -1);
      const steps = 1 + Math.floor(r() * 5);
      const tif = r() < 0.1 ? 'IOC' : 'GTC';
      const cid = r() < 0.3 ? `c-${i}` : undefined;
      const req = limit(side, (ticks / 10).toFixed(1), (steps / 1000).toFixed(3), { timeInForce: tif, newClientOrderId: cid });
      let a: OrderRow | number;
      let b: OrderRow | number;
      try {
        a = s.core.placeOrder(acct, now, req);
      } catch (e) {
        a = (e as { code: number }).code;
      }
      try {
        const o = n.core.placeOrderNumeric(acct, now, {
          symbol: 'BTCUSDT',
          side,
          type: 'LIMIT',
          tif,
          priceTicks: ticks,
          qtySteps: steps,
          newClientOrderId: cid,
        });
        b = orderRow(o as SimOrder, false);
      } catch (e) {
        b = (e as { code: number }).code;
      }
      expect(b).toEqual(a);
      if (typeof a !== 'number') placed.push({ acct, id: a.orderId });
    }
    expect(s.fills.length).toBeGreaterThan(100);
    expect(n.fills).toEqual(s.fills);
    for (const acct of accts) expect(n.core.balance(acct, 99_999)).toEqual(s.core.balance(acct, 99_999));
    expect(n.core.bookDepth('BTCUSDT', 100)).toEqual(s.core.bookDepth('BTCUSDT', 100));
  });

  it('rejects what numbers can get wrong with the string path codes', () => {
    const { core } = makeCore();
    const base = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', tif: 'GTC', priceTicks: 800_000, qtySteps: 1 } as const;
    const code = (over: object) => errorOf(() => core.placeOrderNumeric('a', 1, { ...base, ...over })).code;
    expect(code({ priceTicks: 0 })).toBe(-4001);
    expect(code({ priceTicks: 800_000.5 })).toBe(-4014);
    expect(code({ qtySteps: 0 })).toBe(-4003);
    expect(code({ qtySteps: 1.5 })).toBe(-4023);
    expect(code({ priceTicks: 10, qtySteps: 1 })).toBe(-4164);
    expect(code({ symbol: 'XUSDT' })).toBe(-1121);
    expect(code({ tif: undefined })).toBe(-1102);
    expect(code({ newClientOrderId: 'bad id!' })).toBe(-1100);
    expect(errorOf(() => core.placeOrderNumeric('nobody', 1, base)).code).toBe(-2015);
  });
});
