import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { TradesCsvSource } from '../../src/market-data/trades-csv.js';
import { WsJsonlSource } from '../../src/market-data/ws-jsonl.js';
import { drain, tmpDir, write, writeGz, writeZip } from './helpers.js';

const T0 = 1_721_347_202_812;

describe('trades and aggTrades CSV', () => {
  const dir = tmpDir();
  const trades = [
    `5182006711,63960.00,0.310,19827.6,${T0},false`,
    `5182006712,63959.90,0.003,191.8797,${T0 + 12},true`,
    `5182006713,63961.00,0.5,1,${T0 + 12},true`,
  ];
  const agg = [`100,3425.01,1.5,200,203,${T0},true`, `101,3425.50,0.2,204,204,${T0 + 5},false`];

  it('trades: mid = price, bid/ask = price ∓ half spread in ticks, with and without header, .gz', () => {
    for (const f of [
      write(dir, 't.csv', ['id,price,qty,quote_qty,time,is_buyer_maker', ...trades]),
      write(dir, 't2.csv', trades),
      writeGz(dir, 't.csv.gz', trades),
    ]) {
      const ticks = drain(new TradesCsvSource(f, 'trades', { ticks: 0.5 }, 0.1));
      expect(ticks).toHaveLength(3);
      expect(ticks[0]).toEqual({ t: T0, bid: 63959.95, ask: 63960.05, bidQty: 0.31, askQty: 0.31, updateId: 5182006711 });
      expect((ticks[1]!.bid + ticks[1]!.ask) / 2).toBeCloseTo(63959.9, 8);
    }
  });

  it('aggTrades: time column, half spread in bps, .zip', () => {
    const hdr = 'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker';
    const src = new TradesCsvSource(writeZip(dir, 'a.zip', 'a.csv', [hdr, ...agg]), 'aggtrades', { bps: 1 }, 0.01);
    const ticks = drain(src);
    expect(ticks.map((t) => t.t)).toEqual([T0, T0 + 5]);
    expect(ticks[0]!.ask - ticks[0]!.bid).toBeCloseTo(3425.01 * 2e-4, 8);
    expect(ticks[1]!.updateId).toBe(101);
  });

  it('malformed row → file:line; out-of-order dropped', () => {
    const f = write(dir, 'bad.csv', [trades[0]!, '5182006712,x,0.003,191.8797,1721347202824,true']);
    const src = new TradesCsvSource(f, 'trades', { ticks: 0.5 }, 0.1);
    src.next();
    expect(() => src.next()).toThrow(ConfigError);
    expect(() => drain(new TradesCsvSource(f, 'trades', { ticks: 0.5 }, 0.1))).toThrow(
      /bad\.csv: line 2: price must be a positive number/,
    );
    const ooo = new TradesCsvSource(write(dir, 'o.csv', [trades[1]!, trades[0]!, trades[2]!]), 'trades', { ticks: 0.5 }, 0.1);
    expect(drain(ooo).map((t) => t.updateId)).toEqual([5182006712, 5182006713]);
    expect(ooo.stats().outOfOrderDropped).toBe(1);
  });
});

describe('websocket JSON lines', () => {
  const dir = tmpDir();
  const raw = (u: number, s: string, T: number, b = '63943.90', a = '63944.00') =>
    JSON.stringify({ e: 'bookTicker', u, E: T + 2, T, s, b, B: '46.371', a, A: '0.095' });

  it('raw payloads, combined stream, receipt prefix; filters symbol and other events', () => {
    const lines = [
      '{"result":null,"id":1}',
      raw(1, 'BTCUSDT', T0),
      `${T0 + 5} ${raw(2, 'BTCUSDT', T0 + 3)}`,
      JSON.stringify({ stream: 'ethusdt@bookTicker', data: JSON.parse(raw(3, 'ETHUSDT', T0 + 4, '3425.01', '3425.02')) }),
      JSON.stringify({ stream: 'btcusdt@bookTicker', data: JSON.parse(raw(4, 'BTCUSDT', T0 + 6)) }),
      `${T0 + 9} {"e":"trade","E":1,"T":1,"s":"BTCUSDT","p":"1","q":"1"}`,
      '',
    ];
    for (const f of [write(dir, 'c.jsonl', lines), writeGz(dir, 'c.jsonl.gz', lines)]) {
      const src = new WsJsonlSource(f, 'btcusdt');
      const ticks = drain(src);
      expect(ticks.map((t) => t.updateId)).toEqual([1, 2, 4]);
      expect(ticks[1]).toEqual({
        t: T0 + 3,
        bid: 63943.9,
        ask: 63944,
        bidQty: 46.371,
        askQty: 0.095,
        updateId: 2,
        recvDelayMs: 2,
      });
      expect(src.stats().skipped).toBe(4);
      expect(drain(new WsJsonlSource(f, 'ETHUSDT')).map((t) => t.bid)).toEqual([3425.01]);
    }
  });

  it('bad JSON → file:line; out-of-order dropped', () => {
    const f = write(dir, 'bad.jsonl', [raw(1, 'BTCUSDT', T0), '{"e":"bookTicker",']);
    expect(() => drain(new WsJsonlSource(f, 'BTCUSDT'))).toThrow(/bad\.jsonl: line 2: expected valid JSON/);
    const src = new WsJsonlSource(
      write(dir, 'o.jsonl', [raw(1, 'BTCUSDT', T0 + 10), raw(2, 'BTCUSDT', T0), raw(3, 'BTCUSDT', T0 + 10)]),
      'BTCUSDT',
    );
    expect(drain(src).map((t) => t.updateId)).toEqual([1, 3]);
    expect(src.stats().outOfOrderDropped).toBe(1);
  });
});
