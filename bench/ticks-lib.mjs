// Helpers of the tape benches (bench/rows/tape-*.mjs, bench/ticks*.mjs): tape generation in a temp
// folder, CPU seconds, medians. Self-contained so the tape rows need nothing else from bench/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temp folder for generated tapes; remove it with `rmTemp`. */
export function tempDir(tag) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rocky-bench-${tag}-`));
}

export function rmTemp(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A bookTicker CSV of `rows` rows (header first), BTC-like prices on a 0.1 tick, 0–8 ms apart:
 * the shape of a data.binance.vision file, written 1 MiB at a time.
 */
export function writeBookTickerCsv(file, rows) {
  const fd = fs.openSync(file, 'w');
  let buf = 'update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time\n';
  let bid = 640000; // in ticks of 0.1
  let t = 1_700_000_000_000;
  for (let i = 0; i < rows; i++) {
    if ((i * 2654435761) % 7 === 0) bid += i & 8 ? 1 : -1;
    t += (i % 3) * 4;
    buf += `${4984028370881 + i},${(bid / 10).toFixed(1)},${((i % 997) / 10 + 0.001).toFixed(3)},${((bid + 1) / 10).toFixed(1)},${((i % 331) / 10 + 0.002).toFixed(3)},${t},${t + 1}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

/** CPU seconds (user + system) of one call of `fn` (awaited). */
export async function cpuSeconds(fn) {
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

/** Rounds in which every named function runs once, in turn: name → CPU seconds list. */
export async function interleaved(rounds, fns) {
  const out = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) for (const [k, fn] of Object.entries(fns)) out[k].push(await cpuSeconds(fn));
  return out;
}

/** Median (the lower middle for an even length). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1];
}

export const mb = (bytes) => bytes / 1048576;
