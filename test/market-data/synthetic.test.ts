import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../src/engine/rng.js';
import { SyntheticSource, type SyntheticConfig } from '../../src/market-data/synthetic.js';
import { drain } from './helpers.js';

const base: SyntheticConfig = {
  kind: 'synthetic',
  start_price: 50_000,
  drift_pct_per_day: 0,
  vol_pct_per_sqrt_day: 2,
  rate_hz: 10,
  arrivals: 'regular',
  spread_ticks: 1,
  shocks: [],
  gaps: [],
};
const START = Date.UTC(2025, 0, 1);
const MIN = 60_000;

function gen(cfg: Partial<SyntheticConfig>, seed = 's', durationMs = 10 * MIN, tickSize = 0.1) {
  return new SyntheticSource(
    { ...base, ...cfg },
    { symbol: 'BTCUSDT', startMs: START, durationMs, tickSize, rng: new SeededRng(seed) },
  );
}
const mid = (t: { bid: number; ask: number }) => (t.bid + t.ask) / 2;

describe('synthetic ticks', () => {
  it('same seed, same ticks; different seed, different ticks', () => {
    const a = drain(gen({}, 'one'));
    const b = drain(gen({}, 'one'));
    const c = drain(gen({}, 'two'));
    expect(a).toEqual(b);
    expect(a.map(mid)).not.toEqual(c.map(mid));
  });

  it('prices are on the tick, spread is spread_ticks, first tick at start', () => {
    for (const [tick, spread] of [
      [0.1, 1],
      [0.01, 3],
      [0.5, 2],
    ] as const) {
      const ticks = drain(gen({ spread_ticks: spread, vol_pct_per_sqrt_day: 20 }, 'x', 5 * MIN, tick));
      expect(ticks[0]!.t).toBe(START);
      for (const t of ticks) {
        expect(Math.abs(t.bid / tick - Math.round(t.bid / tick))).toBeLessThan(1e-6);
        expect(Math.round((t.ask - t.bid) / tick)).toBe(spread);
        expect(t.bidQty).toBeGreaterThan(0);
      }
      expect(Math.abs(mid(ticks[0]!) - 50_000)).toBeLessThanOrEqual(tick);
    }
  });

  it('regular rate: exactly rate_hz updates per second, evenly spaced, ending before start + duration', () => {
    const ticks = drain(gen({ rate_hz: 10 }));
    expect(ticks).toHaveLength(6000);
    expect(ticks[1]!.t - ticks[0]!.t).toBe(100);
    expect(ticks.at(-1)!.t).toBeLessThan(START + 10 * MIN);
  });

  it('poisson rate: about rate_hz updates per second, times non-decreasing', () => {
    const ticks = drain(gen({ rate_hz: 5, arrivals: 'poisson' }));
    expect(ticks.length).toBeGreaterThan(3000 * 0.93);
    expect(ticks.length).toBeLessThan(3000 * 1.07);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.t).toBeGreaterThanOrEqual(ticks[i - 1]!.t);
  });

  it('drift sign shows over a long run', () => {
    for (const drift of [5, -5]) {
      const src = gen({ drift_pct_per_day: drift, vol_pct_per_sqrt_day: 1, rate_hz: 1 }, 'drift', 10 * 86_400_000);
      let last;
      for (let t = src.next(); t; t = src.next()) last = t;
      const change = mid(last!) / 50_000 - 1;
      expect(Math.sign(change)).toBe(Math.sign(drift));
      expect(Math.abs(change)).toBeGreaterThan(0.3);
    }
  });

  it('realised volatility matches vol_pct_per_sqrt_day', () => {
    const ticks = drain(gen({ vol_pct_per_sqrt_day: 10, rate_hz: 1 }, 'vol', 86_400_000));
    let ss = 0;
    for (let i = 60; i < ticks.length; i += 60) ss += Math.log(mid(ticks[i]!) / mid(ticks[i - 60]!)) ** 2;
    expect(Math.sqrt(ss) * 100).toBeGreaterThan(9);
    expect(Math.sqrt(ss) * 100).toBeLessThan(11);
  });

  it('gap windows produce no ticks', () => {
    const ticks = drain(
      gen({
        gaps: [
          { at_min: 2, duration_min: 1 },
          { at_min: 5, duration_min: 0.5 },
        ],
      }),
    );
    const inGap = ticks.filter(
      (t) => (t.t >= START + 2 * MIN && t.t < START + 3 * MIN) || (t.t >= START + 5 * MIN && t.t < START + 5.5 * MIN),
    );
    expect(inGap).toHaveLength(0);
    expect(ticks.some((t) => t.t === START + 3 * MIN)).toBe(true);
    expect(ticks).toHaveLength(6000 - 600 - 300);
  });

  it('a scheduled shock moves the price and partly recovers', () => {
    const ticks = drain(
      gen({
        vol_pct_per_sqrt_day: 0.5,
        shocks: [{ at_min: 2, move_pct: -8, over_min: 1, recover_pct: 50, recover_over_min: 2 }],
      }),
    );
    const at = (m: number) => mid(ticks.find((t) => t.t >= START + m * MIN)!);
    expect(at(3) / at(2) - 1).toBeCloseTo(-0.08, 2);
    expect(at(5.5) / at(2) - 1).toBeCloseTo(-0.04, 2);
  });

  it('jumps and regimes are seeded and change the path', () => {
    const plain = drain(gen({}, 'j'));
    const jumps = drain(gen({ jumps: { rate_per_day: 5000, mean_pct: -1, std_pct: 0.5 } }, 'j'));
    expect(drain(gen({ jumps: { rate_per_day: 5000, mean_pct: -1, std_pct: 0.5 } }, 'j'))).toEqual(jumps);
    expect(mid(jumps.at(-1)!)).toBeLessThan(mid(plain.at(-1)!) * 0.9);
    const reg = drain(
      gen(
        {
          regimes: {
            calm_mean_duration_min: 1,
            start: 'volatile',
            volatile: { drift_pct_per_day: 0, vol_pct_per_sqrt_day: 50, mean_duration_min: 1, spread_ticks: 4 },
          },
        },
        'r',
      ),
    );
    const spreads = new Set(reg.map((t) => Math.round((t.ask - t.bid) * 10)));
    expect(spreads).toEqual(new Set([1, 4]));
  });

  it('generates a day at 10 Hz quickly', () => {
    const t0 = performance.now();
    const src = gen({}, 'perf', 86_400_000);
    let n = 0;
    while (src.next()) n++;
    expect(n).toBe(864_000);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
