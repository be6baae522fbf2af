/**
 * Ticks read back from a binary tape index (tape-index-format.ts), with the counters and
 * positions the CSV reader had at the same tick: counters from the index's sparse change list
 * (rowsRead = ticks taken + out-of-order drops), the end's once the last tick is passed; the
 * position names the tape (not the index) and the line of the tick. Reads 1 MiB blocks, so memory
 * does not grow with the tape. A skip (tick-span.ts) scans the records' numbers in place and builds
 * a tick object only for the last one taken in each block.
 */
import fs from 'node:fs';
import { ConfigError } from '../config/config-error.js';
import { BLOCK, FIELDS, HEAD, type Meta, RECORD } from './tape-index-format.js';
import type { ReadPosition, TapeSource, TapeStats } from './tape-source.js';
import type { Tick, TickSpan } from './tick-source.js';

/** Ticks read back from an index, with the CSV reader's counters and positions. */
export class IndexedTapeSource implements TapeSource {
  private fd: number | undefined;
  private readonly buf = Buffer.alloc(BLOCK * RECORD);
  private readonly f = new Float64Array(this.buf.buffer, this.buf.byteOffset, BLOCK * FIELDS);
  /** Records in the buffer, the next one there, and records read from the file so far. */
  private have = 0;
  private at = 0;
  private loaded = 0;
  /** Ticks taken from the index (the one buffered included). */
  private pulled = 0;
  private buffered: Tick | undefined;
  /** The last tick was taken and the end seen (the counters are then the end's). */
  private eof = false;
  private closed = false;
  private change = -1;
  private lastLine = 0;

  constructor(
    readonly file: string,
    private readonly index: string,
    private readonly meta: Meta,
  ) {
    this.fd = fs.openSync(index, 'r');
  }

  peek(): Tick | undefined {
    if (this.buffered === undefined && !this.closed) this.buffered = this.pull();
    return this.buffered;
  }

  next(): Tick | undefined {
    const t = this.peek();
    this.buffered = undefined;
    return t;
  }

  skip(until: number, span: TickSpan): Tick | undefined {
    return this.skipShifted(until, span, 0);
  }

  skipShifted(until: number, span: TickSpan, shift: number): Tick | undefined {
    if (this.closed) return undefined;
    const held = this.buffered;
    if (held !== undefined) {
      if (!(held.t + shift <= until)) return undefined;
      // Hand the peeked tick back to its block (it is the record just before `at`): the scan
      // below takes it again, in order.
      this.buffered = undefined;
      this.at--;
      this.pulled--;
    }
    const f = this.f;
    let last: Tick | undefined;
    let { lo, hi, lastT: prev, longestGap: longest } = span;
    const over = span.gapOver;
    for (;;) {
      if (this.at === this.have && !this.load()) break;
      const from = this.at;
      const have = this.have;
      let i = from;
      for (; i < have; i++) {
        const o = i * FIELDS;
        const t = f[o]! + shift;
        if (!(t <= until)) break; // as the per-tick loop compares (a NaN until takes nothing)
        if (f[o + 1]! < lo) lo = f[o + 1]!;
        if (f[o + 2]! > hi) hi = f[o + 2]!;
        const d = t - prev;
        if (d > longest) longest = d;
        if (d > over) {
          span.gapCount++;
          if (span.gaps.length < span.gapCap) span.gaps.push({ from: prev, to: t });
        }
        prev = t;
      }
      if (i > from) {
        if (Number.isNaN(span.firstT)) span.firstT = f[from * FIELDS]! + shift;
        span.n += i - from;
        // The block's last taken record, before a load overwrites the buffer.
        const o = (i - 1) * FIELDS;
        last = this.tickAt(o, shift);
        this.lastLine = f[o + 7]!;
        this.pulled += i - from;
      }
      this.at = i;
      if (i < have) break;
    }
    span.lo = lo;
    span.hi = hi;
    span.lastT = prev;
    span.longestGap = longest;
    const ch = this.meta.changes;
    while (this.change + 1 < ch.length && ch[this.change + 1]![0] <= this.pulled - 1) this.change++;
    return last;
  }

  private pull(): Tick | undefined {
    if (this.at === this.have && !this.load()) {
      this.eof = true;
      this.close();
      return undefined;
    }
    const f = this.f;
    const o = this.at++ * FIELDS;
    const ch = this.meta.changes;
    const k = this.pulled++;
    while (this.change + 1 < ch.length && ch[this.change + 1]![0] <= k) this.change++;
    this.lastLine = f[o + 7]!;
    return this.tickAt(o, 0);
  }

  /** The tick of the record at float offset `o`, its time shifted (the shapes ShiftSource builds). */
  private tickAt(o: number, shift: number): Tick {
    const f = this.f;
    const t = f[o]! + shift;
    const recv = f[o + 6]!;
    if (!Number.isNaN(recv))
      return {
        t,
        bid: f[o + 1]!,
        ask: f[o + 2]!,
        bidQty: f[o + 3]!,
        askQty: f[o + 4]!,
        updateId: f[o + 5]!,
        recvDelayMs: recv,
      };
    return { t, bid: f[o + 1]!, ask: f[o + 2]!, bidQty: f[o + 3]!, askQty: f[o + 4]!, updateId: f[o + 5]! };
  }

  private load(): boolean {
    const left = this.meta.ticks - this.loaded;
    if (this.fd === undefined || left <= 0) return false;
    const want = Math.min(BLOCK, left);
    const got = fs.readSync(this.fd, this.buf, 0, want * RECORD, HEAD + this.loaded * RECORD);
    if (got !== want * RECORD)
      throw new ConfigError(
        this.index,
        '',
        'the index ends before its last tick (truncated); delete it or run rocky-bot data index',
      );
    this.loaded += want;
    this.have = want;
    this.at = 0;
    return true;
  }

  stats(): TapeStats {
    const e = this.meta.end;
    if (this.eof)
      return {
        rowsRead: e.rowsRead,
        outOfOrderDropped: e.outOfOrderDropped,
        skipped: e.skipped,
        badRowsSkipped: e.badRowsSkipped,
        seams: 0,
      };
    const c = this.change >= 0 ? this.meta.changes[this.change]! : undefined;
    const ood = c?.[1] ?? 0;
    return { rowsRead: this.pulled + ood, outOfOrderDropped: ood, skipped: c?.[2] ?? 0, badRowsSkipped: c?.[3] ?? 0, seams: 0 };
  }

  position(): ReadPosition {
    return { file: this.file, line: this.eof ? this.meta.end.line : this.lastLine };
  }

  close(): void {
    this.closed = true;
    this.buffered = undefined;
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
