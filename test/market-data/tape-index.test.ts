/**
 * The binary tape index (tape-index.ts): it replays the very ticks, counters and positions of the
 * CSV reader, through a scenario's price source too; a stale index is rebuilt; a broken one is an
 * error naming it; a tape that fails to parse leaves no index behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexMain } from '../../src/cli/data-index-command.js';
import type { CliIo } from '../../src/cli/io.js';
import { ConfigError } from '../../src/config/config-error.js';
import { SeededRng } from '../../src/engine/rng.js';
import { BookTickerCsvSource } from '../../src/market-data/bookticker-csv.js';
import type { TapeReadOptions } from '../../src/market-data/line-tape-source.js';
import { openPriceSource, parsePriceSource } from '../../src/market-data/price-source.js';
import { buildTapeIndex, indexPathFor, openIndexed } from '../../src/market-data/tape-index.js';
import type { TapeSource } from '../../src/market-data/tape-source.js';
import { BT_HEADER, btRows, drain, tmpDir, writeGz } from './helpers.js';

const T0 = 1_700_000_000_000;

function trace(src: TapeSource): unknown[] {
  const out: unknown[] = [];
  for (let t = src.peek(); t !== undefined; t = src.peek()) {
    out.push([src.stats(), src.position()]); // a tick buffered by peek counts as read
    out.push([src.next(), src.stats(), src.position()]);
  }
  out.push(['end', src.stats(), src.position()]);
  return out;
}

/** A tape with everything the counters see: blank lines, an out-of-order row, bad rows, receipt times. */
function messyTape(dir: string): string {
  const rows = btRows(3000, T0, 10);
  rows.splice(100, 0, '');
  rows.splice(200, 0, `77,100,1,99,1,${T0 + 1990},${T0 + 1990}`); // crossed: bad
  rows.splice(300, 0, `78,100,1,100.1,1,${T0},${T0}`); // back in time: dropped
  rows.splice(400, 0, `79,100,1,100.1,1,${T0 + 4000},${T0 + 4000},${T0 + 4050}`); // received_at
  rows.push('', '');
  const f = path.join(dir, 'messy.csv');
  fs.writeFileSync(f, `${BT_HEADER}\n${rows.join('\n')}\n`);
  return f;
}

function indexed(f: string, opts: TapeReadOptions = {}): TapeSource {
  const s = openIndexed(f, opts);
  if (s === undefined) throw new Error('no index');
  return s;
}

describe('tape index', () => {
  const dir = tmpDir();
  const skip: TapeReadOptions = { onBadRow: 'skip' };

  it('replays the ticks, counters and positions of the CSV reader', () => {
    const f = messyTape(dir);
    expect(openIndexed(f, skip)).toBeUndefined();
    const n = buildTapeIndex(f, skip);
    const csv = new BookTickerCsvSource(f, skip);
    expect(n).toBe(drain(csv).length);
    expect(csv.stats()).toMatchObject({ rowsRead: 3002, skipped: 3, badRowsSkipped: 1, outOfOrderDropped: 4 });
    expect(trace(indexed(f, skip))).toEqual(trace(new BookTickerCsvSource(f, skip)));
  });

  it('reads .gz tapes, and counts stay right when a reader stops early', () => {
    const f = writeGz(dir, 'day.csv.gz', [BT_HEADER, ...btRows(40_000, T0, 10)]);
    buildTapeIndex(f);
    const a = indexed(f);
    const b = new BookTickerCsvSource(f);
    for (let i = 0; i < 20_000; i++) expect(a.next()).toEqual(b.next());
    a.close();
    b.close();
    expect([a.stats(), a.position()]).toEqual([b.stats(), b.position()]);
  });

  it('gives a scenario the same summary and ticks as the CSV', () => {
    const f = messyTape(dir);
    buildTapeIndex(f, skip);
    const cfg = parsePriceSource({ kind: 'bookticker_csv', file: f, on_bad_row: 'skip', loop: true }, 'sc.yaml', 'source');
    const ctx = { symbol: 'BTCUSDT', startMs: T0, durationMs: 90_000, tickSize: 0.1, rng: new SeededRng('x'), baseDir: dir };
    const viaIndex = openPriceSource(cfg, ctx);
    const ticks = drain(viaIndex);
    fs.rmSync(indexPathFor(f));
    const viaCsv = openPriceSource(cfg, ctx);
    expect(ticks).toEqual(drain(viaCsv));
    expect(viaIndex.summary()).toEqual(viaCsv.summary());
    expect(viaIndex.summary().seams).toBeGreaterThan(0);
  });

  it('is rebuilt when the tape changes, or is read with another bad-row policy', () => {
    const f = path.join(dir, 'changing.csv');
    fs.writeFileSync(f, `${BT_HEADER}\n${btRows(500, T0).join('\n')}\n`);
    buildTapeIndex(f);
    fs.writeFileSync(f, `${BT_HEADER}\n${btRows(700, T0).join('\n')}\n`);
    expect(drain(indexed(f))).toHaveLength(700);
    // Same size, same time stamp, other bytes: the CRC of the tape's ends still tells.
    const before = fs.statSync(f);
    fs.writeFileSync(f, fs.readFileSync(f, 'latin1').replace('1000,100.0', '1000,099.9'), 'latin1');
    fs.utimesSync(f, before.atime, before.mtime);
    expect(indexed(f).next()!.bid).toBe(99.9);
    const policy = messyTape(dir);
    buildTapeIndex(policy, skip);
    expect(() => openIndexed(policy)).toThrow(/messy\.csv: line 202: crossed book/);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('that is broken is an error naming it', () => {
    const f = path.join(dir, 'broken.csv');
    fs.writeFileSync(f, `${BT_HEADER}\n${btRows(500, T0).join('\n')}\n`);
    const idx = indexPathFor(f);
    fs.writeFileSync(idx, 'not an index at all, just text that someone saved under the name\n');
    expect(() => openIndexed(f)).toThrow(ConfigError);
    expect(() => openIndexed(f)).toThrow(/broken\.csv\.tapeidx: not a tape index .*delete it/);
    buildTapeIndex(f);
    fs.truncateSync(idx, fs.statSync(idx).size - 100);
    expect(() => openIndexed(f)).toThrow(/broken\.csv\.tapeidx: the index is truncated or corrupt/);
  });

  it('is not written when the tape has a bad row; the CLI says why and exits 2', async () => {
    const f = messyTape(dir);
    fs.rmSync(indexPathFor(f), { force: true });
    expect(() => buildTapeIndex(f)).toThrow(/messy\.csv: line 202: crossed book/);
    expect(fs.existsSync(indexPathFor(f))).toBe(false);
    const err: string[] = [];
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } as unknown as CliIo;
    expect(await indexMain({ files: [f], onBadRow: 'error' } as never, io)).toBe(2);
    expect(err.join('')).toMatch(/^rocky-bot data index: .*messy\.csv: line 202: crossed book[^\n]*\n$/);
    expect(fs.existsSync(indexPathFor(f))).toBe(false);
    expect(await indexMain({ files: [f], onBadRow: 'skip' } as never, io)).toBe(0);
    expect(out.join('')).toMatch(/messy\.csv\.tapeidx: 2998 ticks/);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
