import { describe, expect, it } from 'vitest';
import { BookTickerCsvSource } from '../../src/market-data/bookticker-csv.js';
import { SeededRng } from '../../src/engine/rng.js';
import { openPriceSource, parsePriceSource } from '../../src/market-data/price-source.js';
import { LoopSource } from '../../src/market-data/loop-source.js';
import { SummarySource } from '../../src/market-data/summary-source.js';
import { ConcatSource, ScaleSource, WindowSource, rebase } from '../../src/market-data/transform.js';
import { BT_HEADER, btRows, drain, tmpDir, write } from './helpers.js';

const T0 = 1_700_000_000_000;
const START = Date.UTC(2025, 0, 1);

describe('combinators', () => {
  const dir = tmpDir();
  const d1 = write(dir, 'd1.csv', [BT_HEADER, ...btRows(10, T0)]); // T0 .. T0+900, bid 100.0 .. 100.9
  const d2 = write(dir, 'd2.csv', btRows(10, T0 + 1000, 100, 101)); // T0+1000 .. T0+1900
  const overlap = write(dir, 'd3.csv', btRows(5, T0 + 1500, 100, 200)); // goes back in time vs d2's end
  const open = (f: string) => () => new BookTickerCsvSource(f);

  it('concat joins files in order and drops ticks going back across a boundary', () => {
    const c = new ConcatSource([open(d1), open(d2), open(overlap)]);
    const ticks = drain(c);
    expect(ticks).toHaveLength(20 + 1); // d3: T0+1500..1800 dropped, T0+1900 kept (equal time)
    expect(ticks[10]!.t).toBe(T0 + 1000);
    expect(c.stats()).toMatchObject({ rowsRead: 25, outOfOrderDropped: 4 });
  });

  it('window keeps from ≤ t < to', () => {
    const w = new WindowSource(new ConcatSource([open(d1), open(d2)]), T0 + 500, T0 + 1200);
    expect(drain(w).map((t) => t.t - T0)).toEqual([500, 600, 700, 800, 900, 1000, 1100]);
  });

  it('rebase shifts the first tick to the start', () => {
    const r = rebase(new BookTickerCsvSource(d1), START);
    const ticks = drain(r);
    expect(ticks[0]!.t).toBe(START);
    expect(ticks[9]!.t).toBe(START + 900);
  });

  it('scale multiplies prices and re-snaps to the tick, keeping at least one tick of spread', () => {
    const s = new ScaleSource(new BookTickerCsvSource(d1), 1.2345, 0.1, 10);
    const ticks = drain(s);
    expect(ticks[0]!.bid).toBe(123.4); // 100 × 1.2345 = 123.4499… → 123.4
    expect(ticks[0]!.ask).toBe(123.6); // 100.1 × 1.2345 = 123.573… → 123.6
    for (const t of ticks) {
      expect(Math.abs(t.bid * 10 - Math.round(t.bid * 10))).toBeLessThan(1e-9);
      expect(t.ask - t.bid).toBeGreaterThanOrEqual(0.1 - 1e-9);
    }
    const tiny = drain(new ScaleSource(new BookTickerCsvSource(d1), 0.001, 0.1, 10));
    expect(tiny[0]).toMatchObject({ bid: 0.1, ask: 0.2 });
  });

  it('loop replays the tape with continuous prices and counts seams', () => {
    const l = new SummarySource(new LoopSource(open(d1), { tickSize: 0.1, pow10: 10, untilMs: T0 + 2950 }), 1000);
    const ticks = drain(l);
    expect(ticks).toHaveLength(30);
    expect(ticks.map((t) => t.t - T0).slice(8, 12)).toEqual([800, 900, 1000, 1100]);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.t).toBeGreaterThan(ticks[i - 1]!.t);
    // Continuous: the second pass starts at the first pass's last mid (no jump back to 100).
    expect(ticks[10]!.bid).toBeCloseTo(ticks[9]!.bid, 6);
    expect(ticks[29]!.bid).toBeGreaterThan(ticks[19]!.bid);
    expect(l.summary()).toMatchObject({ rows: 30, seams: 2, gapCount: 0 });
    const rep = drain(new LoopSource(open(d1), { tickSize: 0.1, pow10: 10, untilMs: T0 + 1950, continuous: false, gapMs: 50 }));
    expect(rep[10]).toMatchObject({ t: T0 + 950, bid: 100 });
  });

  it('price source wires window, scale, loop and rebase together', () => {
    const cfg = parsePriceSource(
      {
        kind: 'bookticker_csv',
        files: ['d1.csv', 'd2.csv'],
        from: T0 + 500,
        to: T0 + 1500,
        scale: 2,
        loop: { gap_ms: 100, continuous: false },
      },
      'f',
      'p',
    );
    const src = openPriceSource(cfg, {
      symbol: 'BTCUSDT',
      startMs: START,
      durationMs: 3000,
      tickSize: 0.1,
      rng: new SeededRng('x'),
      baseDir: dir,
    });
    const ticks = drain(src);
    expect(ticks).toHaveLength(30);
    expect(ticks[0]).toMatchObject({ t: START, bid: 201 });
    expect(ticks[10]).toMatchObject({ t: START + 1000, bid: 201 });
    expect(src.summary()).toMatchObject({ rows: 30, seams: 2, firstT: START, lastT: START + 2900 });
  });
});
