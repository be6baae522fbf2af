/**
 * What the strategies read of the exchange's answers, as numbers: the engine's side of the
 * Exchange port. The Binance JSON rows (types.ts) carry numbers as decimal strings; a world turns
 * them into these views at its edge (live: rocky-client.ts parses each reply once; the sim builds
 * them straight from its integer ledger without printing a string), so the engine never parses.
 *
 * Rule: a view's number is exactly what `Number()` gives for the row's string (the sim proves it
 * byte for byte against its own rows in test/sim/engine-views.test.ts). Mapping a row is lenient
 * where the strategies always were: a missing or non-numeric positionAmt or crossUnPnl counts as
 * 0; a mark that is not a positive number is 0 (the loops then fall back to the feed's mid).
 */
import type { BalanceRow, OrderRow, OrderStatus, PositionRiskRow, Side } from './types.js';

/** One GET /fapi/v2/balance element, as the breaker's drawdown check reads it. */
export interface BalanceView {
  asset: string;
  balance: number;
  crossUnPnl: number;
}

/** One GET /fapi/v2/positionRisk element (one-way mode: positionAmt signed). */
export interface PositionView {
  symbol: string;
  positionAmt: number;
  /** 0 when the venue gave no usable mark. */
  markPrice: number;
  /** NaN when the venue sent none (only metrics read it). */
  notional: number;
}

/** An order object (openOrders element, or the answer to a placement or cancel). */
export interface OrderView {
  orderId: number;
  symbol: string;
  clientOrderId: string;
  side: Side;
  status: OrderStatus;
  price: number;
  origQty: number;
  executedQty: number;
}

export function balanceViewOf(r: Pick<BalanceRow, 'asset' | 'balance' | 'crossUnPnl'>): BalanceView {
  return { asset: r.asset, balance: Number(r.balance), crossUnPnl: Number(r.crossUnPnl) || 0 };
}

export function positionViewOf(r: Pick<PositionRiskRow, 'symbol' | 'positionAmt' | 'markPrice' | 'notional'>): PositionView {
  const mark = Number(r.markPrice);
  return {
    symbol: r.symbol,
    positionAmt: Number(r.positionAmt) || 0,
    markPrice: mark > 0 ? mark : 0,
    notional: Number(r.notional),
  };
}

export function orderViewOf(
  r: Pick<OrderRow, 'orderId' | 'symbol' | 'clientOrderId' | 'side' | 'status' | 'price' | 'origQty' | 'executedQty'>,
): OrderView {
  return {
    orderId: r.orderId,
    symbol: r.symbol,
    clientOrderId: r.clientOrderId,
    side: r.side,
    status: r.status,
    price: Number(r.price),
    origQty: Number(r.origQty),
    executedQty: Number(r.executedQty) || 0,
  };
}
