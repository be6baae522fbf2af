// Tape ingest: BookTickerCsvSource reading every row of a generated bookTicker CSV (8.64 M rows,
// one symbol-day at 100 updates/s; --quick: 0.5 M) against counting the newlines of the same file
// (1 MiB reads, Buffer#indexOf), CPU-s, median of three interleaved rounds, same process. Then the
// compressed paths on a 2 M-row cut of it (--quick: 0.5 M): the reader on .gz and .zip against
// counting the newlines of the same bytes out of the same decompressor (fflate, as the reader
// pulls them), so the ratio is the reader's own cost over decompression. Files live in a temp
// folder, removed after. Also the big file read back through its binary index (tape-index.ts)
// against the same newline count of the CSV.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { zipSync } from 'fflate';
import { BookTickerCsvSource } from '../../dist/market-data/bookticker-csv.js';
import { GunzipBytes } from '../../dist/market-data/gzip-bytes.js';
import { buildTapeIndex, openIndexed } from '../../dist/market-data/tape-index.js';
import { ZipEntryBytes } from '../../dist/market-data/zip-bytes.js';
import { interleaved, median, rmTemp, tempDir, writeBookTickerCsv } from '../ticks-lib.mjs';

function countNewlines(file) {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let n = 0;
  for (let k = fs.readSync(fd, buf, 0, buf.length, null); k > 0; k = fs.readSync(fd, buf, 0, buf.length, null)) {
    for (let i = buf.indexOf(10); i >= 0 && i < k; i = buf.indexOf(10, i + 1)) n++;
  }
  fs.closeSync(fd);
  return n - 1; // the header
}

function countDecompressed(bytes) {
  let n = 0;
  for (let c = bytes.read(); c !== undefined; c = bytes.read()) {
    const b = Buffer.from(c.buffer, c.byteOffset, c.length);
    for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
  }
  bytes.close();
  return n - 1;
}

function replay(file, indexed = false) {
  const src = indexed ? openIndexed(file) : new BookTickerCsvSource(file);
  let n = 0;
  let sum = 0;
  for (let t = src.next(); t !== undefined; t = src.next()) {
    n++;
    sum += t.bid;
  }
  if (!(sum > 0)) throw new Error(`no data in ${file}`);
  return n;
}

/** Three interleaved rounds of reference and reader; checks both saw every row. */
async function versus(rows, reference, reader) {
  const seen = {};
  const cpu = await interleaved(3, {
    reference: () => {
      seen.reference = reference();
    },
    reader: () => {
      seen.reader = reader();
    },
  });
  if (seen.reference !== rows || seen.reader !== rows)
    throw new Error(`row counts differ: ${JSON.stringify(seen)}, expected ${rows}`);
  return { ours: median(cpu.reader), ref: median(cpu.reference) };
}

export default async function rows({ quick }) {
  const dir = tempDir('tape-ingest');
  try {
    const big = quick ? 500_000 : 8_640_000;
    const small = quick ? 500_000 : 2_000_000;
    const plain = path.join(dir, 'big.csv');
    writeBookTickerCsv(plain, big);
    const size = fs.statSync(plain).size;
    process.stderr.write(`tape-ingest: ${big} rows, ${(size / 1048576).toFixed(0)} MiB\n`);
    const p = await versus(
      big,
      () => countNewlines(plain),
      () => replay(plain),
    );
    buildTapeIndex(plain);
    const idx = await versus(
      big,
      () => countNewlines(plain),
      () => replay(plain, true),
    );

    const cut = path.join(dir, 'cut.csv');
    writeBookTickerCsv(cut, small);
    const data = fs.readFileSync(cut);
    fs.writeFileSync(`${cut}.gz`, zlib.gzipSync(data));
    fs.writeFileSync(`${cut}.zip`, zipSync({ 'cut.csv': [data, { level: 6 }] }));
    const gz = await versus(
      small,
      () => countDecompressed(new GunzipBytes(`${cut}.gz`)),
      () => replay(`${cut}.gz`),
    );
    const zip = await versus(
      small,
      () => countDecompressed(new ZipEntryBytes(`${cut}.zip`)),
      () => replay(`${cut}.zip`),
    );

    const row = (figure, r, refName) => ({
      figure,
      value: r.ours,
      unit: 'CPU-s',
      reference: `${refName} ${r.ref.toFixed(2)} CPU-s`,
      ratio: r.ours / r.ref,
      target: '≤ 3× reference',
      met: r.ours / r.ref <= 3,
    });
    const M = (n) => `${(n / 1e6).toFixed(2)} M`;
    return [
      row(`bookTicker CSV reader, plain, ${M(big)} rows (${(size / 1048576).toFixed(0)} MiB)`, p, 'newline count'),
      row(`the same tape through its index (rocky-bot data index)`, idx, 'newline count of the CSV'),
      row(`bookTicker CSV reader, .gz, ${M(small)} rows`, gz, 'fflate gunzip + newline count'),
      row(`bookTicker CSV reader, .zip, ${M(small)} rows`, zip, 'fflate unzip + newline count'),
    ];
  } finally {
    rmTemp(dir);
  }
}
