/**
 * Writes a synthetic tape as a data.binance.vision bookTicker CSV (with header), so it can be
 * replayed with `kind: bookticker_csv`, shared, or inspected. Used by `rocky-bot data synth`.
 * Written through the one temp-and-rename writer (src/io/atomic-write.ts), so a reader never sees
 * a half-written tape and a failed or interrupted write leaves nothing behind. The async form
 * yields to the event loop between 1 MiB chunks, so SIGINT/SIGTERM can stop it.
 *
 * The Rng is `new SeededRng(String(seed)).split(`tape/${symbol}`)`: the same stream the simulator
 * gives a synthetic source for that symbol in a scenario whose seed is `seed`, so the file holds
 * the very ticks such a scenario would generate.
 */
import path from 'node:path';
import { SeededRng } from '../engine/rng.js';
import { AtomicWriter, throwIfAborted } from '../io/atomic-write.js';
import { BOOKTICKER_COLUMNS } from './bookticker-csv.js';
import { tickDecimals } from '../engine/decimal.js';
import { calibrationFor, SyntheticSource, type SyntheticConfig } from './synthetic.js';

export interface WriteSyntheticCsvOptions {
  symbol: string;
  /** Time of the first tick, ms since the epoch. */
  startMs: number;
  durationMs: number;
  tickSize: number;
  seed: string | number;
  /** Output path (its folder is created when missing). */
  out: string;
}

export interface WriteSyntheticCsvResult {
  rows: number;
  bytes: number;
  firstT: number | undefined;
  lastT: number | undefined;
}

function* csvChunks(cfg: SyntheticConfig, opts: WriteSyntheticCsvOptions, res: WriteSyntheticCsvResult): Generator<string> {
  const rng = new SeededRng(String(opts.seed)).split(`tape/${opts.symbol}`);
  const src = new SyntheticSource(cfg, {
    symbol: opts.symbol,
    startMs: opts.startMs,
    durationMs: opts.durationMs,
    tickSize: opts.tickSize,
    rng,
  });
  const dec = tickDecimals(opts.tickSize);
  let buf = `${BOOKTICKER_COLUMNS}\n`;
  for (let t = src.next(); t !== undefined; t = src.next()) {
    buf += `${t.updateId},${t.bid.toFixed(dec)},${t.bidQty.toFixed(3)},${t.ask.toFixed(dec)},${t.askQty.toFixed(3)},${t.t},${t.t}\n`;
    res.rows++;
    if (res.firstT === undefined) res.firstT = t.t;
    res.lastT = t.t;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = '';
    }
  }
  yield buf;
}

export function writeSyntheticCsv(cfg: SyntheticConfig, opts: WriteSyntheticCsvOptions): WriteSyntheticCsvResult {
  const res: WriteSyntheticCsvResult = { rows: 0, bytes: 0, firstT: undefined, lastT: undefined };
  const w = new AtomicWriter(path.resolve(opts.out));
  try {
    for (const chunk of csvChunks(cfg, opts, res)) w.write(chunk);
    w.commit();
  } catch (e) {
    w.abort();
    throw e;
  }
  res.bytes = w.bytes;
  return res;
}

/** As writeSyntheticCsv, yielding between chunks; an aborted `signal` removes the temp file and throws Interrupted. */
export async function writeSyntheticCsvAsync(
  cfg: SyntheticConfig,
  opts: WriteSyntheticCsvOptions & { signal?: AbortSignal },
): Promise<WriteSyntheticCsvResult> {
  const res: WriteSyntheticCsvResult = { rows: 0, bytes: 0, firstT: undefined, lastT: undefined };
  const w = new AtomicWriter(path.resolve(opts.out));
  try {
    for (const chunk of csvChunks(cfg, opts, res)) {
      w.write(chunk);
      await new Promise<void>((r) => setImmediate(r));
      throwIfAborted(opts.signal);
    }
    w.commit();
  } catch (e) {
    w.abort();
    throw e;
  }
  res.bytes = w.bytes;
  return res;
}

/**
 * Rows and bytes a tape will have, before writing it: rows from the rate and the duration, bytes
 * per row from the row layout at the start price (within a few percent for a day-long tape).
 */
export function estimateSyntheticCsv(
  cfg: SyntheticConfig,
  opts: Omit<WriteSyntheticCsvOptions, 'out' | 'seed'>,
): { rows: number; bytes: number } {
  const rows = Math.ceil((opts.durationMs / 1000) * cfg.rate_hz);
  const price = cfg.start_price ?? calibrationFor(opts.symbol)?.start_price ?? 1;
  const dec = tickDecimals(opts.tickSize);
  const priceLen = price.toFixed(dec).length;
  const qtyLen = 6; // e.g. 12.345
  const idLen = String(rows).length;
  const tLen = String(Math.trunc(opts.startMs + opts.durationMs)).length;
  const perRow = idLen + 2 * priceLen + 2 * qtyLen + 2 * tLen + 7;
  return { rows, bytes: BOOKTICKER_COLUMNS.length + 1 + rows * perRow };
}
