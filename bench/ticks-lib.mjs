// Helpers of the tape benches (bench/rows/tape-*.mjs, bench/ticks*.mjs): tape generation in a temp
// folder; the CPU-second helpers are measure.mjs's, re-exported.
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

// CPU seconds, interleaved rounds and medians: one copy, in measure.mjs.
export { cpuSeconds, interleaved, median } from './measure.mjs';

export const mb = (bytes) => bytes / 1048576;
