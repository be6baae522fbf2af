/**
 * Compressed tapes: a full-size daily archive (≥ 20 MB compressed, generated here) replays every
 * row as .gz and .zip; truncated, corrupt, empty and ambiguous archives fail naming the file (and
 * the line reached when the fault is met while streaming).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { BookTickerCsvSource } from '../../src/market-data/bookticker-csv.js';
import { BT_HEADER, btRows, drain, tmpDir, writeZip } from './helpers.js';

const dir = tmpDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Count and fingerprint of what a reader delivers, without keeping the ticks. */
function replay(file: string, opts = {}): { n: number; sum: number; lastId: number } {
  const src = new BookTickerCsvSource(file, opts);
  let n = 0;
  let sum = 0;
  let lastId = 0;
  for (let t = src.next(); t !== undefined; t = src.next()) {
    n++;
    sum += t.bid + t.askQty;
    lastId = t.updateId!;
  }
  return { n, sum, lastId };
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

/**
 * A bookTicker day of high-entropy rows (random ids and quantities, a random-walk price), so that
 * fewer rows reach 20 MB compressed. Seeded (xorshift): the same bytes on every run. Written with
 * small integers only (fast to format): times are "1721" + a 9-digit rest.
 */
function bigDay(rows: number): Buffer {
  let s = 0x2545f491;
  const rnd = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const qty = (): string => `${(rnd() * 9999) | 0}.${100 + ((rnd() * 900) | 0)}`;
  const buf = Buffer.allocUnsafe(rows * 90 + 200);
  let p = buf.write(`${BT_HEADER}\n`, 0, 'latin1');
  let bid = 640_000; // ticks of 0.1
  let off = 0; // ms after 2024-07-19T00:00:00Z = 1721347200000
  for (let i = 0; i < rows; i++) {
    bid += rnd() < 0.3 ? (rnd() < 0.5 ? 1 : -1) : 0;
    off += (rnd() * 200) | 0;
    const ask = bid + 1 + ((rnd() * 20) | 0);
    const row =
      `4984${100_000_000 + ((rnd() * 899_999_999) | 0)},${(bid / 10) | 0}.${bid % 10},${qty()},${(ask / 10) | 0}.${ask % 10},${qty()},` +
      `1721${347_200_000 + off},1721${347_200_000 + off + ((rnd() * 999) | 0)}\n`;
    p += buf.write(row, p, 'latin1');
  }
  return buf.subarray(0, p);
}

describe('a full-size daily archive replays completely', () => {
  const ROWS = 770_000; // ~58 MB plain, ~21.5 MB compressed at level 1
  const plain = path.join(dir, 'day.csv');
  const gz = path.join(dir, 'day.csv.gz');
  const data = bigDay(ROWS);
  fs.writeFileSync(plain, data);
  fs.writeFileSync(gz, zlib.gzipSync(data, { level: 1 }));
  const zip = writeZip(dir, 'day.zip', 'day.csv', [data.toString('latin1').slice(0, -1)], false, 1);

  it('is at least 20 MB compressed, as .gz and as .zip', () => {
    expect(fs.statSync(gz).size).toBeGreaterThanOrEqual(20 * 1024 * 1024);
    expect(fs.statSync(zip).size).toBeGreaterThanOrEqual(20 * 1024 * 1024);
  });

  it('every row arrives: .gz and .zip give the plain file’s ticks', () => {
    const ref = replay(plain);
    expect(ref.n).toBe(ROWS);
    for (const f of [gz, zip]) expect(replay(f), path.basename(f)).toEqual(ref);
  });

  it('a truncated daily .gz fails at the line it was cut in', () => {
    const cut = path.join(dir, 'cut.csv.gz');
    const bytes = fs.readFileSync(gz);
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const e = errorOf(() => replay(cut));
    expect(e.file).toBe(cut);
    const line = Number(/^line (\d+)$/.exec(e.where)?.[1]);
    expect(line).toBeGreaterThan(ROWS * 0.5);
    expect(line).toBeLessThan(ROWS * 0.7);
    expect(e.problem).toMatch(/gzip data is truncated or corrupt \(unexpected EOF\)/);
  });
});

describe('archive faults', () => {
  const lines = [BT_HEADER, ...btRows(5000)];
  const text = `${lines.join('\n')}\n`;
  const gzBytes = zlib.gzipSync(Buffer.from(text));
  const put = (name: string, bytes: Uint8Array | string): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, bytes);
    return f;
  };

  it('a .gz made of several members replays them all', () => {
    const half = lines.length >> 1;
    const f = put(
      'multi.csv.gz',
      Buffer.concat([zlib.gzipSync(`${lines.slice(0, half).join('\n')}\n`), zlib.gzipSync(`${lines.slice(half).join('\n')}\n`)]),
    );
    expect(replay(f).n).toBe(5000);
  });

  it('a .gz cut anywhere, even inside its trailer, or with flipped bytes, fails naming the file', () => {
    for (const [name, bytes] of [
      ['half.csv.gz', gzBytes.subarray(0, gzBytes.length >> 1)],
      ['notrailer.csv.gz', gzBytes.subarray(0, gzBytes.length - 8)],
      ['trailer3.csv.gz', gzBytes.subarray(0, gzBytes.length - 3)],
      ['header.csv.gz', gzBytes.subarray(0, 10)],
    ] as const) {
      const f = put(name, bytes);
      const e = errorOf(() => replay(f));
      expect(e.file).toBe(f);
      expect(e.where).toMatch(/^line \d+$/);
      expect(e.problem).toMatch(
        /gzip (data is truncated or corrupt|data ends without its trailer|member 1 does not match its trailer)/,
      );
    }
    // Corruption that still inflates and still parses is caught by the CRC-32 in the trailer.
    const stored = zlib.gzipSync(Buffer.from(text), { level: 0 });
    const at = text.indexOf(',1.5,', 1000) + 1; // a quantity digit, inside the first stored block
    expect(stored.subarray(15 + at, 16 + at).toString()).toBe('1');
    const flipped = Buffer.from(stored);
    flipped[15 + at] = '7'.charCodeAt(0);
    const e = errorOf(() => replay(put('flip.csv.gz', flipped)));
    expect(e.problem).toMatch(/gzip member 1 does not match its trailer/);
  });

  it('0-byte archives are errors naming the file', () => {
    for (const name of ['empty.csv.gz', 'empty.zip']) {
      const f = put(name, '');
      const e = errorOf(() => new BookTickerCsvSource(f));
      expect(e.file).toBe(f);
      expect(e.problem).toMatch(/^empty archive \(0 bytes\)/);
    }
  });

  it('a zip with several entries is an error naming them, unless entry picks one', () => {
    const enc = new TextEncoder();
    const f = put('two.zip', zipSync({ 'a.csv': enc.encode(text), 'dir/': new Uint8Array(0), 'b.csv': enc.encode('x\n') }));
    expect(errorOf(() => new BookTickerCsvSource(f)).problem).toBe(
      'the zip archive holds 2 files (a.csv, b.csv); name the one to replay with entry:',
    );
    expect(drain(new BookTickerCsvSource(f, { entry: 'a.csv' }))).toHaveLength(5000);
    expect(errorOf(() => new BookTickerCsvSource(f, { entry: 'c.csv' })).problem).toBe(
      'the zip archive has no entry "c.csv" (entry:); it holds a.csv, b.csv',
    );
    // The entry after the other one, stored instead of deflated.
    const g = put('second.zip', zipSync({ 'notes.txt': enc.encode('hello\n'), 'tape.csv': [enc.encode(text), { level: 0 }] }));
    expect(drain(new BookTickerCsvSource(g, { entry: 'tape.csv' }))).toHaveLength(5000);
  });

  it('truncated, corrupt, foreign and empty zips fail naming the file', () => {
    const z = fs.readFileSync(writeZip(dir, 'ok.zip', 'a.csv', lines));
    expect(drain(new BookTickerCsvSource(path.join(dir, 'ok.zip')))).toHaveLength(5000);
    const cut = put('cut.zip', z.subarray(0, z.length - 30));
    expect(errorOf(() => new BookTickerCsvSource(cut)).problem).toMatch(/^not a zip archive, or truncated/);
    const flipped = Buffer.from(z);
    for (let i = 3000; i < 3020; i++) flipped[i] = flipped[i]! ^ 0x5a;
    const bad = put('bad.zip', flipped);
    const e = errorOf(() => replay(bad));
    expect(e.file).toBe(bad);
    expect(e.where).toMatch(/^line \d+$/);
    // Either inflate or the row checks meet it first (the zip's CRC is not checked: see zip-bytes.ts).
    expect(e.problem).toMatch(/^zip data is truncated or corrupt|expected 7 fields|must be|book/);
    expect(errorOf(() => new BookTickerCsvSource(put('text.zip', text))).problem).toMatch(/^not a zip archive/);
    expect(errorOf(() => new BookTickerCsvSource(put('none.zip', zipSync({}))))).toMatchObject({
      problem: 'the zip archive holds no file; expected one tape file',
    });
  });

  it('a zip entry in another compression method is named', () => {
    const z = Buffer.from(zipSync({ 'a.csv': new TextEncoder().encode(text) }));
    // Method 12 (bzip2) in the central directory header (signature PK\1\2, method at +10).
    const cd = z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    z.writeUInt16LE(12, cd + 10);
    const f = put('bzip.zip', z);
    expect(errorOf(() => new BookTickerCsvSource(f)).problem).toBe(
      'zip entry "a.csv" uses compression method 12; expected 0 (stored) or 8 (deflate)',
    );
  });
});
