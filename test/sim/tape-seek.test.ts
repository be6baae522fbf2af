/**
 * The skipping tape cursor (tape-cursor.ts, tick-span.ts): on a multi-block indexed tape, a
 * cursor nobody listens to per tick sees, at every read time, what a per-tick pass sees — the
 * latest tick, ticks read, the price range, the reading summary (with the reader's counters);
 * the reader's own skip keeps its counters and position — and the fleet's feed gives the same mid and age. Edges: before the first tick, on
 * the ticks either side of a block boundary (two ticks at one time across it), after the last.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../src/engine/rng.js';
import { openPriceSource, parsePriceSource, type OpenedPriceSource } from '../../src/market-data/price-source.js';
import { BLOCK } from '../../src/market-data/tape-index-format.js';
import { buildTapeIndex, openIndexed } from '../../src/market-data/tape-index.js';
import type { Tick } from '../../src/market-data/tick-source.js';
import { newSpan } from '../../src/market-data/tick-span.js';
import { TapeRanges } from '../../src/report/tape-range.js';
import { FaultModel, NO_FAULTS } from '../../src/sim/faults.js';
import { SimFeed } from '../../src/sim/sim-feed.js';
import { TapeCursor } from '../../src/sim/tape-cursor.js';
import { BT_HEADER, drain, tmpDir } from '../market-data/helpers.js';

const T0 = 1_700_000_000_000;
const START = Date.parse('2025-01-01T00:00:00Z');
const ROWS = 2 * BLOCK + 7000;

/**
 * Irregular times (0–12 ms apart, the range's low and high mid-tape, a 6 s and a 7 s gap, two rows at one time across the first
 * block boundary), receipt times on every fifth row, a row back in time and a crossed one.
 */
function tape(dir: string): string {
  const rows: string[] = [];
  let t = T0;
  for (let i = 0; i < ROWS; i++) {
    if (i === 20_000) t += 6000;
    else if (i === 30_000) t += 7000;
    else if (i !== BLOCK) t += (i * 7) % 13; // the ticks either side of the first boundary share a time
    const bid = (100 + ((i * 37) % 91) / 10 - (i === 25_000 ? 10 : 0)).toFixed(1); // the low mid-tape
    const ask = (Number(bid) + 0.1 + (i % 3) / 10 + (i === 25_001 ? 20 : 0)).toFixed(1); // the high
    const recv = i % 5 === 0 ? `,${t + (i % 17)}` : '';
    rows.push(`${1000 + i},${bid},1.5,${ask},2.5,${t},${t + 1}${recv}`);
  }
  rows.splice(5000, 0, `77,100,1,99,1,${T0 + 50},${T0 + 50}`); // crossed: skipped
  rows.splice(9000, 0, `78,100,1,100.1,1,${T0},${T0}`); // back in time: dropped
  const f = path.join(dir, 'seek.csv');
  fs.writeFileSync(f, `${BT_HEADER}\n${rows.join('\n')}\n`);
  buildTapeIndex(f, { onBadRow: 'skip' });
  return f;
}

function open(f: string, durationMs: number, extra: object = {}): OpenedPriceSource {
  const cfg = parsePriceSource({ kind: 'bookticker_csv', file: f, on_bad_row: 'skip', ...extra }, 'sc.yaml', 'source');
  return openPriceSource(cfg, {
    symbol: 'BTCUSDT',
    startMs: START,
    durationMs,
    tickSize: 0.1,
    rng: new SeededRng('x'),
    baseDir: '/',
  });
}

interface Side {
  src: OpenedPriceSource;
  ranges: TapeRanges;
  cursor: TapeCursor;
}

/** A cursor over its own pipeline; `perTick` gives it a listener, which forbids skipping. */
function side(f: string, durationMs: number, perTick: boolean, extra: object = {}): Side {
  const src = open(f, durationMs, extra);
  const ranges = new TapeRanges();
  const cursor = new TapeCursor('BTCUSDT', ranges.wrap('BTCUSDT', src));
  if (perTick) cursor.onTick(() => {});
  return { src, ranges, cursor };
}

function seen(s: Side): unknown {
  return {
    last: s.cursor.last,
    ticksRead: s.cursor.ticksRead,
    range: s.ranges.range('BTCUSDT'),
    summary: s.src.summary(),
  };
}

