/**
 * The paper server's route table (exchange-api.md §2, §8): method + path → what the route needs
 * (security, weight, whether it counts as an order route) and what it does against the world.
 *
 * Rules:
 * - `NONE` routes are public and charged to the caller's IP (`weight`); `KEY` routes need a known
 *   API key; `SIGNED` routes also a valid signature and timestamp, and are charged to the account
 *   inside the venue, as in `sim` (the HTTP front checks all of that before `run`).
 * - Book changes are counted by the venue's listener (venue-feed.ts → depth-stream.ts), whoever
 *   makes them (a route, outside flow, the liquidation engine).
 * - More routes: routes-history.ts (market data from the tape and the venue, the account's history),
 *   routes-modes.ts (account modes, modify, batches, listen keys).
 * - An accepted placement is logged (placements) and counted in the stats as `order_placed` for
 *   accounts the stats know; rejections are counted by the front.
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import { accountShape, leverageBracketRow, positionRiskV3, premiumIndexRow } from './account-shapes.js';
import type { PaperWorld } from './paper-world.js';
import { mandatory, newOrderOf, orderRef, req, str } from './params.js';
import { addHistoryRoutes } from './routes-history.js';
import { addModeRoutes } from './routes-modes.js';

export type { Route, RouteCtx, RouteTable, Security } from './route-types.js';
import type { Route, RouteTable } from './route-types.js';

const DEPTH_LIMITS = new Map([
  [5, 2],
  [10, 2],
  [20, 2],
  [50, 2],
  [100, 5],
  [500, 10],
  [1000, 20],
]);

export function buildRoutes(pw: PaperWorld): RouteTable {
  const core = pw.core;
  const symbols = pw.symbols;
  const routes = new Map<string, Route>();
  const add = (method: string, path: string | string[], r: Route): void => {
    for (const p of Array.isArray(path) ? path : [path]) routes.set(`${method} ${p}`, r);
  };
  const symbolParam = (v: Map<string, string>): string | undefined => {
    const s = str(v, 'symbol');
    if (s !== undefined && !pw.tapes.has(s)) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
    return s;
  };
  // The venue's listener counts book changes (depth-stream.ts); routes need not.
  const bookChanged = <T>(x: T): T => x;

  // ---- public -----------------------------------------------------------------------------------
  add('GET', '/fapi/v1/ping', { sec: 'NONE', weight: () => 1, run: () => ({}) });
  add('GET', '/fapi/v1/time', { sec: 'NONE', weight: () => 1, run: (c) => ({ serverTime: c.now }) });
  add('GET', '/fapi/v1/exchangeInfo', { sec: 'NONE', weight: () => 1, run: (c) => core.exchangeInfoBinance(c.now) });
  add('GET', '/fapi/v1/premiumIndex', {
    sec: 'NONE',
    weight: (v) => (str(v, 'symbol') ? 1 : 10),
    run: (c) => {
      const s = symbolParam(c.v);
      const row = (sym: string): Record<string, unknown> =>
        premiumIndexRow(sym, pw.world.mark(sym), pw.decimals(sym), c.now, pw.fundingNow(sym, c.now));
      return s ? row(s) : symbols.map(row);
    },
  });
  add('GET', '/fapi/v1/ticker/bookTicker', {
    sec: 'NONE',
    weight: (v) => (str(v, 'symbol') ? 2 : 5),
    run: (c) => {
      const s = symbolParam(c.v);
      const row = (sym: string): Record<string, unknown> => {
        const d = core.bookDepth(sym, 1);
        const px = (x: number | undefined): string => (x === undefined ? '0' : x.toFixed(pw.decimals(sym)));
        const q = (x: number | undefined): string => (x === undefined ? '0' : String(x));
        return {
          symbol: sym,
          bidPrice: px(d.bids[0]?.[0]),
          bidQty: q(d.bids[0]?.[1]),
          askPrice: px(d.asks[0]?.[0]),
          askQty: q(d.asks[0]?.[1]),
          time: c.now,
        };
      };
      return s ? row(s) : symbols.map(row);
    },
  });
  add('GET', '/fapi/v1/depth', {
    sec: 'NONE',
    weight: (v) => DEPTH_LIMITS.get(Number(str(v, 'limit') ?? 500)) ?? 10,
    run: (c) => {
      const s = symbolParam(c.v);
      if (s === undefined) throw mandatory('symbol');
      const limit = Number(str(c.v, 'limit') ?? 500);
      if (!DEPTH_LIMITS.has(limit))
        throw new ExchangeError(
          ErrorCode.ILLEGAL_CHARS,
          "Illegal characters found in parameter 'limit'; legal range is '5, 10, 20, 50, 100, 500, 1000'.",
        );
      const d = pw.depth.snapshot(s, limit);
      return { lastUpdateId: pw.depth.updateId(s), E: c.now, T: c.now, bids: d.bids, asks: d.asks };
    },
  });

  // ---- account ----------------------------------------------------------------------------------
  add('GET', ['/fapi/v2/balance', '/fapi/v3/balance'], { sec: 'SIGNED', run: (c) => core.balance(c.acct, c.now) });
  add('GET', '/fapi/v2/account', {
    sec: 'SIGNED',
    run: (c) => accountShape(2, core.balance(c.acct, c.now)[0]!, pw.positionsOf(c.acct), c.now),
  });
  add('GET', '/fapi/v3/account', {
    sec: 'SIGNED',
    run: (c) => accountShape(3, core.balance(c.acct, c.now)[0]!, pw.positionsOf(c.acct), c.now),
  });
  add('GET', '/fapi/v2/positionRisk', { sec: 'SIGNED', run: (c) => core.positionRisk(c.acct, c.now, symbolParam(c.v)) });
  add('GET', '/fapi/v3/positionRisk', {
    sec: 'SIGNED',
    run: (c) =>
      positionRiskV3(
        core.positionRisk(c.acct, c.now, symbolParam(c.v)),
        (sym) => core.openOrderCount(c.acct, sym),
        core.settlementAsset,
        (sym) => pw.leverageOf(c.acct, sym),
      ),
  });
  add('GET', '/fapi/v1/leverageBracket', {
    sec: 'SIGNED',
    run: (c) => {
      core.balance(c.acct, c.now); // charge like a user-data call (weight 1 would be exact; close enough)
      const s = symbolParam(c.v);
      return s ? leverageBracketRow(s) : symbols.map(leverageBracketRow);
    },
  });
  add('POST', '/fapi/v1/leverage', {
    sec: 'SIGNED',
    run: (c) => {
      const sym = req(c.v, 'symbol');
      const lv = req(c.v, 'leverage');
      if (!/^\d{1,4}$/.test(lv)) throw mandatory('leverage');
      const r = core.setLeverage(c.acct, c.now, sym, Number(lv));
      pw.noteLeverage(c.acct, sym, r.leverage);
      return r;
    },
  });

  // ---- orders -----------------------------------------------------------------------------------
  add('GET', '/fapi/v1/openOrders', { sec: 'SIGNED', run: (c) => core.openOrders(c.acct, c.now, symbolParam(c.v)) });
  add('GET', '/fapi/v1/order', { sec: 'SIGNED', run: (c) => core.getOrder(c.acct, c.now, req(c.v, 'symbol'), orderRef(c.v)) });
  add('DELETE', '/fapi/v1/order', {
    sec: 'SIGNED',
    run: (c) => bookChanged(core.cancelOrder(c.acct, c.now, req(c.v, 'symbol'), orderRef(c.v))),
  });
  add('DELETE', '/fapi/v1/allOpenOrders', {
    sec: 'SIGNED',
    run: (c) => bookChanged(core.cancelAll(c.acct, c.now, req(c.v, 'symbol'))),
  });
  add('POST', '/fapi/v1/order', {
    sec: 'SIGNED',
    orders: true,
    run: (c) => {
      const row = bookChanged(core.placeOrder(c.acct, c.now, newOrderOf(c.v)));
      pw.notePlacement({
        account: c.acct,
        symbol: row.symbol,
        clientOrderId: row.clientOrderId,
        orderId: row.orderId,
        t: c.now,
        answered: 'ok',
      });
      if (pw.pairKnown(c.acct, row.symbol)) {
        pw.world.emit({
          type: 'order_placed',
          task: 'serve',
          account: c.acct,
          symbol: row.symbol,
          side: row.side,
          price: row.price,
          qty: row.origQty,
          orderId: row.orderId,
        });
      }
      return row;
    },
  });

  addHistoryRoutes(pw, add, symbolParam);
  addModeRoutes(pw, add, symbolParam);

  return { routes, knownPaths: new Set([...routes.keys()].map((k) => k.slice(k.indexOf(' ') + 1))) };
}
