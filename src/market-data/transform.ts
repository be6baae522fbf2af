/**
 * Combinators over tick sources: concatenation (consecutive files of one symbol), time window,
 * re-basing to the scenario start, price scaling, looping a short tape, and a reading summary.
 * All stream: each holds at most one buffered tick (plus a bounded list of reported gaps).
 */
import { addStats, emptyStats, PullSource, type TapeSource, type TapeStats } from './tape-source.js';
import type { Tick } from './tick-source.js';

/** Base for a combinator that maps/filters one inner source. */
abstract class MappedSource extends PullSource {
  protected abstract innerStats(): TapeStats;
  stats(): TapeStats {
    return this.innerStats();
  }
}

/**
 * Several sources one after another (consecutive days of one symbol). Sources are opened lazily,
 * one at a time. Ticks going back in time across a file boundary are dropped and counted.
 */
export class ConcatSource extends MappedSource {
  private idx = 0;
  private current: TapeSource | undefined;
  private done = emptyStats();
  private lastT = -Infinity;
  private crossDropped = 0;
  constructor(private readonly openers: Array<() => TapeSource>) {
    super();
  }
  protected pull(): Tick | undefined {
    for (;;) {
      if (this.current === undefined) {
        if (this.idx >= this.openers.length) return undefined;
        this.current = this.openers[this.idx++]!();
      }
      const t = this.current.next();
      if (t === undefined) {
        this.done = addStats(this.done, this.current.stats());
        this.current.close();
        this.current = undefined;
        continue;
      }
      if (t.t < this.lastT) {
        this.crossDropped++;
        continue;
      }
      this.lastT = t.t;
      return t;
    }
  }
  protected innerStats(): TapeStats {
    const s = this.current ? addStats(this.done, this.current.stats()) : { ...this.done };
    s.outOfOrderDropped += this.crossDropped;
    return s;
  }
  protected release(): void {
    this.current?.close();
    this.current = undefined;
    this.idx = this.openers.length;
  }
}

/** Only ticks with from ≤ t < to (either bound optional). Stops reading at `to`. */
export class WindowSource extends MappedSource {
  constructor(
    private readonly inner: TapeSource,
    private readonly from = -Infinity,
    private readonly to = Infinity,
  ) {
    super();
  }
  protected pull(): Tick | undefined {
    for (;;) {
      const t = this.inner.next();
      if (t === undefined) return undefined;
      if (t.t < this.from) continue;
      if (t.t >= this.to) {
        this.inner.close();
        return undefined;
      }
      return t;
    }
  }
  protected innerStats(): TapeStats {
    return this.inner.stats();
  }
  protected release(): void {
    this.inner.close();
  }
}

/** Shifts all times by a constant offset (ms). */
export class ShiftSource extends MappedSource {
  constructor(
    private readonly inner: TapeSource,
    private readonly offsetMs: number,
  ) {
    super();
  }
  protected pull(): Tick | undefined {
    const t = this.inner.next();
    return t === undefined ? undefined : { ...t, t: t.t + this.offsetMs };
  }
  protected innerStats(): TapeStats {
    return this.inner.stats();
  }
  protected release(): void {
    this.inner.close();
  }
}

/** Shift so the first tick lands exactly at `startMs`. */
export function rebase(inner: TapeSource, startMs: number): TapeSource {
  const first = inner.peek();
  return new ShiftSource(inner, first === undefined ? 0 : startMs - first.t);
}

/** Round a price to the tick grid (and to the tick's decimals, so 0.1 × 3 prints as 0.3). */
export function snapToTick(price: number, tickSize: number, pow10: number): number {
  return Math.round(Math.round(price / tickSize) * tickSize * pow10) / pow10;
}

/**
 * Multiplies prices by `factor` and re-snaps them to the tick. The spread is preserved in ticks
 * (ask − bid stays at least one tick), so a 1-tick book stays a 1-tick book.
 */
