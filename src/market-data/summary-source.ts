/**
 * The reading summary of a tape as the run consumed it: ticks delivered, first/last time, gaps
 * over a threshold (count, longest, the first 100 listed: memory stays bounded), plus the inner
 * sources' counters (out-of-order drops, lines skipped, bad rows skipped, loop seams). Skipped
 * stretches (tick-span.ts) count the same: the gaps are measured in the span, from the last tick.
 */
import type { ReadPosition, TapeSource, TapeStats } from './tape-source.js';
import type { Tick, TickSpan } from './tick-source.js';
import { skipTicks } from './tick-span.js';

/** A gap between consecutive ticks longer than the threshold. */
export interface TapeGap {
  /** Time of the last tick before the gap. */
  from: number;
  /** Time of the first tick after it. */
  to: number;
}

export interface TapeSummary {
  /** Ticks delivered so far. */
  rows: number;
  firstT: number | undefined;
  lastT: number | undefined;
  gapThresholdMs: number;
  /** Number of gaps over the threshold. */
  gapCount: number;
  /** The first `maxGapsListed` gaps (the list is capped so memory stays bounded). */
  gaps: TapeGap[];
  longestGapMs: number;
  outOfOrderDropped: number;
  /** Lines skipped on purpose (headers excluded): other symbols, other event types, blank lines. */
  skipped: number;
  /** Bad rows skipped under `on_bad_row: skip`. */
  badRowsSkipped: number;
  /** Loop wrap-arounds. */
  seams: number;
}

export class SummarySource implements TapeSource {
  private rows = 0;
  private firstT: number | undefined;
  private lastT: number | undefined;
  private gapCount = 0;
  private longest = 0;
  private readonly gaps: TapeGap[] = [];
  constructor(
    private readonly inner: TapeSource,
    private readonly gapThresholdMs = 5000,
    private readonly maxGapsListed = 100,
  ) {}
  peek(): Tick | undefined {
    return this.inner.peek();
  }
  next(): Tick | undefined {
    const t = this.inner.next();
    if (t === undefined) return undefined;
    this.rows++;
    if (this.lastT === undefined) this.firstT = t.t;
    else {
      const d = t.t - this.lastT;
      if (d > this.longest) this.longest = d;
      if (d > this.gapThresholdMs) {
        this.gapCount++;
        if (this.gaps.length < this.maxGapsListed) this.gaps.push({ from: this.lastT, to: t.t });
      }
    }
    this.lastT = t.t;
    return t;
  }
  /** The inner skip measures the gaps: seeded with this summary's last time and threshold. */
  skip(until: number, span: TickSpan): Tick | undefined {
    const n0 = span.n;
    span.firstT = Number.NaN;
    span.lastT = this.lastT ?? Number.NaN;
    span.longestGap = this.longest;
    span.gapOver = this.gapThresholdMs;
    span.gapCount = this.gapCount;
    span.gaps = this.gaps;
    span.gapCap = this.maxGapsListed;
    const last = skipTicks(this.inner, until, span);
    if (span.n === n0) return undefined;
    this.rows += span.n - n0;
    if (this.lastT === undefined) this.firstT = span.firstT;
    this.lastT = span.lastT;
    this.longest = span.longestGap;
    this.gapCount = span.gapCount;
    return last;
  }
  close(): void {
    this.inner.close();
  }
  position(): ReadPosition | undefined {
    return this.inner.position();
  }
  stats(): TapeStats {
    return this.inner.stats();
  }
  summary(): TapeSummary {
    const s = this.inner.stats();
    return {
      rows: this.rows,
      firstT: this.firstT,
      lastT: this.lastT,
      gapThresholdMs: this.gapThresholdMs,
      gapCount: this.gapCount,
      gaps: this.gaps.slice(),
      longestGapMs: this.longest,
      outOfOrderDropped: s.outOfOrderDropped,
      skipped: s.skipped,
      badRowsSkipped: s.badRowsSkipped,
      seams: s.seams,
    };
  }
}
