/**
 * The binary tape index: a bookTicker CSV (plain, .gz or .zip) parsed once into fixed records
 * beside it (`<tape>.tapeidx`, written by `rocky-bot data index` or rebuilt when stale), so a
 * replay reads numbers instead of text. A replay through the index gives the very ticks, counters,
 * positions and errors the CSV reader gives.
 *
 * Rules:
 * - Built by reading the tape with BookTickerCsvSource to its end, so every row check, bad-row
 *   policy and error message is the CSV reader's own (an error leaves no index behind: temp file
 *   and rename, src/io/atomic-write.ts).
 * - Layout: tape-index-format.ts; the meta says what it was built from and holds the reader's
 *   counters wherever they changed (sparse: they change only at skipped or bad lines).
 * - It is fresh while its source has the same size, modification time and CRC-32 of the first
 *   and last 64 KiB, and was built for the same zip entry and bad-row policy; otherwise stale.
 * - An index that is not one is an error naming the index file (tape-index-format.ts).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { ConfigError } from '../config/config-error.js';
import { tempFileFor } from '../io/atomic-write.js';
import { BookTickerCsvSource } from './bookticker-csv.js';
import { IndexedTapeSource } from './indexed-tape-source.js';
import type { TapeReadOptions } from './line-tape-source.js';
import {
  BLOCK,
  FIELDS,
  type Fingerprint,
  HEAD,
  indexPathFor,
  MAGIC,
  type Meta,
  PROBE,
  RECORD,
  readMeta,
  type StatsChange,
  VERSION,
} from './tape-index-format.js';
import { emptyStats, type TapeSource, type TapeStats } from './tape-source.js';

export { indexPathFor };

function crcAt(fd: number, pos: number, len: number): number {
  const b = Buffer.alloc(len);
  const n = fs.readSync(fd, b, 0, len, pos);
  return zlib.crc32(b.subarray(0, n));
}

function fingerprint(tape: string, opts: TapeReadOptions): Fingerprint {
  const st = fs.statSync(tape);
  const fd = fs.openSync(tape, 'r');
  try {
    return {
      version: VERSION,
      kind: 'bookticker_csv',
      size: st.size,
      mtimeMs: st.mtimeMs,
      headCrc: crcAt(fd, 0, Math.min(PROBE, st.size)),
      tailCrc: crcAt(fd, Math.max(0, st.size - PROBE), Math.min(PROBE, st.size)),
      entry: opts.entry ?? null,
      onBadRow: opts.onBadRow ?? 'error',
    };
  } finally {
    fs.closeSync(fd);
  }
}

function sameSource(a: Fingerprint, b: Fingerprint): boolean {
  return (Object.keys(b) as Array<keyof Fingerprint>).every((k) => a[k] === b[k]);
}

/** Builds (or rebuilds) the index of `tape`, atomically. Returns the number of ticks. */
export function buildTapeIndex(tape: string, opts: TapeReadOptions = {}): number {
  const src = new BookTickerCsvSource(tape, opts); // a tape that cannot be read fails here, in the reader's words
  let source: Fingerprint;
  let temp: ReturnType<typeof tempFileFor>;
  let fd: number | undefined;
  try {
    source = fingerprint(tape, opts);
    temp = tempFileFor(indexPathFor(tape));
    fd = fs.openSync(temp.tmp, 'wx');
  } catch (e) {
    src.close();
    throw new ConfigError(indexPathFor(tape), '', `cannot write the index: ${(e as Error).message}`);
  }
  try {
    const buf = Buffer.alloc(BLOCK * RECORD);
    const f = new Float64Array(buf.buffer, buf.byteOffset, BLOCK * FIELDS);
    let n = 0;
    let inBlock = 0;
    let pos = HEAD;
    const changes: StatsChange[] = [];
    let last: TapeStats = emptyStats();
    const flush = (): void => {
      fs.writeSync(fd!, buf, 0, inBlock * RECORD, pos);
      pos += inBlock * RECORD;
      inBlock = 0;
    };
    for (let t = src.next(); t !== undefined; t = src.next()) {
      const s = src.stats();
      if (
        s.outOfOrderDropped !== last.outOfOrderDropped ||
        s.skipped !== last.skipped ||
        s.badRowsSkipped !== last.badRowsSkipped
      )
        changes.push([n, s.outOfOrderDropped, s.skipped, s.badRowsSkipped]);
      last = s;
      const o = inBlock * FIELDS;
      f[o] = t.t;
      f[o + 1] = t.bid;
      f[o + 2] = t.ask;
      f[o + 3] = t.bidQty;
      f[o + 4] = t.askQty;
      f[o + 5] = t.updateId ?? Number.NaN;
      f[o + 6] = t.recvDelayMs ?? Number.NaN;
      f[o + 7] = src.position().line;
      n++;
      if (++inBlock === BLOCK) flush();
    }
    flush();
    const s = src.stats();
    const meta: Meta = { source, ticks: n, changes, end: { ...s, line: src.position().line } };
    const json = Buffer.from(JSON.stringify(meta));
    fs.writeSync(fd, json, 0, json.length, pos);
    const head = Buffer.alloc(HEAD);
    head.write(MAGIC, 0, 'latin1');
    head.writeDoubleLE(n, 8);
    head.writeDoubleLE(pos, 16);
    head.writeDoubleLE(json.length, 24);
    fs.writeSync(fd, head, 0, HEAD, 0);
    fs.closeSync(fd);
    fd = undefined;
    temp.commit();
    return n;
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    temp.abort();
    src.close();
    throw e;
  }
}

/**
 * The tape's ticks through its index when one is beside it: a fresh index is read; a stale one is
 * rebuilt first; a broken one is an error. Undefined when the tape has no index.
 */
export function openIndexed(tape: string, opts: TapeReadOptions = {}): TapeSource | undefined {
  const index = indexPathFor(tape);
  if (!fs.existsSync(index)) return undefined;
  let meta = readMeta(index);
  let source: Fingerprint;
  try {
    source = fingerprint(tape, opts);
  } catch {
    return undefined; // the tape itself cannot be read: the CSV reader says why
  }
  if (!sameSource(meta.source, source)) {
    buildTapeIndex(tape, opts);
    meta = readMeta(index);
  }
  return new IndexedTapeSource(tape, index, meta);
}
