// Replay benchmark for the bookTicker CSV reader. Run after `npm run build`:
//   node bench/ticks.mjs [rows=10000000]
// Generates a bookTicker CSV in os.tmpdir(), replays it with BookTickerCsvSource, compares with a
// plain line-splitting read of the same file and with csv-parse/sync on chunks of whole lines
// (first 2M rows only), prints rows/s and peak RSS (target < 200 MB). Then the compressed readers:
// a 2M-row file as plain, .gz and .zip (sizes in the header; and with a data descriptor, as
// streaming zip writers make it) replayed by BookTickerCsvSource, next to a newline count of the
// same plain file and a native zlib gunzip + newline count of the same .gz. Deletes its files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { Zip, zipSync } from 'fflate';
import { BookTickerCsvSource } from '../dist/market-data/bookticker-csv.js';
import { writeBookTickerCsv } from './ticks-lib.mjs';

// `--gen FILE ROWS [archives]` runs the generator alone (in a child, so its memory does not count
// in the replay's peak RSS); with `archives` it also writes FILE.gz, FILE.zip and FILE.dd.zip.
const GEN = process.argv[2] === '--gen';
const ROWS = Number(GEN ? process.argv[4] : (process.argv[2] ?? 10_000_000));
const file = GEN ? process.argv[3] : path.join(os.tmpdir(), `rocky-bench-bookTicker-${process.pid}.csv`);
const mb = (b) => (b / 1048576).toFixed(0);
const rss = () => process.resourceUsage().maxRSS * 1024;

function generate() {
  writeBookTickerCsv(file, ROWS);
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

/** FILE.gz (native zlib), FILE.zip (fflate, sizes in the header), FILE.dd.zip (data descriptor). */
function archives() {
  const data = fs.readFileSync(file);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data));
  fs.writeFileSync(`${file}.zip`, zipSync({ 'tape.csv': [data, { level: 6 }] }));
  // fflate's streaming Zip writes the container, node's zlib the deflate data.
  const parts = [];
  const z = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  const entry = { filename: 'tape.csv', size: data.length, crc: zlib.crc32(data), compression: 8 };
  z.add(entry);
  entry.ondata(null, zlib.deflateRawSync(data), true);
  z.end();
  fs.writeFileSync(`${file}.dd.zip`, Buffer.concat(parts));
}

function countNewlines() {
  const fd = fs.openSync(sub, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let n = 0;
  for (let k = fs.readSync(fd, buf, 0, buf.length, null); k > 0; k = fs.readSync(fd, buf, 0, buf.length, null)) {
    for (let i = buf.indexOf(10); i >= 0 && i < k; i = buf.indexOf(10, i + 1)) n++;
  }
  fs.closeSync(fd);
  return n - 1; // the header
}

function replay(f) {
  const src = new BookTickerCsvSource(f);
  let n = 0;
  let sum = 0;
  for (let t = src.next(); t !== undefined; t = src.next()) {
    n++;
    sum += t.bid;
  }
  if (!(sum > 0)) throw new Error('no data');
  return n;
}

async function timeItAsync(label, fn) {
  const t0 = process.hrtime.bigint();
  const n = await fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(
    `${label.padEnd(40)} ${String(n).padStart(10)} rows  ${(n / s / 1e6).toFixed(2)} M rows/s  (${s.toFixed(2)} s)  peak RSS ${mb(rss())} MB`,
  );
  return n;
}

if (GEN) {
  generate();
  if (process.argv[5] === 'archives') archives();
  process.exit(0);
}
const SUB_ROWS = Math.min(ROWS, 2_000_000);
const sub = path.join(os.tmpdir(), `rocky-bench-bookTicker-sub-${process.pid}.csv`);
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

  const g2 = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--gen', sub, String(SUB_ROWS), 'archives'], {
    stdio: 'inherit',
  });
  if (g2.status !== 0) throw new Error('generator failed');
  const size = (f) => `${mb(fs.statSync(f).size)} MB`;
  console.log(
    `\ncompressed tapes, ${SUB_ROWS} rows: plain ${size(sub)}, .gz ${size(`${sub}.gz`)}, .zip ${size(`${sub}.zip`)}, .dd.zip ${size(`${sub}.dd.zip`)}`,
  );
  timeIt('newline count, plain (reference)', countNewlines);
  await timeItAsync('native zlib gunzip + newline count', async () => {
    let n = 0;
    for await (const chunk of fs.createReadStream(`${sub}.gz`).pipe(zlib.createGunzip())) {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
    }
    return n - 1;
  });
  timeIt('BookTickerCsvSource plain', () => replay(sub));
  timeIt('BookTickerCsvSource .gz', () => replay(`${sub}.gz`));
  timeIt('BookTickerCsvSource .zip', () => replay(`${sub}.zip`));
  timeIt('BookTickerCsvSource .zip, data descriptor', () => replay(`${sub}.dd.zip`));
} finally {
  fs.rmSync(file, { force: true });
  for (const f of [sub, `${sub}.gz`, `${sub}.zip`, `${sub}.dd.zip`]) fs.rmSync(f, { force: true });
}
