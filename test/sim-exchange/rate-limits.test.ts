import { describe, expect, it } from 'vitest';
import { SlidingWindow } from '../../src/sim-exchange/rate-limits.js';
import { errorOf, limit, makeCore } from './helpers.js';

describe('rate limits', () => {
  it('answers 429 / -1003 past the weight limit and recovers as the window slides', () => {
    const { core } = makeCore({ limits: { weightPerMinute: 20, ordersPer10s: 300, ordersPerMinute: 1200 } });
    for (let i = 0; i < 4; i++) core.balance('a', 1000 * i); // 4 × 5 = 20
    expect(core.rateLimitUsage('a', 3000).usedWeight1m).toBe(20);
    const e = errorOf(() => core.positionRisk('a', 4000));
    expect([e.code, e.httpStatus]).toEqual([-1003, 429]);
    expect(errorOf(() => core.openOrders('a', 59_999, 'BTCUSDT')).code).toBe(-1003);
    // Order placement weighs 0: still accepted while the weight is exhausted.
    expect(core.placeOrder('a', 59_999, limit('BUY', '79000.0', '0.001')).status).toBe('NEW');
    // At t = 60 000 the call made at t = 0 has left the window.
    expect(core.rateLimitUsage('a', 60_000).usedWeight1m).toBe(15);
    expect(core.balance('a', 60_000)).toHaveLength(1);
    expect(errorOf(() => core.openOrders('a', 60_000, 'BTCUSDT')).code).toBe(-1003);
    expect(core.openOrders('a', 61_000, 'BTCUSDT')).toHaveLength(1);
    // Other accounts have their own budget.
    expect(core.balance('b', 4000)).toHaveLength(1);
  });

  it('openOrders without a symbol weighs 40', () => {
    const { core } = makeCore({ limits: { weightPerMinute: 44, ordersPer10s: 300, ordersPerMinute: 1200 } });
    core.openOrders('a', 0);
    expect(core.rateLimitUsage('a', 0).usedWeight1m).toBe(40);
    expect(errorOf(() => core.balance('a', 1)).code).toBe(-1003);
  });

  it('answers 429 / -1015 past the order-count limits', () => {
    const { core } = makeCore({ limits: { weightPerMinute: 2400, ordersPer10s: 3, ordersPerMinute: 5 } });
    for (let i = 0; i < 3; i++) core.placeOrder('a', i, limit('BUY', '79000.0', '0.001'));
    const e = errorOf(() => core.placeOrder('a', 9_999, limit('BUY', '79000.0', '0.001')));
    expect([e.code, e.httpStatus]).toEqual([-1015, 429]);
    expect(core.rateLimitUsage('a', 9_999)).toEqual({ usedWeight1m: 0, orderCount10s: 3, orderCount1m: 3 });
    core.placeOrder('a', 10_000, limit('BUY', '79000.0', '0.001'));
    core.placeOrder('a', 10_001, limit('BUY', '79000.0', '0.001'));
    // 10 s window has room (2), the minute window is full (5).
    expect(errorOf(() => core.placeOrder('a', 10_002, limit('BUY', '79000.0', '0.001'))).code).toBe(-1015);
    expect(core.openOrderCount('a', 'BTCUSDT')).toBe(5);
  });

  it('counts calls and the busiest minute, including refused calls', () => {
    const { core } = makeCore({ limits: { weightPerMinute: 10, ordersPer10s: 300, ordersPerMinute: 1200 } });
    core.balance('a', 0);
    core.balance('a', 1);
    errorOf(() => core.balance('a', 2));
    core.balance('a', 120_000);
    expect(core.apiStats('a')).toEqual({ calls: 4, maxCallsPerMinute: 3, maxWeightPerMinute: 10 });
    core.bookTop('BTCUSDT');
    core.positionOf('a', 'BTCUSDT');
    expect(core.apiStats('a').calls).toBe(4);
  });

  it('SlidingWindow keeps exact sums across ring growth', () => {
    const w = new SlidingWindow(1000, 4);
    for (let t = 0; t < 500; t++) w.add(t, 2);
    expect(w.sum(499)).toBe(1000);
    expect(w.sum(1000)).toBe(2 * 499); // t = 0 left
    expect(w.sum(1499)).toBe(0);
    w.add(1500, 3);
    expect(w.sum(1500)).toBe(3);
  });
});
