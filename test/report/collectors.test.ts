import { describe, expect, it } from 'vitest';
import { BucketSeries } from '../../src/report/bucket-series.js';
import { BUCKET_BPS, DistanceHistogram } from '../../src/report/fill-distance.js';
import { SeededRng } from '../../src/engine/rng.js';
import { FakeWorld, fill, makeStats, START } from './helpers.js';
import { buildTimeSections } from '../../src/report/report-time.js';
import { defaultRoster } from '../../src/engine/roster.js';

describe('fill-distance histogram', () => {
  it('reports each percentile at most one bucket above the exact nearest-rank value, and the exact max', () => {
    const rng = new SeededRng('hist');
    const h = new DistanceHistogram();
    const xs: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const x = rng.next() < 0.7 ? rng.next() * 20 : 45 + rng.next() * 10;
      xs.push(x);
      h.add(x);
    }
    xs.sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99]) {
      const exact = xs[Math.ceil(q * xs.length) - 1]!;
      const got = h.quantile(q);
      expect(got).toBeGreaterThanOrEqual(exact);
      expect(got - exact).toBeLessThanOrEqual(BUCKET_BPS + 1e-9);
    }
    expect(h.max).toBe(xs[xs.length - 1]);
    expect(h.quantile(1)).toBe(h.max);
  });

  it('keeps distances beyond its range in the overflow bucket and answers them with the max', () => {
    const h = new DistanceHistogram();
    h.add(1);
    h.add(5000);
    expect(h.quantile(0.99)).toBe(5000);
    expect(new DistanceHistogram().quantile(0.5)).toBe(0);
  });
});

describe('bucket series', () => {
  it('holds at most its capacity whatever the length of the run, and keeps the extremes when merging', () => {
    const s = new BucketSeries<{ max: number; n: number }>(
      0,
      10,
      8,
      () => ({ max: -Infinity, n: 0 }),
      (a, b) => {
        a.max = Math.max(a.max, b.max);
        a.n += b.n;
      },
    );
    for (let t = 0; t < 10_000; t += 10) {
      const b = s.at(t);
      b.max = Math.max(b.max, t === 5000 ? 1e9 : t % 97);
      b.n++;
    }
    const e = s.entries();
    expect(e.length).toBeLessThanOrEqual(8);
    expect(e.length).toBeGreaterThanOrEqual(4);
    expect(e.reduce((n, [, b]) => n + b.n, 0)).toBe(1000);
    expect(Math.max(...e.map(([, b]) => b.max))).toBe(1e9);
    expect(s.bucketMs * 8).toBeGreaterThanOrEqual(10_000);
  });
});