describe('tape cursor skipping an indexed tape', () => {
  const dir = tmpDir();
  const f = tape(dir);
  const raw: Tick[] = drain(openIndexed(f, { onBadRow: 'skip' })!);
  const span = raw[raw.length - 1]!.t - raw[0]!.t;
  const all: Tick[] = drain(open(f, span + 1));
  // Exact read times: before the first tick, at it, the ticks either side of each block boundary
  // (indexes BLOCK − 1 and BLOCK share a time), inside the second gap, the last tick, after it.
  // No read falls in or near the first gap, so one skip takes both its sides.
  const edges = [
    START - 1,
    START,
    all[BLOCK - 2]!.t,
    all[BLOCK - 1]!.t,
    all[BLOCK]!.t,
    all[2 * BLOCK - 1]!.t - 0.5,
    all[2 * BLOCK - 1]!.t,
    all[2 * BLOCK]!.t,
    all[29_999]!.t + 3000, // inside the second gap
    all[all.length - 2]!.t,
    START + span,
    START + span + 1,
    START + span + 10_000,
  ];

  it('has the shape the edges need', () => {
    expect(all.length).toBeGreaterThan(2 * BLOCK);
    expect(all[BLOCK - 1]!.t).toBe(all[BLOCK]!.t);
  });

  it('sees at every read time what a per-tick pass sees', () => {
    const rng = new SeededRng('reads');
    const times = [...edges];
    const quiet = [all[19_900]!.t, all[20_100]!.t];
    for (let i = 0; i < 300; i++) {
      const t = START + rng.next() * span;
      if (t < quiet[0]! || t > quiet[1]!) times.push(t);
    }
    times.sort((a, b) => a - b);
    const durationMs = span + 1; // ends just after the last tick: the run's end is read through too
    const full = side(f, durationMs, true);
    const skip = side(f, durationMs, false);
    for (const now of times) {
      full.cursor.advance(now);
      skip.cursor.advance(now);
      expect(seen(skip)).toEqual(seen(full));
    }
    expect(skip.cursor.ticksRead).toBe(all.length);
    expect(skip.src.summary()).toMatchObject({ rows: all.length, gapCount: 2 });
    expect(skip.cursor.last).toEqual(all[all.length - 1]);
  });

  it('skips layers that cannot skip tick by tick, with the same result (window, scale, loop)', () => {
    const extra = { from: T0 + 10_000, to: T0 + 200_000, scale: 2, loop: true };
    const durationMs = 2 * span;
    const full = side(f, durationMs, true, extra);
    const skip = side(f, durationMs, false, extra);
    for (let now = START - 1; now <= START + durationMs + 5000; now += 1733) {
      full.cursor.advance(now);
      skip.cursor.advance(now);
      expect(seen(skip)).toEqual(seen(full));
    }
    expect(skip.src.summary().seams).toBeGreaterThan(0);
  });

  it('gives a read before the first tick nothing, and one after the last the last price', () => {
    const s = side(f, span + 1, false);
    expect(s.cursor.markAt(START - 1)).toBeUndefined();
    expect(s.cursor.ticksRead).toBe(0);
    const last = all[all.length - 1]!;
    expect(s.cursor.markAt(START + span + 60_000)).toBe((last.bid + last.ask) / 2);
    expect(s.cursor.ticksRead).toBe(all.length);
  });

  it('keeps the run-coverage check: a tape ending early fails at the read that passes its end', () => {
    const s = side(f, span + 60_000, false);
    s.cursor.advance(START + span / 2);
    expect(() => s.cursor.advance(START + span + 30_000)).toThrow(/the tape ends .* into the run/);
    expect(s.cursor.ticksRead).toBe(all.length);
  });

  it('gives the fleet the same mid and age as a feed fed every tick', () => {
    const durationMs = span + 1;
    let now = START;
    const clock = { now: () => now, sleep: () => Promise.resolve() }; // the feed only reads now()
    const faults = new FaultModel(NO_FAULTS, START);
    const skipped = new SimFeed(clock, faults);
    skipped.addSymbol(side(f, durationMs, false).cursor);
    // A feed gap far after the tape forces the per-tick listener without hiding a tick.
    const late = new FaultModel({ ...NO_FAULTS, feed_gaps: [{ from_s: 1e9, to_s: 1e9 + 1 }] }, START);
    const perTick = new SimFeed(clock, late);
    perTick.addSymbol(side(f, durationMs, false).cursor);
    for (now = START - 5; now <= START + span + 50; now += 97) {
      expect([skipped.mid('BTCUSDT'), skipped.ageMs('BTCUSDT')]).toEqual([perTick.mid('BTCUSDT'), perTick.ageMs('BTCUSDT')]);
    }
  });

  it('skips in the reader with the counters and positions of reading tick by tick', () => {
    const opts = { onBadRow: 'skip' as const };
    const a = openIndexed(f, opts)!;
    const b = openIndexed(f, opts)!;
    for (const i of [0, 4990, 9001, BLOCK - 1, BLOCK, 2 * BLOCK + 3, raw.length - 1]) {
      const until = raw[i]!.t;
      const s = newSpan();
      a.peek(); // a peeked tick goes back into its block and is taken again, in order
      const last = a.skip!(until, s);
      a.peek();
      let ref: Tick | undefined;
      for (let t = b.peek(); t !== undefined && t.t <= until; t = b.peek()) ref = b.next();
      expect(last).toEqual(ref);
      expect([a.stats(), a.position()]).toEqual([b.stats(), b.position()]);
    }
    expect([a.next(), a.stats(), a.position()]).toEqual([b.next(), b.stats(), b.position()]);
  });
});
