/**
 * Shared pieces of the tape readers: counters every source keeps, and a base class that turns a
 * "parse the next record" function into a peekable TickSource that drops ticks going back in time.
 */
import type { Tick, TickSource } from './tick-source.js';

/** Counters a source keeps while it is read. Combinators add up their children's. */
export interface TapeStats {
  /** Data records read (excluding header and skipped lines). */
  rowsRead: number;
  /** Rows dropped because their time went backwards. */
  outOfOrderDropped: number;
  /** Lines skipped on purpose (other symbols, other event types, blank lines). */
  skipped: number;
  /** Times a looped tape wrapped around. */
  seams: number;
}

export function emptyStats(): TapeStats {
  return { rowsRead: 0, outOfOrderDropped: 0, skipped: 0, seams: 0 };
}

export function addStats(a: TapeStats, b: TapeStats): TapeStats {
  return {
    rowsRead: a.rowsRead + b.rowsRead,
    outOfOrderDropped: a.outOfOrderDropped + b.outOfOrderDropped,
    skipped: a.skipped + b.skipped,
    seams: a.seams + b.seams,
  };
}

/** A TickSource that reports counters. Every source in this folder is one. */
export interface TapeSource extends TickSource {
  stats(): TapeStats;
}

/**
 * One tick of look-ahead over a `pull()` that produces ticks in order: the peek/next/close that
 * generated and mapped sources share. After the first undefined, the source stays ended.
 */
export abstract class PullSource implements TapeSource {
  private buffered: Tick | undefined;
  protected ended = false;
  protected abstract pull(): Tick | undefined;
  protected abstract release(): void;
  abstract stats(): TapeStats;

  peek(): Tick | undefined {
    if (this.buffered === undefined && !this.ended) {
      this.buffered = this.pull();
      if (this.buffered === undefined) this.ended = true;
    }
    return this.buffered;
  }

  next(): Tick | undefined {
    const t = this.peek();
    this.buffered = undefined;
    return t;
  }

  close(): void {
    this.ended = true;
    this.buffered = undefined;
    this.release();
  }
}

/**
 * Base for readers: subclasses implement `read()` returning the next parsed tick (in file order)
 * or undefined at the end. Ticks whose time is before the previous kept tick are dropped and
 * counted. Equal times are kept.
 */
export abstract class OrderedTapeSource implements TapeSource {
  protected readonly counters: TapeStats = emptyStats();
  private buffered: Tick | undefined;
  private lastT = -Infinity;
  private ended = false;

  protected abstract read(): Tick | undefined;
  protected abstract release(): void;

  peek(): Tick | undefined {
    if (this.buffered === undefined && !this.ended) this.buffered = this.pull();
    return this.buffered;
  }

  next(): Tick | undefined {
    const t = this.peek();
    this.buffered = undefined;
    return t;
  }

  private pull(): Tick | undefined {
    for (;;) {
      const tick = this.read();
      if (tick === undefined) {
        this.ended = true;
        this.close();
        return undefined;
      }
      if (tick.t < this.lastT) {
        this.counters.outOfOrderDropped++;
        continue;
      }
      this.lastT = tick.t;
      return tick;
    }
  }

  stats(): TapeStats {
    return { ...this.counters };
  }

  close(): void {
    this.ended = true;
    this.buffered = undefined;
    this.release();
  }
}

/** True when the string starts like a number (digit, sign or dot): used for header detection. */
export function looksNumeric(s: string): boolean {
  const c = s.trim().charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Parses the decimal number in s[a, b) without slicing: digits with at most one '.', up to 15
 * significant digits (exact: mantissa / 10^k is correctly rounded, so the result equals Number()).
 * Anything else (sign, exponent, longer mantissas, spaces) falls back to Number(slice). Empty → NaN.
 * About 2× faster than `+s.slice(a, b)` on bookTicker rows (bench/ticks.mjs).
 */
export function parseNum(s: string, a: number, b: number): number {
  if (a >= b) return NaN;
  let m = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      if (dot) scale++;
      if (m > 0) digits++;
    } else if (c === 46 && !dot) {
      dot = true;
    } else {
      return slowNum(s, a, b);
    }
  }
  if (digits > 15 || (dot && b - a === 1)) return slowNum(s, a, b);
  return scale === 0 ? m : m / POW10[scale]!;
}

function slowNum(s: string, a: number, b: number): number {
  const t = s.slice(a, b).trim();
  return t.length === 0 ? NaN : Number(t);
}
