/**
 * Binance USD-M user-data and history shapes built from the venue's records (exchange-api.md §5):
 * ORDER_TRADE_UPDATE, ACCOUNT_UPDATE, listenKeyExpired, the userTrades row and the income row.
 *
 * Invariants: numbers Binance sends as strings are strings (quantities with the step's decimals,
 * prices with the tick's, money 8 decimals); `x` is the execution type (NEW, TRADE, CANCELED,
 * EXPIRED, AMENDMENT: an order expired by self-trade prevention has x EXPIRED and X
 * EXPIRED_IN_MATCH, as on Binance); fill fields (l, L, n, t, m, rp) are those of the fill the event
 * reports and "0" / false on events without a fill.
 */
import { fmt8, fmtPrice, fmtQty } from '../sim-exchange/filters.js';
import { origQtyText, priceText, type SimOrder } from '../sim-exchange/order-record.js';
import type { ExecType, TradeLeg } from '../sim-exchange/venue-events.js';

export interface OrderTradeUpdate {
  e: 'ORDER_TRADE_UPDATE';
  E: number;
  T: number;
  o: Record<string, string | number | boolean>;
}

export function orderTradeUpdate(o: SimOrder, exec: ExecType, now: number, asset: string, trade?: TradeLeg): OrderTradeUpdate {
  const spec = o.spec;
  return {
    e: 'ORDER_TRADE_UPDATE',
    E: now,
    T: now,
    o: {
      s: spec.symbol,
      c: o.clientOrderId,
      S: o.side,
      o: o.type,
      f: o.tif,
      q: origQtyText(o),
      p: priceText(o),
      ap: o.filledSteps === 0 ? '0' : fmt8((o.cumTS / o.filledSteps) * spec.tick),
      sp: '0',
      x: exec,
      X: o.status,
      i: o.id,
      l: trade ? fmtQty(spec, trade.steps) : '0',
      z: fmtQty(spec, o.filledSteps),
      L: trade ? fmtPrice(spec, trade.priceTicks) : '0',
      N: asset,
      n: trade ? fmt8(trade.fee) : '0',
      T: now,
      t: trade ? trade.tradeId : 0,
      b: '0',
      a: '0',
      m: trade ? trade.maker : false,
      R: o.reduceOnly,
      wt: 'CONTRACT_PRICE',
      ot: o.type,
      ps: 'BOTH',
      cp: false,
      rp: trade ? fmt8(trade.realized) : '0',
      pP: false,
      si: 0,
      ss: 0,
      V: o.stp,
      pm: 'NONE',
      gtd: 0,
    },
  };
}

export interface PositionLine {
  symbol: string;
  amtStr: string;
  entryPrice: number;
  realizedPnl: number;
  unrealized: number;
}

export function accountUpdate(
  reason: string,
  now: number,
  asset: string,
  wallet: number,
  change: number,
  positions: readonly PositionLine[],
): { e: 'ACCOUNT_UPDATE' } & Record<string, unknown> {
  const w = fmt8(wallet);
  return {
    e: 'ACCOUNT_UPDATE' as const,
    E: now,
    T: now,
    a: {
      m: reason,
      B: [{ a: asset, wb: w, cw: w, bc: fmt8(change) }],
      P: positions.map((p) => ({
        s: p.symbol,
        pa: p.amtStr,
        ep: p.entryPrice === 0 ? '0' : fmt8(p.entryPrice),
        bep: p.entryPrice === 0 ? '0' : fmt8(p.entryPrice),
        cr: fmt8(p.realizedPnl),
        up: fmt8(p.unrealized),
        mt: 'cross',
        iw: '0',
        ps: 'BOTH',
      })),
    },
  };
}

export function listenKeyExpired(key: string, now: number): { e: 'listenKeyExpired'; E: number; listenKey: string } {
  return { e: 'listenKeyExpired', E: now, listenKey: key };
}

/** One fill of one account, as kept for GET /fapi/v1/userTrades. */
export interface TradeRecord {
  id: number;
  orderId: number;
  symbol: string;
  side: 'BUY' | 'SELL';
  price: string;
  qty: string;
  quoteQty: string;
  commission: string;
  realizedPnl: string;
  maker: boolean;
  time: number;
}

export function tradeRecord(o: SimOrder, trade: TradeLeg, now: number): TradeRecord {
  const spec = o.spec;
  return {
    id: trade.tradeId,
    orderId: o.id,
    symbol: spec.symbol,
    side: o.side,
    price: fmtPrice(spec, trade.priceTicks),
    qty: fmtQty(spec, trade.steps),
    quoteQty: fmt8(trade.priceTicks * trade.steps * spec.unit),
    commission: fmt8(trade.fee),
    realizedPnl: fmt8(trade.realized),
    maker: trade.maker,
    time: now,
  };
}

export function userTradeRow(t: TradeRecord, asset: string): Record<string, unknown> {
  return {
    buyer: t.side === 'BUY',
    commission: t.commission,
    commissionAsset: asset,
    id: t.id,
    maker: t.maker,
    orderId: t.orderId,
    price: t.price,
    qty: t.qty,
    quoteQty: t.quoteQty,
    realizedPnl: t.realizedPnl,
    side: t.side,
    positionSide: 'BOTH',
    symbol: t.symbol,
    time: t.time,
  };
}

export type IncomeType = 'REALIZED_PNL' | 'COMMISSION' | 'FUNDING_FEE' | 'INSURANCE_CLEAR';

export interface IncomeRecord {
  symbol: string;
  incomeType: IncomeType;
  income: number;
  time: number;
  tranId: number;
  tradeId: string;
}

export function incomeRow(r: IncomeRecord, asset: string): Record<string, unknown> {
  return {
    symbol: r.symbol,
    incomeType: r.incomeType,
    income: fmt8(r.income),
    asset,
    info: r.incomeType,
    time: r.time,
    tranId: r.tranId,
    tradeId: r.tradeId,
  };
}