export class ScaleSource extends MappedSource {
  constructor(
    private readonly inner: TapeSource,
    private readonly factor: number,
    private readonly tickSize: number,
    private readonly pow10: number,
  ) {
    super();
  }
  protected pull(): Tick | undefined {
    const t = this.inner.next();
    if (t === undefined) return undefined;
    const bid = snapToTick(t.bid * this.factor, this.tickSize, this.pow10);
    let ask = snapToTick(t.ask * this.factor, this.tickSize, this.pow10);
    if (t.ask > t.bid && ask <= bid) ask = snapToTick(bid + this.tickSize, this.tickSize, this.pow10);
    return { ...t, bid, ask };
  }
  protected innerStats(): TapeStats {
    return this.inner.stats();
  }
  protected release(): void {
    this.inner.close();
  }
}

export interface LoopOptions {
  /** Time between the last tick of one pass and the first tick of the next. Default: the mean tick interval of the first pass. */
  gapMs?: number;
  /**
   * Scale each new pass so its first mid equals the previous pass's last mid (no price jump at the
   * seam; drift compounds). Default true. With false, every pass repeats the original prices.
   */
  continuous?: boolean;
  tickSize: number;
  pow10: number;
  /** Stop producing ticks at or after this time (a loop is otherwise endless). */
  untilMs: number;
}

/**
 * Replays a short tape again and again: each pass is shifted to start right after the previous
 * one. `stats().seams` counts wrap-arounds. Needs an opener, since each pass re-reads the tape.
 */
export class LoopSource extends MappedSource {
  private current: TapeSource;
  private finished = emptyStats();
  private seams = 0;
  private pendingSeam = false;
  private offset = 0;
  private factor = 1;
  private passFirst: Tick | undefined;
  private passCount = 0;
  private lastOut: Tick | undefined;
  private gapMs: number | undefined;

  constructor(
    private readonly open: () => TapeSource,
    private readonly opts: LoopOptions,
  ) {
    super();
    this.current = open();
    this.gapMs = opts.gapMs;
  }

  protected pull(): Tick | undefined {
    for (let emptyPasses = 0; emptyPasses < 2; ) {
      const raw = this.current.next();
      if (raw !== undefined) {
        if (this.passFirst === undefined) this.passFirst = raw;
        this.passCount++;
        const out = this.map(raw);
        if (out.t >= this.opts.untilMs) return undefined;
        if (this.pendingSeam) {
          this.seams++;
          this.pendingSeam = false;
        }
        this.lastOut = out;
        return out;
      }
      // End of a pass.
      this.finished = addStats(this.finished, this.current.stats());
      this.current.close();
      if (this.lastOut === undefined || this.passFirst === undefined) return undefined; // empty tape
      const first = this.passFirst;
      if (this.gapMs === undefined) {
        const span = this.lastOut.t - this.offset - first.t;
        this.gapMs = this.passCount > 1 ? Math.max(1, Math.round(span / (this.passCount - 1))) : 1000;
      }
      this.offset = this.lastOut.t + this.gapMs - first.t;
      if (this.opts.continuous !== false) {
        const lastMid = (this.lastOut.bid + this.lastOut.ask) / 2;
        this.factor = lastMid / ((first.bid + first.ask) / 2);
      }
      this.pendingSeam = true;
      this.passCount = 0;
      this.current = this.open();
      if (this.current.peek() === undefined) emptyPasses++;
    }
    return undefined;
  }

  private map(t: Tick): Tick {
    const out: Tick = { ...t, t: t.t + this.offset };
    if (this.factor !== 1) {
      const { tickSize, pow10 } = this.opts;
      out.bid = snapToTick(t.bid * this.factor, tickSize, pow10);
      out.ask = snapToTick(t.ask * this.factor, tickSize, pow10);
      if (t.ask > t.bid && out.ask <= out.bid) out.ask = snapToTick(out.bid + tickSize, tickSize, pow10);
    }
    return out;
  }

  protected innerStats(): TapeStats {
    const s = addStats(this.finished, this.current.stats());
    s.seams += this.seams;
    return s;
  }

  protected release(): void {
    this.current.close();
  }
}

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
  /** Loop wrap-arounds. */
  seams: number;
}

/** Counts what passes through: rows, first/last time, gaps over a threshold, plus inner counters. */
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
  close(): void {
    this.inner.close();
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
      seams: s.seams,
    };
  }
}
