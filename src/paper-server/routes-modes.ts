/**
 * Routes of the account modes, order amendments and batches, and the user-data stream's keys:
 * - positionSide/dual and multiAssetsMargin: one-way, single-asset only (asking for the mode set
 *   answers Binance's "no need to change"; asking for the other is refused, -1130); marginType:
 *   cross only (-4046 for CROSSED, as Binance answers when it is set);
 * - PUT order (modify), POST/PUT/DELETE batchOrders (at most 5 / 5 / 10 entries, one reply row per
 *   entry, an error row `{code,msg}` where that entry failed);
 * - POST/PUT/DELETE listenKey (listen-keys.ts has the rules).
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { Side } from '../engine/types.js';
import type { PaperWorld } from './paper-world.js';
import { mandatory, newOrderOf, orderRef, req, str } from './params.js';
import type { AddRoute, RouteCtx } from './route-types.js';

const invalid = (name: string): ExchangeError =>
  new ExchangeError(ErrorCode.INVALID_PARAMETER, `Data sent for parameter '${name}' is not valid.`);

export function addModeRoutes(pw: PaperWorld, add: AddRoute, symbolParam: (v: Map<string, string>) => string | undefined): void {
  const core = pw.core;
  const symbolReq = (v: Map<string, string>): string => {
    const s = symbolParam(v);
    if (s === undefined) throw mandatory('symbol');
    return s;
  };

  const modeRoute = (key: string, param: string, already: ExchangeError, other: string): void => {
    add('GET', `/fapi/v1/${key}`, {
      sec: 'SIGNED',
      run: (c) => {
        core.balance(c.acct, c.now);
        return { [param]: false };
      },
    });
    add('POST', `/fapi/v1/${key}`, {
      sec: 'SIGNED',
      run: (c) => {
        const x = req(c.v, param);
        if (x === 'false') throw already;
        if (x === 'true') throw new ExchangeError(ErrorCode.INVALID_PARAMETER, `${other} is not offered by this venue.`);
        throw invalid(param);
      },
    });
  };
  modeRoute(
    'positionSide/dual',
    'dualSidePosition',
    new ExchangeError(ErrorCode.NO_NEED_TO_CHANGE_POSITION_SIDE, 'No need to change position side.'),
    'Hedge mode',
  );
  modeRoute(
    'multiAssetsMargin',
    'multiAssetsMargin',
    new ExchangeError(ErrorCode.MULTI_ASSETS_UNCHANGED, 'Multi-Assets mode is already set.'),
    'Multi-Assets mode',
  );
  add('POST', '/fapi/v1/marginType', {
    sec: 'SIGNED',
    run: (c) => {
      symbolReq(c.v);
      const t = req(c.v, 'marginType');
      if (t === 'CROSSED') throw new ExchangeError(ErrorCode.NO_NEED_TO_CHANGE_MARGIN_TYPE, 'No need to change margin type.');
      if (t === 'ISOLATED') throw new ExchangeError(ErrorCode.INVALID_PARAMETER, 'Isolated margin is not offered by this venue.');
      throw invalid('marginType');
    },
  });

  // ---- orders -----------------------------------------------------------------------------------
  const modify = (acct: string, now: number, v: Map<string, string>): unknown => {
    const side = req(v, 'side');
    if (side !== 'BUY' && side !== 'SELL') throw new ExchangeError(ErrorCode.INVALID_SIDE, 'Invalid side.');
    return core.modifyOrder(acct, now, req(v, 'symbol'), orderRef(v), side as Side, req(v, 'quantity'), req(v, 'price'));
  };
  add('PUT', '/fapi/v1/order', { sec: 'SIGNED', orders: true, run: (c) => modify(c.acct, c.now, c.v) });
  const batch = (c: RouteCtx, max: number, one: (v: Map<string, string>) => unknown): unknown[] => {
    const raw = req(c.v, 'batchOrders');
    let list: unknown;
    try {
      list = JSON.parse(raw);
    } catch {
      throw invalid('batchOrders');
    }
    if (!Array.isArray(list) || list.length === 0 || list.length > max) throw invalid('batchOrders');
    return list.map((x) => {
      if (x === null || typeof x !== 'object' || Array.isArray(x))
        return { code: ErrorCode.INVALID_PARAMETER, msg: "Data sent for parameter 'batchOrders' is not valid." };
      const v = new Map(Object.entries(x as Record<string, unknown>).map(([k, y]) => [k, String(y)] as const));
      try {
        return one(v);
      } catch (e) {
        if (e instanceof ExchangeError) return { code: e.code, msg: e.message.replace(/^-?\d+: /, '') };
        throw e;
      }
    });
  };
  add('POST', '/fapi/v1/batchOrders', {
    sec: 'SIGNED',
    orders: true,
    run: (c) =>
      batch(c, 5, (v) => {
        const row = core.placeOrder(c.acct, c.now, newOrderOf(v));
        pw.notePlacement({
          account: c.acct,
          symbol: row.symbol,
          clientOrderId: row.clientOrderId,
          orderId: row.orderId,
          t: c.now,
          answered: 'ok',
        });
        return row;
      }),
  });
  add('PUT', '/fapi/v1/batchOrders', { sec: 'SIGNED', orders: true, run: (c) => batch(c, 5, (v) => modify(c.acct, c.now, v)) });
  add('DELETE', '/fapi/v1/batchOrders', {
    sec: 'SIGNED',
    run: (c) => {
      const sym = req(c.v, 'symbol');
      const ids = str(c.v, 'orderIdList');
      const cids = str(c.v, 'origClientOrderIdList');
      let refs: Array<{ orderId?: number; origClientOrderId?: string }>;
      try {
        refs =
          ids !== undefined
            ? (JSON.parse(ids) as number[]).map((orderId) => ({ orderId: Number(orderId) }))
            : cids !== undefined
              ? (JSON.parse(cids) as string[]).map((x) => ({ origClientOrderId: String(x) }))
              : [];
      } catch {
        throw invalid(ids !== undefined ? 'orderIdList' : 'origClientOrderIdList');
      }
      if (refs.length === 0) throw mandatory('orderIdList');
      if (refs.length > 10) throw invalid('orderIdList');
      return refs.map((r) => {
        try {
          return core.cancelOrder(c.acct, c.now, sym, r);
        } catch (e) {
          if (e instanceof ExchangeError) return { code: e.code, msg: e.message.replace(/^-?\d+: /, '') };
          throw e;
        }
      });
    },
  });

  // ---- user-data stream -------------------------------------------------------------------------
  add('POST', '/fapi/v1/listenKey', { sec: 'KEY', run: (c) => ({ listenKey: pw.listenKeys.create(c.acct, c.now) }) });
  add('PUT', '/fapi/v1/listenKey', {
    sec: 'KEY',
    run: (c) => {
      const k = pw.listenKeys.keepAlive(c.acct, c.now, str(c.v, 'listenKey'));
      if (k === undefined) throw new ExchangeError(ErrorCode.INVALID_LISTEN_KEY, 'This listenKey does not exist.');
      return { listenKey: k };
    },
  });
  add('DELETE', '/fapi/v1/listenKey', {
    sec: 'KEY',
    run: (c) => {
      const k = pw.listenKeys.close(c.acct);
      if (k !== undefined) pw.onKeyClosed?.(k);
      return {};
    },
  });
}
