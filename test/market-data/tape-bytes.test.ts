/**
 * The bookTicker reader's in-place byte path against its text path (parseLine over decoded lines,
 * the reader as it was before the byte path): the same ticks, counters, positions and errors on
 * rows of every shape, across read-chunk boundaries, plain and gzipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BookTickerCsvSource } from '../../src/market-data/bookticker-csv.js';
import type { TapeReadOptions } from '../../src/market-data/line-tape-source.js';
import { SeededRng } from '../../src/engine/rng.js';
import { BT_HEADER, tmpDir } from './helpers.js';

/** The same reader with the byte path switched off: every line decoded and parsed as text. */
class TextOnly extends BookTickerCsvSource {
  protected override fast = false;
}

interface Seen {
  ticks: unknown[];
  error: string | undefined;
}

function run(src: BookTickerCsvSource): Seen {
  const ticks: unknown[] = [];
  try {
    for (let t = src.next(); t !== undefined; t = src.next()) ticks.push([t, src.stats(), src.position()]);
    ticks.push(['end', src.stats(), src.position()]);
    return { ticks, error: undefined };
  } catch (e) {
    return { ticks, error: (e as Error).message };
  }
}

function same(file: string, opts: TapeReadOptions = {}): Seen {
  const fast = run(new BookTickerCsvSource(file, opts));
  const text = run(new TextOnly(file, opts));
  expect(fast).toEqual(text);
  return fast;
}

/** Rows of varied but valid shapes (prices of 1–15 significant digits, CRLF, 8 columns). */
function variedRows(n: number, rng: SeededRng): string[] {
  const rows: string[] = [];
  let t = 1_721_347_200_000;
  for (let i = 0; i < n; i++) {
    t += Math.floor(rng.next() * 5);
    const dec = Math.floor(rng.next() * 9);
    const bid = Math.floor(rng.next() * 1e6) / 10 ** dec + 0.0001;
    const b = bid.toFixed(dec);
    const a = (bid + 10 ** -dec).toFixed(dec);
    const q = (rng.next() * 50).toFixed(Math.floor(rng.next() * 4));
    const lead = rng.next() < 0.05 ? '000' : '';
    let row = `${1000 + i},${lead}${b},${q},${a},0${q},${t},${t + 1}`;
    if (rng.next() < 0.05) row += `,${t + 30}`;
    rows.push(rng.next() < 0.1 ? `${row}\r` : row);
  }
  return rows;
}

describe('bookTicker byte path = text path', () => {
  const dir = tmpDir();
  const rng = new SeededRng('tape-bytes');

  it('on 40 000 varied rows spanning several 1 MiB reads, plain and .gz', () => {
    // Long rows (padded quantities) so the file crosses read chunks at many row offsets.
    const rows = variedRows(40_000, rng).map((r, i) => (i % 3 === 0 ? r.replace(/,0(\d)/, ',0000000000$1') : r));
    const text = `${BT_HEADER}\n${rows.join('\n')}\n`;
    const f = path.join(dir, 'varied.csv');
    fs.writeFileSync(f, text);
    expect(fs.statSync(f).size).toBeGreaterThan(2 << 20);
    expect(same(f).ticks).toHaveLength(40_001);
    fs.writeFileSync(`${f}.gz`, zlib.gzipSync(text));
    expect(same(`${f}.gz`).ticks).toHaveLength(40_001);
  });

  it('on rows the byte path leaves to the text path', () => {
    const T = 1_721_347_200_000;
    const rows = [
      `1,+64000.1,1,64000.2,1,${T},${T}`, // sign
      `2,6.40001e4,1,64000.2,1,${T},${T}`, // exponent
      `3, 64000.1,1,64000.2,1,${T},${T}`, // space
      `4,64000.1234567890123,1,64000.2,1,${T},${T}`, // 18 significant digits
      `5,64000.1,1,64000.2,1,,${T + 5}`, // empty transaction_time
      `6,64000.1,1,64000.2,1,${T + 6}`, // no event_time
      `7,64000.1,1,64000.2,1,${T + 7},${T + 7},${T + 9}`, // received_at
      `8,.5,1,0.6,1,${T + 8},${T + 8}`, // leading dot
      '',
      `9,64000.1,1,64000.2,1,${T + 9},${T + 9}\r`,
      `\uFEFF10,64000.1,1,64000.2,1,${T + 10},${T + 10}`, // a BOM inside the file
      `11,64000.1,1,64000.2,1,${T - 1000},${T}`, // out of order
    ];
    const f = path.join(dir, 'odd.csv');
    fs.writeFileSync(f, `\uFEFF${BT_HEADER}\n${rows.join('\n')}`); // BOM at the start, no final newline
    const seen = same(f, { onBadRow: 'skip' });
    expect(seen.error).toBeUndefined();
  });

  it('with the same error at the same line for each kind of bad row', () => {
    const T = 1_721_347_200_000;
    const good = `1,64000.1,1,64000.2,1,${T},${T}`;
    for (const bad of [
      `2,64000.3,1,64000.2,1,${T},${T}`, // crossed
      `2,64000.2,1,64000.2,1,${T},${T}`, // locked
      `2,64000.1,1,64000.2,1,${T / 1000},${T / 1000}`, // seconds
      `2,64000.1,1,64000.2`, // too few fields
      `2,64000.1,1,64000.2,1,${T},${T},${T},${T}`, // too many
      `2,0,1,64000.2,1,${T},${T}`, // zero price
      `2,99999999.1,1,99999999.2,1,${T},${T}`, // over the venue's max price
      `2,64000.1,1,64000.2,1,${T},${T},0`, // received_at 0
      `2,64000.1,x,64000.2,1,${T},${T}`,
    ]) {
      const f = path.join(dir, 'bad.csv');
      fs.writeFileSync(f, `${BT_HEADER}\n${good}\n${bad}\n${good}\n`);
      const seen = same(f);
      expect(seen.error).toMatch(/bad\.csv.*line 3/);
      expect(same(f, { onBadRow: 'skip' }).error).toBeUndefined();
    }
  });

  it('with a truncated .gz failing at the half row it ends in', () => {
    const rows = variedRows(5000, rng);
    const gz = zlib.gzipSync(`${BT_HEADER}\n${rows.join('\n')}\n`);
    const f = path.join(dir, 'cut.csv.gz');
    fs.writeFileSync(f, gz.subarray(0, Math.floor(gz.length / 2)));
    const seen = same(f);
    expect(seen.error).toMatch(/cut\.csv\.gz.*line \d+/);
    expect(seen.ticks.length).toBeGreaterThan(100);
  });
});
