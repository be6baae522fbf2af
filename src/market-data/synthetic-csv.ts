/**
 * Writes a synthetic tape as a data.binance.vision bookTicker CSV (with header), so it can be
 * replayed with `kind: bookticker_csv`, shared, or inspected. Used by `rocky-bot data synth`.
 * Written to a temp file next to `out`, then renamed, so a reader never sees a half-written tape.
 *
 * The Rng is `new SeededRng(String(seed)).split(`tape/${symbol}`)`: the same stream the simulator
 * gives a synthetic source for that symbol in a scenario whose seed is `seed`, so the file holds
 * the very ticks such a scenario would generate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SeededRng } from '../engine/rng.js';
import { BOOKTICKER_COLUMNS } from './bookticker-csv.js';
import { tickDecimals } from '../engine/decimal.js';
import { SyntheticSource, type SyntheticConfig } from './synthetic.js';

export interface WriteSyntheticCsvOptions {
  symbol: string;
  /** Time of the first tick, ms since the epoch. */
  startMs: number;
  durationMs: number;
  tickSize: number;
  seed: string | number;
  /** Output path (parent folder must exist). */
  out: string;
}

export interface WriteSyntheticCsvResult {
  rows: number;
  bytes: number;
  firstT: number | undefined;
  lastT: number | undefined;
}

export function writeSyntheticCsv(cfg: SyntheticConfig, opts: WriteSyntheticCsvOptions): WriteSyntheticCsvResult {
  const rng = new SeededRng(String(opts.seed)).split(`tape/${opts.symbol}`);
  const src = new SyntheticSource(cfg, {
    symbol: opts.symbol,
    startMs: opts.startMs,
    durationMs: opts.durationMs,
    tickSize: opts.tickSize,
    rng,
  });
  const dec = tickDecimals(opts.tickSize);
  const tmp = path.join(path.dirname(opts.out), `.${path.basename(opts.out)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  let rows = 0;
  let bytes = 0;
  let firstT: number | undefined;
  let lastT: number | undefined;
  try {
    let buf = `${BOOKTICKER_COLUMNS}\n`;
    for (let t = src.next(); t !== undefined; t = src.next()) {
      buf += `${t.updateId},${t.bid.toFixed(dec)},${t.bidQty.toFixed(3)},${t.ask.toFixed(dec)},${t.askQty.toFixed(3)},${t.t},${t.t}\n`;
      rows++;
      if (firstT === undefined) firstT = t.t;
      lastT = t.t;
      if (buf.length > 1 << 20) {
        bytes += fs.writeSync(fd, buf);
        buf = '';
      }
    }
    bytes += fs.writeSync(fd, buf);
    fs.closeSync(fd);
    fs.renameSync(tmp, opts.out);
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {
      /* already closed */
    }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return { rows, bytes, firstT, lastT };
}
