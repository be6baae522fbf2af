/**
 * Ticks read back from a binary tape index (tape-index-format.ts), with the counters and
 * positions the CSV reader had at the same tick: counters from the index's sparse change list
 * (rowsRead = ticks taken + out-of-order drops), the end's once the last tick is passed; the
 * position names the tape (not the index) and the line of the tick. Reads 1 MiB blocks, so memory
 * does not grow with the tape.
 */
import fs from 'node:fs';
import { ConfigError } from '../config/config-error.js';
import { BLOCK, FIELDS, HEAD, type Meta, RECORD } from './tape-index-format.js';
import type { ReadPosition, TapeSource, TapeStats } from './tape-source.js';
import type { Tick } from './tick-source.js';

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
    const recv = f[o + 6]!;
    if (!Number.isNaN(recv))
      return {
        t: f[o]!,
        bid: f[o + 1]!,
        ask: f[o + 2]!,
        bidQty: f[o + 3]!,
        askQty: f[o + 4]!,
        updateId: f[o + 5]!,
        recvDelayMs: recv,
      };
    return { t: f[o]!, bid: f[o + 1]!, ask: f[o + 2]!, bidQty: f[o + 3]!, askQty: f[o + 4]!, updateId: f[o + 5]! };
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
