/**
 * Combinators over tick sources: concatenation (consecutive files of one symbol), time window,
 * re-basing to the scenario start and price scaling (looping: loop-source.ts; coverage of the run:
 * cover-source.ts; the reading summary: summary-source.ts). All stream: each holds at most one
 * buffered tick. The shift skips (tick-span.ts) through a reader below it; the others are skipped
 * tick by tick. Each reports the position of the source it reads, so an error found downstream
 * still names the file and line reached.
 */
import { ConfigError } from '../config/config-error.js';
import { addStats, emptyStats, PullSource, type ReadPosition, type TapeSource, type TapeStats, where } from './tape-source.js';
import type { Tick, TickSpan } from './tick-source.js';
import { foldEach, takeHead } from './tick-span.js';

/** Base for a combinator that maps/filters one inner source. */
export abstract class MappedSource extends PullSource {
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
  private lastPos: ReadPosition | undefined;
  constructor(private readonly openers: Array<() => TapeSource>) {
    super();
  }
  override position(): ReadPosition | undefined {
    return this.current?.position() ?? this.lastPos;
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
        this.lastPos = this.current.position();
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

/**
 * Only ticks with from ≤ t < to (either bound optional). Stops reading at `to`. A window that
 * selects no tick is an error naming the span the tape does cover (the source's `from`/`to`).
 */
export class WindowSource extends MappedSource {
  private kept = 0;
  private firstSeen: number | undefined;
  private lastSeen: number | undefined;
  constructor(
    private readonly inner: TapeSource,
    private readonly from = -Infinity,
    private readonly to = Infinity,
  ) {
    super();
  }
  override position(): ReadPosition | undefined {
    return this.inner.position();
  }
  protected pull(): Tick | undefined {
    for (;;) {
      const t = this.inner.peek();
      if (t === undefined) return this.end();
      this.firstSeen ??= t.t;
      this.lastSeen = t.t;
      if (t.t >= this.to) return this.end();
      this.inner.next();
      if (t.t < this.from) continue;
      this.kept++;
      return t;
    }
  }
  private end(): undefined {
    if (this.kept === 0) {
      const w = where(this.inner.position());
      const iso = (x: number) => (Number.isFinite(x) ? new Date(x).toISOString() : '…');
      const seen =
        this.firstSeen === undefined ? 'no tick' : `ticks from ${iso(this.firstSeen)} to ${iso(this.lastSeen!)} (tape time)`;
      this.inner.close();
      throw new ConfigError(
        w.file,
        w.at,
        `the from/to window [${iso(this.from)}, ${iso(this.to)}) selects no tick: the tape read has ${seen}; expected a window inside the tape`,
      );
    }
    this.inner.close();
    return undefined;
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
  override position(): ReadPosition | undefined {
    return this.inner.position();
  }
  /**
   * A reader below skips in its own records with the shift applied (a tick this layer holds goes
   * first; the shift itself checks nothing); anything else tick by tick.
   */
  skip(until: number, span: TickSpan): Tick | undefined {
    const inner = this.inner;
    if (inner.skipShifted === undefined) return foldEach(this, until, span);
    if (this.idle()) return inner.skipShifted(until, span, this.offsetMs);
    const head = takeHead(this, until, span);
    if (head === undefined) return undefined;
    return inner.skipShifted(until, span, this.offsetMs) ?? head;
  }
  protected pull(): Tick | undefined {
    const x = this.inner.next();
    if (x === undefined) return undefined;
    const t = x.t + this.offsetMs;
    // A literal for the readers' shapes without a receipt delay (the same keys as a spread, far
    // cheaper per tick); the spread for the rest.
    if (x.recvDelayMs === undefined) {
      if (x.updateId === undefined) return { t, bid: x.bid, ask: x.ask, bidQty: x.bidQty, askQty: x.askQty };
      return { t, bid: x.bid, ask: x.ask, bidQty: x.bidQty, askQty: x.askQty, updateId: x.updateId };
    }
    return { ...x, t };
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
  override position(): ReadPosition | undefined {
    return this.inner.position();
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
