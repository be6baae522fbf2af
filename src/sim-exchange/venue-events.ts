/**
 * What the venue tells a listener as it happens (the paper server's user-data stream, trade tape,
 * order history and depth diffs are built from it; the sim passes none).
 *
 * Rules of the interface:
 * - `order(o, exec, now, trade?)` once per state change of an order, after the ledgers are booked:
 *   NEW when a LIMIT order comes to rest without a fill; TRADE per fill of the order (with `trade`:
 *   that fill seen from this order's side); CANCELED when cancelled (by the account, or by the
 *   liquidation engine); EXPIRED / EXPIRED_IN_MATCH when an IOC / MARKET / FOK remainder or a
 *   self-trade prevention expires it; AMENDMENT when a PUT order changed its price or quantity. The
 *   order record's status is already the new one. A liquidation's own order is reported too (a
 *   MARKET order with clientOrderId `autoclose-…`).
 * - `account(acct, reason, now, change)` after a change of the account's wallet or positions:
 *   reason ORDER after the order events of a request's fills, FUNDING_FEE after a funding
 *   settlement (`change`: the amount paid, negative, or received), LIQUIDATION after a liquidation.
 *   `symbols`: the positions it touched (ACCOUNT_UPDATE lists those).
 * - `book(symbol, now)` whenever the symbol's resting book changed (an order rested, filled,
 *   cancelled, expired or was amended): the depth stream's update id counts these.
 * - Listeners never call back into the venue's mutating methods from inside a call.
 */
import type { SimOrder } from './order-record.js';

export type ExecType = 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED' | 'EXPIRED_IN_MATCH' | 'AMENDMENT';
export type AccountReason = 'ORDER' | 'FUNDING_FEE' | 'LIQUIDATION';

/** One fill seen from one order's side. */
export interface TradeLeg {
  /** Venue-wide increasing trade id (both sides of a fill share it). */
  tradeId: number;
  priceTicks: number;
  steps: number;
  /** Fee charged to this side (negative: a rebate). */
  fee: number;
  /** Realised PnL of this side's position from this fill (fees excluded). */
  realized: number;
  maker: boolean;
}

export interface VenueListener {
  order(o: SimOrder, exec: ExecType, now: number, trade?: TradeLeg): void;
  account(acct: string, reason: AccountReason, now: number, symbols: readonly string[], change?: number): void;
  book(symbol: string, now: number): void;
}
