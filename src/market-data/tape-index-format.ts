/**
 * The layout of a binary tape index (what tape-index.ts writes and indexed-tape-source.ts reads),
 * and the check that a file is one. Little-endian: a 64-byte head (magic `RKYTIDX1`, tick count,
 * offset and length of the meta JSON), one record of 8 float64 per tick (t, bid, ask, bidQty,
 * askQty, updateId, recvDelayMs or NaN, the tick's line in the tape), then the meta JSON.
 * Rule: a file that is not such an index (magic, sizes, meta) is a ConfigError naming it and how
 * to recover, never silently ignored.
 */
import fs from 'node:fs';
import { ConfigError } from '../config/config-error.js';

export const MAGIC = 'RKYTIDX1';
export const VERSION = 1;
export const HEAD = 64;
export const FIELDS = 8;
export const RECORD = FIELDS * 8;
/** Records per read or write: 1 MiB blocks. */
export const BLOCK = 16384;
/** Bytes at each end of a tape whose CRC-32 the fingerprint keeps. */
export const PROBE = 65536;

export const INDEX_SUFFIX = '.tapeidx';

export function indexPathFor(tape: string): string {
  return tape + INDEX_SUFFIX;
}

/** What an index was built from: it is fresh while these are unchanged. */
export interface Fingerprint {
  version: number;
  kind: 'bookticker_csv';
  size: number;
  mtimeMs: number;
  headCrc: number;
  tailCrc: number;
  entry: string | null;
  onBadRow: 'error' | 'skip';
}

/** The reader's counters from tick `at` on (at = ticks pulled when they took these values). */
export type StatsChange = [at: number, outOfOrderDropped: number, skipped: number, badRowsSkipped: number];

export interface Meta {
  source: Fingerprint;
  ticks: number;
  /** Counter changes, in order; the counters before the first are zero. */
  changes: StatsChange[];
  /** Counters and line once the reader reached the end of the tape. */
  end: { outOfOrderDropped: number; skipped: number; badRowsSkipped: number; rowsRead: number; line: number };
}

/** The meta of the index file `index`, after checking it is one. */
export function readMeta(index: string): Meta {
  const bad = (what: string): never => {
    throw new ConfigError(
      index,
      '',
      `${what}; expected a tape index written by rocky-bot data index (delete it, or run rocky-bot data index on its tape)`,
    );
  };
  const fd = fs.openSync(index, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(HEAD);
    if (fs.readSync(fd, head, 0, HEAD, 0) !== HEAD || head.toString('latin1', 0, 8) !== MAGIC)
      bad('not a tape index (no RKYTIDX1 head)');
    const n = head.readDoubleLE(8);
    const at = head.readDoubleLE(16);
    const len = head.readDoubleLE(24);
    if (!(Number.isInteger(n) && n >= 0 && at === HEAD + n * RECORD && len > 0 && at + len === size))
      bad(`the index is truncated or corrupt (${size} bytes for ${n} ticks)`);
    const json = Buffer.alloc(len);
    fs.readSync(fd, json, 0, len, at);
    let meta: Meta;
    try {
      meta = JSON.parse(json.toString('utf8')) as Meta;
    } catch {
      return bad('the index meta is not valid JSON (truncated or corrupt)');
    }
    if (meta.ticks !== n || !Array.isArray(meta.changes) || typeof meta.end !== 'object' || typeof meta.source !== 'object')
      bad('the index meta does not match its records (corrupt)');
    return meta;
  } finally {
    fs.closeSync(fd);
  }
}
