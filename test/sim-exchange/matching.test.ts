import { describe, expect, it } from 'vitest';
import { OrderBook, type BookOrder } from '../../src/sim-exchange/book.js';
import { errorOf, limit, makeCore } from './helpers.js';

describe('OrderBook', () => {
  it('keeps the best level last and FIFO within a level', () => {
    const b = new OrderBook<BookOrder>();
    const o = (id: number, side: 'BUY' | 'SELL', priceTicks: number): BookOrder => ({ id, side, priceTicks, openSteps: 1 });
    const orders = [o(1, 'BUY', 100), o(2, 'BUY', 102), o(3, 'BUY', 101), o(4, 'BUY', 102), o(5, 'SELL', 105), o(6, 'SELL', 103)];
    for (const x of orders) b.add(x);
    expect(b.best('BUY')!.id).toBe(2);
    expect(b.best('SELL')!.id).toBe(6);
    expect(b.levelCount('BUY')).toBe(3);
    expect(b.crosses('BUY', 103)).toBe(true);
    expect(b.crosses('BUY', 102)).toBe(false);
    expect(b.removeBest('BUY')!.id).toBe(2);
    expect(b.best('BUY')!.id).toBe(4);
    expect(b.remove(orders[3]!)).toBe(true);
    expect(b.best('BUY')!.id).toBe(3);
    expect(b.remove(orders[3]!)).toBe(false);
    expect(b.size).toBe(4);
    expect(b.levelSteps('SELL', 1)).toBe(1);
  });
});

