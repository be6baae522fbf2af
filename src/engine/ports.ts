/**
 * The narrow ports between the strategy engine and the world. The sim and live mode each provide
 * one implementation of every port; the engine never knows which (src/cli wires them).
 */
import type { ExchangeInfo, NewOrderRequest, OrderRef } from './types.js';
import type { BalanceView, OrderView, PositionView } from './views.js';

/** Time. In the sim a virtual clock driven by the event scheduler; live, the wall clock. */
export interface Clock {
  /** Milliseconds since the Unix epoch (virtual in the sim). */
  now(): number;
  /**
   * Resolve after `ms` milliseconds. Resolves early (without throwing) when `signal` aborts, so a
   * stopping loop exits promptly.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * One account's view of the exchange, with Binance USD-M semantics. Every method may reject with
 * an ExchangeError; the engine treats any rejection as one failed API call. Requests go out as
 * Binance's snapped decimal strings; answers come back as numeric views (views.ts), parsed once at
 * the world's edge.
 */
export interface Exchange {
  exchangeInfo(): Promise<ExchangeInfo>;
  balance(): Promise<BalanceView[]>;
  positionRisk(symbol?: string): Promise<PositionView[]>;
  openOrders(symbol: string): Promise<OrderView[]>;
  placeOrder(order: NewOrderRequest): Promise<OrderView>;
  cancelOrder(symbol: string, ref: OrderRef): Promise<OrderView>;
  cancelAll(symbol: string): Promise<void>;
  setLeverage(symbol: string, leverage: number): Promise<void>;
}

/** Binance bookTicker-derived prices, keyed by exchange symbol (BTCUSDT). */
export interface PriceFeed {
  /** (best bid + best ask) / 2 of the latest tick seen, or undefined before the first tick. */
  mid(symbol: string): number | undefined;
  /** Milliseconds since the latest tick was seen (Infinity before the first). */
  ageMs(symbol: string): number;
}

/** A seeded random stream. `split(name)` gives an independent child stream keyed by name only. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  split(name: string): Rng;
}
