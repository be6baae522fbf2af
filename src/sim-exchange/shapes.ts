/**
 * Binance USD-M JSON shapes built from the ledger and the symbol specs: balance (v2), positionRisk
 * (v2), exchangeInfo (full), leverage and cancel-all replies (exchange-api.md §2).
 *
 * Invariants: numbers Binance sends as strings are strings; quantities use the step's decimals,
 * money and derived prices (entry, mark, notional, PnL) 8 decimals; updateTime of the balance row
 * is never 0 (clients drop assets with updateTime 0).
 *
 * Known limits: one collateral asset row; liquidationPrice is "0" (no maintenance-margin model);
 * breakEvenPrice equals entryPrice (fees are not folded in); maxNotionalValue is a constant.
 */
import type { BalanceRow, PositionRiskRow } from '../engine/types.js';
import { fmt8, fmtQty, type CompiledSymbol } from './filters.js';
import type { MarginLedger, PositionState } from './ledger.js';
import type { RateLimits } from './rate-limits.js';

export const MAX_NOTIONAL_VALUE = '1000000';

export function balanceRow(alias: string, asset: string, l: MarginLedger, now: number): BalanceRow {
  const u = l.totalUnrealized();
  const avail = l.wallet + u - l.totalPositionIM() - l.totalOpenOrderIM();
  const wallet = fmt8(l.wallet);
  return {
    accountAlias: alias,
    asset,
    balance: wallet,
    crossWalletBalance: wallet,
    crossUnPnl: fmt8(u),
    availableBalance: fmt8(avail),
    maxWithdrawAmount: fmt8(Math.max(0, Math.min(avail, l.wallet))),
    marginAvailable: true,
    updateTime: l.updateTime || now,
  };
}

export function positionRiskRow(l: MarginLedger, p: PositionState): PositionRiskRow {
  const spec = p.spec;
  const mark = l.mark(spec.symbol);
  const markStr = Number.isFinite(mark) ? fmt8(mark) : '0.00000000';
  const entry = p.amtSteps === 0 ? '0.0' : fmt8(p.entryPrice);
  return {
    symbol: spec.symbol,
    positionAmt: fmtQty(spec, p.amtSteps),
    entryPrice: entry,
    breakEvenPrice: entry,
    markPrice: markStr,
    unRealizedProfit: fmt8(l.unrealized(p)),
    liquidationPrice: '0',
    leverage: String(p.leverage),
    maxNotionalValue: MAX_NOTIONAL_VALUE,
    marginType: 'cross',
    isolatedMargin: '0.00000000',
    isAutoAddMargin: 'false',
    positionSide: 'BOTH',
    notional: fmt8(p.amtSteps === 0 ? 0 : p.amtSteps * spec.step * l.markOf(p)),
    isolatedWallet: '0',
    updateTime: p.updateTime,
  };
}

export interface BinanceFilter {
  filterType: string;
  [k: string]: string | number;
}

export interface BinanceSymbolInfo {
  symbol: string;
  pair: string;
  contractType: string;
  deliveryDate: number;
  onboardDate: number;
  status: string;
  baseAsset: string;
  quoteAsset: string;
  marginAsset: string;
  pricePrecision: number;
  quantityPrecision: number;
  baseAssetPrecision: number;
  quotePrecision: number;
  filters: BinanceFilter[];
  orderTypes: string[];
  timeInForce: string[];
}

export interface BinanceExchangeInfo {
  timezone: string;
  serverTime: number;
  rateLimits: { rateLimitType: string; interval: string; intervalNum: number; limit: number }[];
  exchangeFilters: unknown[];
  assets: { asset: string; marginAvailable: boolean; autoAssetExchange: string }[];
  symbols: BinanceSymbolInfo[];
}

export function exchangeInfoBinance(
  now: number,
  specs: readonly CompiledSymbol[],
  asset: string,
  limits: RateLimits,
): BinanceExchangeInfo {
  return {
    timezone: 'UTC',
    serverTime: now,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: limits.weightPerMinute },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: limits.ordersPerMinute },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: limits.ordersPer10s },
    ],
    exchangeFilters: [],
    assets: [{ asset, marginAvailable: true, autoAssetExchange: '0' }],
    symbols: specs.map((s) => symbolInfo(s, asset)),
  };
}

const QUOTES = ['USDT', 'USDC', 'BUSD', 'FDUSD'];

function symbolInfo(s: CompiledSymbol, asset: string): BinanceSymbolInfo {
  const r = s.rules;
  const quote = QUOTES.find((q) => s.symbol.endsWith(q) && s.symbol.length > q.length);
  const base = quote === undefined ? s.symbol : s.symbol.slice(0, -quote.length);
  return {
    symbol: s.symbol,
    pair: s.symbol,
    contractType: 'PERPETUAL',
    deliveryDate: 4133404800000,
    onboardDate: 1569398400000,
    status: 'TRADING',
    baseAsset: base,
    quoteAsset: asset,
    marginAsset: asset,
    pricePrecision: s.tickDec,
    quantityPrecision: s.stepDec,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: r.tickSize, maxPrice: '10000000', tickSize: r.tickSize },
      { filterType: 'LOT_SIZE', minQty: r.minQty, maxQty: '1000000', stepSize: r.stepSize },
      { filterType: 'MARKET_LOT_SIZE', minQty: r.minQty, maxQty: '1000000', stepSize: r.stepSize },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
      { filterType: 'MIN_NOTIONAL', notional: r.minNotional },
    ],
    orderTypes: ['LIMIT', 'MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
  };
}

/** POST /fapi/v1/leverage reply. */
export interface LeverageReply {
  leverage: number;
  maxNotionalValue: string;
  symbol: string;
}

/** DELETE /fapi/v1/allOpenOrders reply. */
export interface CancelAllReply {
  code: number;
  msg: string;
}
