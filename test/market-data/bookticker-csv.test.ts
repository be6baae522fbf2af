import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { BookTickerCsvSource } from '../../src/market-data/bookticker-csv.js';
import { BT_HEADER, btRows, drain, tmpDir, write, writeGz, writeZip } from './helpers.js';

describe('bookTicker CSV', () => {
  const dir = tmpDir();
  const rows = btRows(50);

  it('replays with a header', () => {
    const src = new BookTickerCsvSource(write(dir, 'h.csv', [BT_HEADER, ...rows]));
    const ticks = drain(src);
    expect(ticks).toHaveLength(50);
    expect(ticks[0]).toEqual({ t: 1_700_000_000_000, bid: 100, ask: 100.1, bidQty: 1.5, askQty: 2.5, updateId: 1000 });
    expect(ticks[49]!.t).toBe(1_700_000_000_000 + 49 * 100);
    expect(src.stats()).toMatchObject({ rowsRead: 50, outOfOrderDropped: 0 });
  });

  it('replays without a header, with CRLF and no final newline', () => {
    const f = write(dir, 'nh.csv', []);
    fs.writeFileSync(f, rows.join('\r\n'));
    const ticks = drain(new BookTickerCsvSource(f));
    expect(ticks).toHaveLength(50);
    expect(ticks[49]!.bid).toBeCloseTo(104.9);
  });

  it('peek does not consume', () => {
    const src = new BookTickerCsvSource(write(dir, 'p.csv', rows.slice(0, 2)));
    expect(src.peek()!.updateId).toBe(1000);
    expect(src.peek()!.updateId).toBe(1000);
    expect(src.next()!.updateId).toBe(1000);
    expect(src.next()!.updateId).toBe(1001);
    expect(src.next()).toBeUndefined();
    expect(src.peek()).toBeUndefined();
    src.close();
    src.close();
  });

  it('falls back to event_time when transaction_time is empty', () => {
    const ticks = drain(new BookTickerCsvSource(write(dir, 'et.csv', ['1,100.0,1,100.1,1,,1700000000123'])));
    expect(ticks[0]!.t).toBe(1_700_000_000_123);
  });

  it('replays .gz and .zip (with and without a data descriptor) like the plain file', () => {
    const many = btRows(20_000);
    const g = drain(new BookTickerCsvSource(writeGz(dir, 'a.csv.gz', [BT_HEADER, ...many])));
    expect(g).toHaveLength(20_000);
    expect(g[19_999]!.updateId).toBe(1000 + 19_999);
    for (const dd of [false, true]) {
      const zt = drain(new BookTickerCsvSource(writeZip(dir, `a${dd}.zip`, 'a.csv', [BT_HEADER, ...many], dd)));
      expect(zt).toEqual(g);
    }
  });

  it('a malformed row gives file and line', () => {
    const f = write(dir, 'bad.csv', [BT_HEADER, rows[0]!, rows[1]!, '1002,abc,1,100.3,1,1700000000200,1700000000200']);
    const src = new BookTickerCsvSource(f);
    src.next();
    src.next();
    let err: unknown;
    try {
      src.next();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const ce = err as ConfigError;
    expect(ce.file).toBe(f);
    expect(ce.where).toBe('line 4');
    expect(ce.problem).toMatch(/best_bid_price/);
    const short = write(dir, 'short.csv', ['1,2,3']);
    expect(() => new BookTickerCsvSource(short).next()).toThrow(/short\.csv: line 1: expected 7 fields/);
  });

  it('a missing file is a ConfigError', () => {
    expect(() => new BookTickerCsvSource(`${dir}/nope.csv`)).toThrow(ConfigError);
  });

  it('drops and counts rows going back in time', () => {
    const t0 = 1_700_000_000_000;
    const lines = [
      `1,100.0,1,100.1,1,${t0},${t0}`,
      `2,100.0,1,100.1,1,${t0 + 100},${t0 + 100}`,
      `3,100.0,1,100.1,1,${t0 + 50},${t0 + 50}`,
      `4,100.0,1,100.1,1,${t0 + 100},${t0 + 100}`,
      `5,100.0,1,100.1,1,${t0 + 20},${t0 + 20}`,
      `6,100.0,1,100.1,1,${t0 + 200},${t0 + 200}`,
    ];
    const src = new BookTickerCsvSource(write(dir, 'ooo.csv', lines));
    expect(drain(src).map((t) => t.updateId)).toEqual([1, 2, 4, 6]);
    expect(src.stats().outOfOrderDropped).toBe(2);
  });
});
