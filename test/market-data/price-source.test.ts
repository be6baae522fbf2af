import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../src/engine/rng.js';
import { ConfigError } from '../../src/config/config-error.js';
import { openPriceSource, parsePriceSource, type PriceSourceConfig } from '../../src/market-data/price-source.js';
import { BT_HEADER, btRows, drain, tmpDir, write } from './helpers.js';

const START = Date.UTC(2025, 0, 1);
const T0 = 1_700_000_000_000;
const ctx = (baseDir: string, durationMs = 3_600_000) => ({
  symbol: 'BTCUSDT',
  startMs: START,
  durationMs,
  tickSize: 0.1,
  rng: new SeededRng('ps'),
  baseDir,
});

function parseErr(raw: unknown): ConfigError {
  try {
    parsePriceSource(raw, 'sc.yaml', 'symbols[0].source');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('parsePriceSource', () => {
  it('applies defaults', () => {
    expect(parsePriceSource({ kind: 'synthetic' }, 'f', 'p')).toEqual({
      kind: 'synthetic',
      drift_pct_per_day: 0,
      rate_hz: 10,
      arrivals: 'regular',
      spread_ticks: 1,
      shocks: [],
      gaps: [],
    });
    expect(parsePriceSource({ kind: 'bookticker_csv', file: 'a.csv' }, 'f', 'p')).toEqual({
      kind: 'bookticker_csv',
      files: ['a.csv'],
      rebase: true,
      scale: 1,
      loop: false,
      gap_threshold_ms: 5000,
      on_bad_row: 'error',
    });
    const tr = parsePriceSource({ kind: 'trades_csv', files: ['a.csv'], half_spread_bps: 1 }, 'f', 'p');
    expect(tr).toMatchObject({ half_spread: { bps: 1 } });
    expect(parsePriceSource({ kind: 'aggtrades_csv', files: ['a.csv'] }, 'f', 'p')).toMatchObject({
      half_spread: { ticks: 0.5 },
    });
    expect(
      parsePriceSource(
        { kind: 'bookticker_csv', file: 'a', from: '2024-07-19', to: '2024-07-19T00:05:00Z', loop: true },
        'f',
        'p',
      ),
    ).toMatchObject({
      from: Date.UTC(2024, 6, 19),
      to: Date.UTC(2024, 6, 19, 0, 5),
      loop: { continuous: true },
    });
  });

  it('names the key of unknown keys and wrong types', () => {
    let e = parseErr({ kind: 'synthetic', vol: 3 });
    expect(e.file).toBe('sc.yaml');
    expect(e.where).toBe('symbols[0].source.vol');
    expect(e.problem).toMatch(/unknown key/);
    e = parseErr({ kind: 'synthetic', rate_hz: 'fast' });
    expect(e.where).toBe('symbols[0].source.rate_hz');
    expect(e.problem).toMatch(/expected a number/);
    e = parseErr({ kind: 'bookticker_csv', files: 'a.csv' });
    expect(e.where).toBe('symbols[0].source.files');
    e = parseErr({ kind: 'bookticker_csv', files: ['a'], half_spread_ticks: 1 });
    expect(e.where).toBe('symbols[0].source.half_spread_ticks');
    e = parseErr({ kind: 'nope' });
    expect(e.where).toBe('symbols[0].source.kind');
    e = parseErr({ kind: 'synthetic', shocks: [{ at_min: 1, move_pct: -8, over_min: 5, bogus: 1 }] });
    expect(e.where).toBe('symbols[0].source.shocks[0].bogus');
    e = parseErr({
      kind: 'synthetic',
      regimes: { calm_mean_duration_min: 10, volatile: { vol_pct_per_sqrt_day: 'x', mean_duration_min: 1 } },
    });
    expect(e.where).toBe('symbols[0].source.regimes.volatile.vol_pct_per_sqrt_day');
    e = parseErr({ kind: 'bookticker_csv', file: 'a', loop: { gap: 1 } });
    expect(e.where).toBe('symbols[0].source.loop.gap');
    e = parseErr('synthetic');
    expect(e.where).toBe('symbols[0].source');
  });
});

describe('openPriceSource', () => {
  const dir = tmpDir();
  write(dir, 'day1.csv', [BT_HEADER, ...btRows(100, T0)]);
  write(dir, 'day2.csv', [BT_HEADER, ...btRows(100, T0 + 10_000 + 3000, 100, 110)]);

  it('resolves relative files, concatenates, rebases and summarises', () => {
    const cfg = parsePriceSource({ kind: 'bookticker_csv', files: ['day1.csv', 'day2.csv'], gap_threshold_ms: 1000 }, 'f', 'p');
    const src = openPriceSource(cfg, ctx(dir, 23_000));
    const ticks = drain(src);
    expect(ticks).toHaveLength(200);
    expect(ticks[0]!.t).toBe(START);
    expect(ticks[100]!.t).toBe(START + 13_000);
    const s = src.summary();
    expect(s).toMatchObject({
      rows: 200,
      firstT: START,
      lastT: START + 13_000 + 9_900,
      gapCount: 1,
      longestGapMs: 3100,
      outOfOrderDropped: 0,
    });
    expect(s.gaps).toEqual([{ from: START + 9_900, to: START + 13_000 }]);
  });

  it('cuts at the scenario end and keeps absolute times without rebase', () => {
    const cfg = parsePriceSource({ kind: 'bookticker_csv', files: [path.join(dir, 'day1.csv')], rebase: false }, 'f', 'p');
    const src = openPriceSource(cfg, { ...ctx(dir, 5_050), startMs: T0 });
    const ticks = drain(src);
    expect(ticks[0]!.t).toBe(T0);
    expect(ticks).toHaveLength(51);
  });

  it('opens synthetic sources with calibrated defaults', () => {
    const cfg = parsePriceSource({ kind: 'synthetic' }, 'f', 'p') as PriceSourceConfig;
    const src = openPriceSource(cfg, ctx(dir, 60_000));
    const ticks = drain(src);
    expect(ticks).toHaveLength(600);
    expect(ticks[0]!.t).toBe(START);
    expect(ticks[0]!.bid).toBeGreaterThan(10_000);
    expect(src.summary().rows).toBe(600);
    expect(() => openPriceSource(cfg, { ...ctx(dir), symbol: 'DOGEUSDT' })).toThrow(/start_price/);
  });
});
