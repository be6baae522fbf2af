/**
 * Binance USD-M response and request shapes, as the loops read them (see shared/spec/exchange-api.md §2).
 * Numbers that Binance sends as strings stay strings here, so the sim and the live client hand the
 * engine exactly the same bytes-to-parse. Only the fields the engine or the reports use are required;
 * the simulator fills every field Binance documents.
 */
export type Side = 'BUY' | 'SELL';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'GTX';
export type OrderType = 'LIMIT' | 'MARKET';
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED' | 'EXPIRED_IN_MATCH';
export type StpMode = 'NONE' | 'EXPIRE_TAKER' | 'EXPIRE_MAKER' | 'EXPIRE_BOTH';

/** GET /fapi/v2/balance element. */
export interface BalanceRow {
  accountAlias: string;
  asset: string;
  balance: string;
  crossWalletBalance: string;
  crossUnPnl: string;
  availableBalance: string;
  maxWithdrawAmount: string;
  marginAvailable: boolean;
  updateTime: number;
}

/** GET /fapi/v2/positionRisk element (one-way mode: positionSide BOTH, positionAmt signed). */
export interface PositionRiskRow {
  symbol: string;
  positionAmt: string;
  entryPrice: string;
  breakEvenPrice: string;
  markPrice: string;
  unRealizedProfit: string;
  liquidationPrice: string;
  leverage: string;
  maxNotionalValue: string;
  marginType: string;
  isolatedMargin: string;
  isAutoAddMargin: string;
  positionSide: string;
  notional: string;
  isolatedWallet: string;
  updateTime: number;
}

/** Order object returned by POST/DELETE /fapi/v1/order and the elements of GET openOrders. */
export interface OrderRow {
  orderId: number;
  symbol: string;
  status: OrderStatus;
  clientOrderId: string;
  price: string;
  avgPrice: string;
  origQty: string;
  executedQty: string;
  cumQty: string;
  cumQuote: string;
  timeInForce: TimeInForce;
  type: OrderType;
  reduceOnly: boolean;
  closePosition: boolean;
  side: Side;
  positionSide: string;
  stopPrice: string;
  workingType: string;
  priceProtect: boolean;
  origType: OrderType;
  priceMatch: string;
  selfTradePreventionMode: StpMode;
  goodTillDate: number;
  updateTime: number;
  /** openOrders elements only. */
  time?: number;
}

/** POST /fapi/v1/order parameters, already snapped and formatted as decimal strings. */
export interface NewOrderRequest {
  symbol: string;
  side: Side;
  type: OrderType;
  quantity: string;
  price?: string;
  timeInForce?: TimeInForce;
  newClientOrderId?: string;
  reduceOnly?: boolean;
  selfTradePreventionMode?: StpMode;
}

/** Identify an order for cancel/lookup: orderId or origClientOrderId (at least one). */
export interface OrderRef {
  orderId?: number;
  origClientOrderId?: string;
}

/** The per-symbol trading rules the engine needs (from exchangeInfo filters). */
export interface SymbolRules {
  /** Exchange symbol, e.g. BTCUSDT. */
  symbol: string;
  tickSize: string;
  stepSize: string;
  minQty: string;
  /** MIN_NOTIONAL filter's `notional`. */
  minNotional: string;
}

/** What the engine reads out of GET /fapi/v1/exchangeInfo. */
export interface ExchangeInfo {
  serverTime: number;
  symbols: SymbolRules[];
}