describe('matching', () => {
  it('fills better prices first, then same-price orders in arrival order, at the maker price', () => {
    const { core, fills } = makeCore();
    const a1 = core.placeOrder('a', 1, limit('SELL', '80000.0', '0.002'));
    const b1 = core.placeOrder('b', 2, limit('SELL', '80000.0', '0.002'));
    const c1 = core.placeOrder('c', 3, limit('SELL', '79990.0', '0.001'));
    const d = core.placeOrder('d', 4, limit('BUY', '80010.0', '0.002'));

    expect(fills.map((f) => [f.makerAccount, f.price, f.qty])).toEqual([
      ['c', 79990, 0.001],
      ['a', 80000, 0.001],
    ]);
    expect(fills.every((f) => f.takerAccount === 'd' && f.takerSide === 'BUY')).toBe(true);
    expect(d.status).toBe('FILLED');
    expect(d.executedQty).toBe('0.002');
    expect(Number(d.avgPrice)).toBeCloseTo(79995, 8);
    expect(d.cumQuote).toBe('159.99000000');
    expect(core.getOrder('c', 5, 'BTCUSDT', { orderId: c1.orderId }).status).toBe('FILLED');
    const aRow = core.getOrder('a', 5, 'BTCUSDT', { orderId: a1.orderId });
    expect(aRow.status).toBe('PARTIALLY_FILLED');
    expect(aRow.executedQty).toBe('0.001');
    expect(core.getOrder('b', 5, 'BTCUSDT', { orderId: b1.orderId }).executedQty).toBe('0.000');

    // The next buyer takes a's remainder before b's order (time priority at 80000).
    core.placeOrder('d', 6, limit('BUY', '80000.0', '0.002'));
    expect(fills.slice(2).map((f) => [f.makerAccount, f.qty])).toEqual([
      ['a', 0.001],
      ['b', 0.001],
    ]);
  });

  it('rests the remainder of a partially filled order at its own limit', () => {
    const { core, fills } = makeCore();
    core.placeOrder('a', 1, limit('SELL', '80000.0', '0.001'));
    const d = core.placeOrder('d', 2, limit('BUY', '80005.0', '0.003'));
    expect(fills).toHaveLength(1);
    expect(fills[0]!.price).toBe(80000);
    expect(d.status).toBe('PARTIALLY_FILLED');
    expect(core.bookTop('BTCUSDT')).toEqual({ bid: 80005 });
    const open = core.openOrders('d', 3, 'BTCUSDT');
    expect(open).toHaveLength(1);
    expect(open[0]!.origQty).toBe('0.003');
    expect(open[0]!.executedQty).toBe('0.001');
    expect(open[0]!.price).toBe('80005.0');
    // A seller at a lower price trades at the resting bid's price.
    core.placeOrder('b', 4, limit('SELL', '79000.0', '0.002'));
    expect(fills[1]!.price).toBe(80005);
    expect(core.openOrderCount('d', 'BTCUSDT')).toBe(0);
    expect(core.bookTop('BTCUSDT')).toEqual({});
  });

  it('STP EXPIRE_TAKER: an order meeting its own account expires its remainder, earlier fills stand', () => {
    const { core, fills } = makeCore();
    core.placeOrder('b', 1, limit('SELL', '79990.0', '0.001'));
    const own = core.placeOrder('a', 2, limit('SELL', '80000.0', '0.001'));
    const t = core.placeOrder('a', 3, limit('BUY', '80010.0', '0.002'));
    expect(fills.map((f) => f.makerAccount)).toEqual(['b']);
    expect(t.status).toBe('EXPIRED_IN_MATCH');
    expect(t.executedQty).toBe('0.001');
    expect(t.selfTradePreventionMode).toBe('EXPIRE_TAKER');
    expect(core.openOrders('a', 4, 'BTCUSDT').map((r) => r.orderId)).toEqual([own.orderId]);
    expect(core.bookTop('BTCUSDT')).toEqual({ ask: 80000 });
    expect(core.positionOf('a', 'BTCUSDT').amt).toBe(0.001);
  });

  it('STP EXPIRE_MAKER on request: the own resting order expires and the taker goes on', () => {
    const { core, fills } = makeCore();
    const own = core.placeOrder('a', 1, limit('SELL', '80000.0', '0.001'));
    core.placeOrder('b', 2, limit('SELL', '80001.0', '0.001'));
    const t = core.placeOrder('a', 3, limit('BUY', '80010.0', '0.001', { selfTradePreventionMode: 'EXPIRE_MAKER' }));
    expect(t.status).toBe('FILLED');
    expect(fills.map((f) => [f.makerAccount, f.price])).toEqual([['b', 80001]]);
    expect(core.getOrder('a', 4, 'BTCUSDT', { orderId: own.orderId }).status).toBe('EXPIRED_IN_MATCH');
    expect(core.openOrderCount('a', 'BTCUSDT')).toBe(0);
  });

  it('GTX is rejected with -5022 when it would cross and rests when it would not', () => {
    const { core } = makeCore();
    core.placeOrder('b', 1, limit('SELL', '80000.0', '0.001'));
    const e = errorOf(() => core.placeOrder('a', 2, limit('BUY', '80000.0', '0.001', { timeInForce: 'GTX' })));
    expect(e.code).toBe(-5022);
    expect(e.message).toContain('the Post Only order will be rejected');
    expect(core.openOrderCount('a', 'BTCUSDT')).toBe(0);
    const ok = core.placeOrder('a', 3, limit('BUY', '79999.9', '0.001', { timeInForce: 'GTX' }));
    expect(ok.status).toBe('NEW');
    expect(ok.timeInForce).toBe('GTX');
    expect(core.bookTop('BTCUSDT')).toEqual({ bid: 79999.9, ask: 80000 });
  });

  it('IOC and MARKET remainders expire; FOK fills completely or not at all', () => {
    const { core, fills } = makeCore();
    core.placeOrder('b', 1, limit('SELL', '80000.0', '0.002'));
    const fok = core.placeOrder('a', 2, limit('BUY', '80000.0', '0.003', { timeInForce: 'FOK' }));
    expect(fok.status).toBe('EXPIRED');
    expect(fills).toHaveLength(0);
    const ioc = core.placeOrder('a', 3, limit('BUY', '80000.0', '0.001', { timeInForce: 'IOC' }));
    expect(ioc.status).toBe('FILLED');
    const mkt = core.placeOrder('a', 4, { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.003' });
    expect(mkt.status).toBe('EXPIRED');
    expect(mkt.executedQty).toBe('0.001');
    expect(mkt.price).toBe('0');
    expect(core.openOrderCount('a', 'BTCUSDT')).toBe(0);
    expect(core.bookTop('BTCUSDT')).toEqual({});
  });

  it('cancel: unknown or already closed orders give -2011; getOrder finds closed ones, else -2013', () => {
    const { core } = makeCore();
    expect(errorOf(() => core.cancelOrder('a', 1, 'BTCUSDT', { orderId: 999 })).code).toBe(-2011);
    const o = core.placeOrder('a', 2, limit('BUY', '79000.0', '0.001', { newClientOrderId: 'q-1' }));
    expect(errorOf(() => core.placeOrder('a', 3, limit('BUY', '79000.0', '0.001', { newClientOrderId: 'q-1' }))).code).toBe(
      -4116,
    );
    expect(errorOf(() => core.cancelOrder('b', 4, 'BTCUSDT', { orderId: o.orderId })).code).toBe(-2011);
    const c = core.cancelOrder('a', 5, 'BTCUSDT', { origClientOrderId: 'q-1' });
    expect(c.status).toBe('CANCELED');
    const e = errorOf(() => core.cancelOrder('a', 6, 'BTCUSDT', { orderId: o.orderId }));
    expect([e.code, e.message, e.httpStatus]).toEqual([-2011, '-2011: Unknown order sent.', 400]);
    expect(core.getOrder('a', 7, 'BTCUSDT', { origClientOrderId: 'q-1' }).status).toBe('CANCELED');
    expect(errorOf(() => core.getOrder('a', 8, 'BTCUSDT', { orderId: 12345 })).code).toBe(-2013);
    // The client id is free again once the order is closed.
    expect(core.placeOrder('a', 9, limit('BUY', '79000.0', '0.001', { newClientOrderId: 'q-1' })).status).toBe('NEW');
    core.placeOrder('a', 10, limit('SELL', '81000.0', '0.001'));
    core.cancelAll('a', 11, 'BTCUSDT');
    expect(core.openOrderCount('a', 'BTCUSDT')).toBe(0);
    expect(core.bookTop('BTCUSDT')).toEqual({});
    expect(errorOf(() => core.balance('nobody', 12)).code).toBe(-2015);
  });

  it('keeps a bounded order history', () => {
    const { core } = makeCore({ historyLimit: 3 });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const o = core.placeOrder('a', i, limit('BUY', '79000.0', '0.001'));
      core.cancelOrder('a', i, 'BTCUSDT', { orderId: o.orderId });
      ids.push(o.orderId);
    }
    expect(errorOf(() => core.getOrder('a', 10, 'BTCUSDT', { orderId: ids[0]! })).code).toBe(-2013);
    expect(core.getOrder('a', 10, 'BTCUSDT', { orderId: ids[4]! }).status).toBe('CANCELED');
  });

  it('is deterministic: order ids from one counter, same calls give the same fills', () => {
    const run = () => {
      const { core, fills } = makeCore();
      const ids = [
        core.placeOrder('a', 1, limit('SELL', '80000.0', '0.002')).orderId,
        core.placeOrder('b', 2, limit('BUY', '80000.0', '0.003')).orderId,
        core.placeOrder('c', 3, limit('SELL', '79000.0', '0.001')).orderId,
      ];
      return { ids, fills };
    };
    const r1 = run();
    expect(r1.ids).toEqual([1, 2, 3]);
    expect(run()).toEqual(r1);
  });
});
