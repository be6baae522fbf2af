/**
 * The one constructor of the Binance order object (exchange-api.md §2) used by every world that
 * makes one (the simulated exchange, the dry-run exchange, test doubles). Only the fields that vary
 * for this bot are arguments; the rest are constant in one-way mode without stop orders. Pure.
 */
import type { OrderRow, OrderStatus, OrderType, Side, StpMode, TimeInForce } from './types.js';

export interface OrderRowFields {
  orderId: number;
  symbol: string;
  status: OrderStatus;
  clientOrderId: string;
  price: string;
  avgPrice: string;
  origQty: string;
  /** Also reported as cumQty. */
  executedQty: string;
  cumQuote: string;
  timeInForce: TimeInForce;
  type: OrderType;
  reduceOnly: boolean;
  side: Side;
  selfTradePreventionMode: StpMode;
  updateTime: number;
  /** openOrders elements only. */
  time?: number;
}

export function orderRowOf(f: OrderRowFields): OrderRow {
  const row: OrderRow = {
    orderId: f.orderId,
    symbol: f.symbol,
    status: f.status,
    clientOrderId: f.clientOrderId,
    price: f.price,
    avgPrice: f.avgPrice,
    origQty: f.origQty,
    executedQty: f.executedQty,
    cumQty: f.executedQty,
    cumQuote: f.cumQuote,
    timeInForce: f.timeInForce,
    type: f.type,
    reduceOnly: f.reduceOnly,
    closePosition: false,
    side: f.side,
    positionSide: 'BOTH',
    stopPrice: '0',
    workingType: 'CONTRACT_PRICE',
    priceProtect: false,
    origType: f.type,
    priceMatch: 'NONE',
    selfTradePreventionMode: f.selfTradePreventionMode,
    goodTillDate: 0,
    updateTime: f.updateTime,
  };
  if (f.time !== undefined) row.time = f.time;
  return row;
}
