/**
 * Skipping ahead on a tape: consume every tick up to a time in one call and keep only what the
 * consumers of a skipped stretch need — how many ticks, the latest one, the price range, the gaps
 * between them — instead of handing each tick through every layer (tick-source.ts `skip`).
 *
 * Rules:
 * - A skip is exactly a peek/next loop that takes every tick with t ≤ until: the same ticks in the
 *   same order leave every layer, with the same counters, and each is folded into the span as
 *   `foldTick` does; only the tick objects in between are never built.
 * - The span accumulates: a layer folds what it takes itself, then hands the span on; fields are
 *   seeded by the layer that reads them (the reading summary seeds the gap fields with its own
 *   last time and threshold, so a gap across two skips is measured like any other).
 * - A layer without `skip` is read tick by tick (`foldEach`), so every pipeline can be skipped.
 */
import type { Tick, TickSource, TickSpan } from './tick-source.js';

export function newSpan(): TickSpan {
  return {
    n: 0,
    firstT: Number.NaN,
    lastT: Number.NaN,
    lo: Number.POSITIVE_INFINITY,
    hi: Number.NEGATIVE_INFINITY,
    longestGap: 0,
    gapOver: Number.POSITIVE_INFINITY,
    gapCount: 0,
    gaps: [],
    gapCap: 0,
  };
}

/** The gap list of a span nobody lists gaps in (gapCap 0: never pushed to). */
const NO_GAPS: TickSpan['gaps'] = [];

/** Empties `s` for a new skip (one span object serves every skip of a cursor). */
export function resetSpan(s: TickSpan): void {
  s.n = 0;
  s.firstT = Number.NaN;
  s.lastT = Number.NaN;
  s.lo = Number.POSITIVE_INFINITY;
  s.hi = Number.NEGATIVE_INFINITY;
  s.longestGap = 0;
  s.gapOver = Number.POSITIVE_INFINITY;
  s.gapCount = 0;
  s.gaps = NO_GAPS;
  s.gapCap = 0;
}

/** Adds one consumed tick to the span. NaN lastT: no gap before the first tick. */
export function foldTick(s: TickSpan, tick: Tick): void {
  const t = tick.t;
  s.n++;
  if (Number.isNaN(s.firstT)) s.firstT = t;
  if (tick.bid < s.lo) s.lo = tick.bid;
  if (tick.ask > s.hi) s.hi = tick.ask;
  const d = t - s.lastT;
  if (d > s.longestGap) s.longestGap = d;
  if (d > s.gapOver) {
    s.gapCount++;
    if (s.gaps.length < s.gapCap) s.gaps.push({ from: s.lastT, to: t });
  }
  s.lastT = t;
}

/** Takes every tick with t ≤ until from `src` one by one, folding each; the last one taken. */
export function foldEach(src: TickSource, until: number, s: TickSpan): Tick | undefined {
  let last: Tick | undefined;
  for (let tick = src.peek(); tick !== undefined && tick.t <= until; tick = src.peek()) {
    src.next();
    foldTick(s, tick);
    last = tick;
  }
  return last;
}

/**
 * The next tick of `src` if its t ≤ until, taken (through the layer's own peek/next, so its
 * per-tick checks run) and folded; undefined otherwise. A combinator's skip starts so: what it
 * buffered goes first, then it hands the rest to its inner source.
 */
export function takeHead(src: TickSource, until: number, s: TickSpan): Tick | undefined {
  const head = src.peek();
  if (head === undefined || !(head.t <= until)) return undefined;
  src.next();
  foldTick(s, head);
  return head;
}

/** `src.skip` where it has one, else tick by tick. */
export function skipTicks(src: TickSource, until: number, s: TickSpan): Tick | undefined {
  return src.skip !== undefined ? src.skip(until, s) : foldEach(src, until, s);
}