describe('RunStats time-resolved collectors', () => {
  it('puts fills in the window of their time, and a look at the very end in the last window', () => {
    const w = new FakeWorld();
    w.mids.set('BTCUSDT', 64000);
    const stats = makeStats(w, { endMs: START + 180_000 });
    stats.onFill(fill(START + 1000, 'mm-l1-buy-05bps', 'mm-taker-1', 64000), () => 0.001);
    stats.onFill(fill(START + 61_000, 'mm-anchor', 'mm-taker-2', 64000), () => 0.001);
    stats.onFill(fill(START + 180_000, 'mm-anchor', 'mm-taker-2', 64000), () => 0.001);
    w.t = START + 180_000;
    stats.finish();
    const t = buildTimeSections(stats, defaultRoster(), ['BTC-PERP']);
    expect(t.windows.map((x) => [x.start_s, x.end_s])).toEqual([
      [0, 60],
      [60, 120],
      [120, 180],
    ]);
    expect(t.windows.map((x) => x.funnel['BTC-PERP']!.anchor.maker_fills)).toEqual([0, 1, 1]);
    expect(t.windows[0]!.funnel['BTC-PERP']!.L1).toMatchObject({ fills: 1, maker_fills: 1, taker_fills: 0 });
    expect(t.windows[0]!.funnel['BTC-PERP']!.taker).toMatchObject({ fills: 1, maker_fills: 0, taker_fills: 1 });
  });

  it('books each window the change of the cumulative figures between its boundary samples', () => {
    const w = new FakeWorld();
    w.mids.set('BTCUSDT', 64000);
    const stats = makeStats(w, { endMs: START + 120_000 });
    for (let t = START; t <= START + 120_000; t += 10_000) {
      w.t = t;
      w.calls = (t - START) / 1000; // one call per second
      w.feesBy.set('mm-anchor', (t - START) / 100_000);
      stats.sampleAll();
    }
    stats.finish();
    const t = buildTimeSections(stats, defaultRoster(), ['BTC-PERP']);
    expect(t.windows.map((x) => x.api_calls)).toEqual([60, 60]);
    expect(t.windows.map((x) => x.pnl_usdc.anchor!.fees_usdc)).toEqual([0.6, 0.6]);
  });

  it('measures fill distance against the mid at that moment, and counts fills outside the tape range so far', () => {
    const w = new FakeWorld();
    w.mids.set('BTCUSDT', 10_000);
    w.ranges.set('BTCUSDT', { lo: 9990, hi: 10_010 });
    const stats = makeStats(w);
    stats.onFill(fill(START, 'mm-anchor', 'mm-taker-1', 10_050), () => 0);
    stats.onFill(fill(START, 'mm-l1-buy-05bps', 'mm-taker-1', 9995), () => 0);
    const t = buildTimeSections(stats, defaultRoster(), ['BTC-PERP']);
    expect(t.fill_distance_bps['BTC-PERP']!.anchor).toMatchObject({ fills: 1, max: 50 });
    expect(t.fill_distance_bps['BTC-PERP']!.L1.max).toBe(5);
    expect(t.fill_distance_bps['BTC-PERP']!.taker).toMatchObject({ fills: 2, max: 50 });
    expect(t.fills_outside_tape_range).toEqual({ 'BTC-PERP': 1 });
    expect(t.counterparty['BTC-PERP']!.anchor!.taker!.fills).toBe(1);
    expect(t.counterparty['BTC-PERP']!.L1!.taker!.fills).toBe(1);
    expect(t.counterparty['BTC-PERP']!.external).toBeUndefined();
  });

  it('records the first gated sample per pair and the share gated after it', () => {
    const w = new FakeWorld();
    w.mids.set('BTCUSDT', 100_000);
    const stats = makeStats(w, { cap: 150 });
    for (let k = 0; k < 10; k++) {
      w.t = START + k * 10_000;
      // From the 4th sample on, one more order (0.001 × 100 000 = 100) would take 60 + 100 over 150.
      w.pos.set('mm-l1-buy-05bps/BTCUSDT', k >= 3 ? 0.0006 : 0);
      stats.sampleAll();
    }
    const p = stats.pair('mm-l1-buy-05bps', 'BTCUSDT');
    expect(p.first_gated_ms).toBe(START + 30_000);
    expect(p.samples_gated).toBe(7);
    const g = buildTimeSections(stats, defaultRoster(), ['BTC-PERP']).gating.L1;
    expect(g.pairs_gated).toBe(1);
    expect(g.first_gated_s).toEqual({ min: 30, median: 30, max: 30 });
    expect(g.gated_pct_after_first).toBe(100);
  });

  it('sees orders resting through the mid, per role, for as many samples as they stay there', () => {
    const w = new FakeWorld();
    w.mids.set('BTCUSDT', 100);
    const stats = makeStats(w);
    w.resting = [
      { symbol: 'BTCUSDT', account: 'mm-taker-1', side: 'SELL', price: 99.5, id: 7 }, // through the mid
      { symbol: 'BTCUSDT', account: 'mm-anchor', side: 'BUY', price: 99.99, id: 8 }, // right side
    ];
    for (let k = 0; k < 3; k++) {
      w.t = START + k * 10_000;
      stats.sampleAll();
    }
    w.resting = [];
    stats.sampleAll();
    const r = buildTimeSections(stats, defaultRoster(), ['BTC-PERP']).resting_through_mid;
    expect(r.taker).toEqual({ orders: 1, order_seconds: 30, mean_s: 30, max_s: 30 });
    expect(r.anchor).toEqual({ orders: 0, order_seconds: 0, mean_s: 0, max_s: 0 });
  });
});
