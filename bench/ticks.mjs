// Replay benchmark for the bookTicker CSV reader. Run after `npm run build`:
//   node bench/ticks.mjs [rows=10000000]
// Generates a bookTicker CSV in os.tmpdir(), replays it with BookTickerCsvSource, compares with a
// plain line-splitting read of the same file and with csv-parse/sync on chunks of whole lines
// (first 2M rows only), prints rows/s and peak RSS (target < 200 MB), then deletes the file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { BookTickerCsvSource } from '../dist/market-data/bookticker-csv.js';

// `--gen FILE ROWS` runs the generator alone (in a child, so its memory does not count in the
// replay's peak RSS).
const GEN = process.argv[2] === '--gen';
const ROWS = Number(GEN ? process.argv[4] : (process.argv[2] ?? 10_000_000));
const file = GEN ? process.argv[3] : path.join(os.tmpdir(), `rocky-bench-bookTicker-${process.pid}.csv`);
const mb = (b) => (b / 1048576).toFixed(0);
const rss = () => process.resourceUsage().maxRSS * 1024;

function generate() {
  const fd = fs.openSync(file, 'w');
  let buf = 'update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time\n';
  let bid = 640000; // in ticks of 0.1
  let t = 1_700_000_000_000;
  for (let i = 0; i < ROWS; i++) {
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

function timeIt(label, fn) {
  const t0 = process.hrtime.bigint();
  const n = fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(
    `${label.padEnd(40)} ${String(n).padStart(10)} rows  ${(n / s / 1e6).toFixed(2)} M rows/s  (${s.toFixed(2)} s)  peak RSS ${mb(rss())} MB`,
  );
  return n;
}

if (GEN) {
  generate();
  process.exit(0);
}
try {
  const t0 = Date.now();
  const g = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--gen', file, String(ROWS)], { stdio: 'inherit' });
  if (g.status !== 0) throw new Error('generator failed');
  console.log(
    `generated ${ROWS} rows, ${mb(fs.statSync(file).size)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s (child process)`,
  );

  timeIt('BookTickerCsvSource (full parse)', () => {
    const src = new BookTickerCsvSource(file);
    let n = 0;
    let sum = 0;
    for (let t = src.next(); t !== undefined; t = src.next()) {
      n++;
      sum += t.bid;
    }
    if (!(sum > 0)) throw new Error('no data');
    return n;
  });

  timeIt('plain line split + Number() of 7 fields', () => {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.allocUnsafe(1 << 20);
    let rest = '';
    let n = 0;
    let sum = 0;
    for (;;) {
      const k = fs.readSync(fd, buf, 0, buf.length, null);
      if (k === 0) break;
      const lines = (rest + buf.toString('latin1', 0, k)).split('\n');
      rest = lines.pop();
      for (const l of lines) {
        if (n === 0 && l.startsWith('update_id')) continue;
        const f = l.split(',');
        sum += +f[1] + +f[3] + +f[2] + +f[4] + +f[5] + +f[6] + +f[0];
        n++;
      }
    }
    fs.closeSync(fd);
    if (!(sum > 0)) throw new Error('no data');
    return n;
  });

  const CAP = Math.min(ROWS, 2_000_000);
  timeIt(`csv-parse/sync on 1 MiB chunks (${CAP / 1e6}M)`, () => {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.allocUnsafe(1 << 20);
    let rest = '';
    let n = 0;
    let sum = 0;
    while (n < CAP) {
      const k = fs.readSync(fd, buf, 0, buf.length, null);
      if (k === 0) break;
      const text = rest + buf.toString('latin1', 0, k);
      const cut = text.lastIndexOf('\n') + 1;
      rest = text.slice(cut);
      for (const rec of parse(text.slice(0, cut), { from_line: n === 0 ? 2 : 1 })) {
        sum += +rec[1] + +rec[3] + +rec[2] + +rec[4] + +rec[5] + +rec[6] + +rec[0];
        n++;
      }
    }
    fs.closeSync(fd);
    if (!(sum > 0)) throw new Error('no data');
    return n;
  });
  console.log(`peak RSS overall ${mb(rss())} MB (target < 200 MB)`);
} finally {
  fs.rmSync(file, { force: true });
}
