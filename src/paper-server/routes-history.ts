/**
 * Routes of market data and the account's history, with Binance USD-M's shapes and errors:
 * - from the tape the venue plays: klines and ticker/24hr (candles of the Binance mid of every tick:
 *   candles.ts), ticker/price (the tape's latest mid);
 * - from the venue: aggTrades and trades (its own fills), fundingRate (the settlements so far; []
 *   without `exchange.funding`);
 * - the account's: userTrades, allOrders, income (since the server started, bounded:
 *   venue-history.ts), commissionRate.
 * Limits: `limit` above the endpoint's maximum is refused (-1130), as Binance does.
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import { orderRow } from '../sim-exchange/order-record.js';
import { klineRow, KLINE_INTERVALS, ticker24h } from './candles.js';
import type { PaperWorld } from './paper-world.js';
import { mandatory, req, str } from './params.js';
import type { AddRoute } from './route-types.js';
import { incomeRow, userTradeRow } from './user-shapes.js';
import { select, type RangeQuery } from './venue-history.js';

const invalid = (name: string): ExchangeError =>
  new ExchangeError(ErrorCode.INVALID_PARAMETER, `Data sent for parameter '${name}' is not valid.`);

function intParam(v: Map<string, string>, k: string): number | undefined {
  const s = str(v, k);
  if (s === undefined) return undefined;
  if (!/^\d{1,15}$/.test(s)) throw invalid(k);
  return Number(s);
}

function limitParam(v: Map<string, string>, def: number, max: number): number {
  const n = intParam(v, 'limit') ?? def;
  if (n < 1 || n > max) throw invalid('limit');
  return n;
}

function range(v: Map<string, string>, def: number, max: number, fromKey = 'fromId'): RangeQuery {
  return {
    fromId: intParam(v, fromKey),
    startTime: intParam(v, 'startTime'),
    endTime: intParam(v, 'endTime'),
    limit: limitParam(v, def, max),
  };
}

function rate(x: number): string {
  return String(Number(x.toFixed(8)));
}

export function addHistoryRoutes(
  pw: PaperWorld,
  add: AddRoute,
  symbolParam: (v: Map<string, string>) => string | undefined,
): void {
  const core = pw.core;
  const asset = core.settlementAsset;
  const symbolReq = (v: Map<string, string>): string => {
    const s = symbolParam(v);
    if (s === undefined) throw mandatory('symbol');
    return s;
  };

  // ---- market data ------------------------------------------------------------------------------
  add('GET', '/fapi/v1/klines', {
    sec: 'NONE',
    weight: (v) => {
      const n = Number(str(v, 'limit') ?? 500);
      return n < 100 ? 1 : n < 500 ? 2 : n <= 1000 ? 5 : 10;
    },
    run: (c) => {
      const s = symbolReq(c.v);
      const iv = req(c.v, 'interval');
      if (KLINE_INTERVALS[iv] === undefined) throw new ExchangeError(ErrorCode.INVALID_INTERVAL, 'Invalid interval.');
      const q = range(c.v, 500, 1500);
      const t = pw.tapes.get(s)!;
      t.cursor.advance(c.now);
      const spec = core.specOf(s)!;
      return t.candles.series
        .get(iv)!
        .range(q.startTime, q.endTime, q.limit)
        .map((k) => klineRow(k, spec.tickDec, spec.stepDec));
    },
  });
  add('GET', '/fapi/v1/ticker/24hr', {
    sec: 'NONE',
    weight: (v) => (str(v, 'symbol') ? 1 : 40),
    run: (c) => {
      const s = symbolParam(c.v);
      const row = (sym: string): Record<string, unknown> => {
        const t = pw.tapes.get(sym)!;
        t.cursor.advance(c.now);
        const spec = core.specOf(sym)!;
        return ticker24h(sym, t.candles, c.now, spec.tickDec, spec.stepDec);
      };
      return s ? row(s) : pw.symbols.map(row);
    },
  });
  add('GET', ['/fapi/v1/ticker/price', '/fapi/v2/ticker/price'], {
    sec: 'NONE',
    weight: (v) => (str(v, 'symbol') ? 1 : 2),
    run: (c) => {
      const s = symbolParam(c.v);
      const row = (sym: string): Record<string, unknown> => {
        const t = pw.tapes.get(sym)!;
        t.cursor.advance(c.now);
        const last = t.candles.last;
        return { symbol: sym, price: (last?.price ?? pw.world.mark(sym)).toFixed(pw.decimals(sym)), time: c.now };
      };
      return s ? row(s) : pw.symbols.map(row);
    },
  });
  add('GET', '/fapi/v1/aggTrades', {
    sec: 'NONE',
    weight: () => 20,
    run: (c) => {
      const s = symbolReq(c.v);
      const q = range(c.v, 500, 1000);
      return select(
        pw.history.publicTradesOf(s),
        q,
        (t) => t.id,
        (t) => t.time,
      ).map((t) => ({
        a: t.id,
        p: t.price,
        q: t.qty,
        f: t.id,
        l: t.id,
        T: t.time,
        m: t.buyerMaker,
      }));
    },
  });
  add('GET', '/fapi/v1/trades', {
    sec: 'NONE',
    weight: () => 5,
    run: (c) => {
      const s = symbolReq(c.v);
      const limit = limitParam(c.v, 500, 1000);
      return pw.history
        .publicTradesOf(s)
        .slice(-limit)
        .map((t) => ({
          id: t.id,
          price: t.price,
          qty: t.qty,
          quoteQty: (t.priceNum * t.qtyNum).toFixed(8),
          time: t.time,
          isBuyerMaker: t.buyerMaker,
        }));
    },
  });
  add('GET', '/fapi/v1/fundingRate', {
    sec: 'NONE',
    weight: () => 1,
    run: (c) => {
      const s = symbolParam(c.v);
      const q = range(c.v, 100, 1000);
      const perp = pw.world.perp;
      if (perp?.funding === undefined) return [];
      const rows = (s ? [s] : pw.symbols).flatMap((sym) => perp.history.get(sym) ?? []).sort((a, b) => a.t - b.t);
      const sel =
        q.startTime === undefined && q.endTime === undefined
          ? rows.slice(-q.limit)
          : select(
              rows,
              { ...q, fromId: undefined },
              () => 0,
              (r) => r.t,
            );
      return sel.map((r) => ({
        symbol: r.symbol,
        fundingTime: r.t,
        fundingRate: rate(r.rate),
        markPrice: Number.isFinite(r.mark) ? r.mark.toFixed(pw.decimals(r.symbol)) : '0',
      }));
    },
  });

  // ---- account ----------------------------------------------------------------------------------
  add('GET', '/fapi/v1/userTrades', {
    sec: 'SIGNED',
    run: (c) => {
      const s = symbolReq(c.v);
      core.balance(c.acct, c.now); // the account's weight window (5 on Binance; charged as one call here)
      const oid = intParam(c.v, 'orderId');
      const q = range(c.v, 500, 1000);
      let xs = pw.history.tradesOf(c.acct).filter((t) => t.symbol === s);
      if (oid !== undefined) xs = xs.filter((t) => t.orderId === oid);
      return select(
        xs,
        q,
        (t) => t.id,
        (t) => t.time,
      ).map((t) => userTradeRow(t, asset));
    },
  });
  add('GET', '/fapi/v1/allOrders', {
    sec: 'SIGNED',
    run: (c) => {
      const s = symbolReq(c.v);
      core.balance(c.acct, c.now);
      const q = range(c.v, 500, 1000, 'orderId');
      const xs = pw.history.ordersOf(c.acct).filter((o) => o.spec.symbol === s);
      return select(
        xs,
        q,
        (o) => o.id,
        (o) => o.time,
      ).map((o) => orderRow(o, true));
    },
  });
  add('GET', '/fapi/v1/income', {
    sec: 'SIGNED',
    run: (c) => {
      const s = symbolParam(c.v);
      const type = str(c.v, 'incomeType');
      core.balance(c.acct, c.now);
      const q = range(c.v, 100, 1000, '');
      let xs = pw.history.incomeOf(c.acct);
      if (s !== undefined) xs = xs.filter((r) => r.symbol === s);
      if (type !== undefined) xs = xs.filter((r) => r.incomeType === type);
      return select(
        xs,
        q,
        (r) => r.tranId,
        (r) => r.time,
      ).map((r) => incomeRow(r, asset));
    },
  });
  add('GET', '/fapi/v1/commissionRate', {
    sec: 'SIGNED',
    run: (c) => {
      const s = symbolReq(c.v);
      core.balance(c.acct, c.now);
      return {
        symbol: s,
        makerCommissionRate: rate(core.feeRateOf(c.acct, 'maker', c.now)),
        takerCommissionRate: rate(core.feeRateOf(c.acct, 'taker', c.now)),
      };
    },
  });
}
