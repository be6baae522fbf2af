/**
 * The simulated exchange: synchronous, deterministic, Binance USD-M semantics (exchange-api.md),
 * called at the virtual arrival time of each request (the sim runner) or by an HTTP front ('serve').
 * SimExchangeCore is the one public face of the venue; its parts are plain functions over one
 * shared VenueState (venue-state.ts): placement.ts (a new order's checks and final state),
 * matching.ts (the matching loop and its fills), order-actions.ts (cancel, cancel all, amend),
 * account-endpoints.ts (balance, positionRisk, openOrders, getOrder, leverage; rows or the
 * engine's numeric views), perp-actions.ts (funding, maintenance margin, liquidation) and
 * book-reads.ts (uncharged book reads).
 *
 * Invariants:
 * - No clock, randomness, timers or I/O: every method takes `now` (ms); same calls ⇒ same results.
 * - Every public API method checks the account (-2015), then charges its rate limits (-1003/-1015,
 *   429), then validates; a rejected request changes nothing else. Introspection methods
 *   (positionOf, walletOf, ..., bookTop, forEachResting) charge nothing and change nothing.
 * - Order ids come from one increasing counter per exchange; rejected orders take no id.
 * - placeOrder validates with the filters (filters.ts; numeric-order.ts on the numeric path), then
 *   placement.ts has the order of the remaining checks, matching.ts self-trade prevention and fees.
 *   MARKET orders report price "0" and timeInForce GTC.
 * - Closed orders stay queryable by getOrder in a bounded history (cfg.historyLimit, default 20000).
 * - A listener (cfg.listener, venue-events.ts), when given, is told of every order state change,
 *   account change and book change as it happens; without one nothing of it is computed.
 * - Funding and liquidation (perp-venue.ts has the rules) run only when the world calls
 *   settleFunding / liquidationCheck; modifyOrder is PUT /fapi/v1/order.
 * - The hot path (place, cancel, the account reads) allocates no closure or object beyond its
 *   reply: each method here is one direct call into its part. A new method reads `this.s` (a
 *   read view) or calls into the part it belongs to; logic of more than a few lines goes there.
 *
 * Known limits: reduce-only orders are checked only at entry (not re-checked or trimmed when the
 * position changes later); no GTD, stop orders or priceMatch; request weight is per account
 * (Binance: per IP); an amended order always goes to the back of its level.
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { BalanceRow, ExchangeInfo, NewOrderRequest, OrderRef, OrderRow, PositionRiskRow, Side } from '../engine/types.js';
import type { BalanceView, OrderView, PositionView } from '../engine/views.js';
import * as endpoints from './account-endpoints.js';
import { orderView, positionView } from './engine-views.js';
import * as books from './book-reads.js';
import { qtyOf, validateOrder, type CompiledSymbol, type ValidOrder } from './filters.js';
import type { MaintenanceModel } from './maintenance-margin.js';
import { place } from './placement.js';
import { validateNumericOrder, type NumericOrder } from './numeric-order.js';
import * as orders from './order-actions.js';
import { orderRow, type SimOrder } from './order-record.js';
import * as perp from './perp-actions.js';
import type { Liquidation } from './perp-venue.js';
import { WEIGHT, type ApiStats } from './rate-limits.js';
import {
  exchangeInfoBinance,
  positionRiskRow,
  type BinanceExchangeInfo,
  type CancelAllReply,
  type LeverageReply,
} from './shapes.js';
import { VenueState, type Fill, type SimExchangeConfig } from './venue-state.js';

export { defaultSimExchangeConfig, type Fill, type SimExchangeConfig } from './venue-state.js';

export class SimExchangeCore {
  /** All of the venue's state; the parts' functions take it first. */
  private readonly s: VenueState;
  /** placeOrderNumeric's validated order, reused (numeric-order.ts); made by the first such call. */
  private scratch: ValidOrder | undefined;

  constructor(cfg: SimExchangeConfig, mark: (symbol: string) => number, onFill?: (f: Fill) => void) {
    this.s = new VenueState(cfg, mark, onFill);
  }

  addAccount(id: string, walletUsdc?: number): void {
    this.s.addAccount(id, walletUsdc);
  }

  // ---------------------------------------------------------------- market data / info

  /** Engine shape. Charged to `acct` when given (Binance charges the IP). */
  exchangeInfo(now: number, acct?: string): ExchangeInfo {
    if (acct !== undefined) this.s.charge(acct, now, WEIGHT.exchangeInfo, 0);
    return { serverTime: now, symbols: this.s.specList.map((s) => ({ ...s.rules })) };
  }

  /** Full Binance GET /fapi/v1/exchangeInfo shape. */
  exchangeInfoBinance(now: number, acct?: string): BinanceExchangeInfo {
    const s = this.s;
    if (acct !== undefined) s.charge(acct, now, WEIGHT.exchangeInfo, 0);
    return exchangeInfoBinance(now, s.specList, s.asset, s.cfg.limits);
  }

  // ---------------------------------------------------------------- account (account-endpoints.ts)

  balance(acct: string, now: number): BalanceRow[] {
    return endpoints.balance(this.s, acct, now);
  }

  /** balance() as the engine's numeric view (same charge; engine-views.ts). */
  balanceView(acct: string, now: number): BalanceView[] {
    return endpoints.balanceViews(this.s, acct, now);
  }

  positionRisk(acct: string, now: number, symbol?: string): PositionRiskRow[] {
    return endpoints.positions(this.s, acct, now, symbol, positionRiskRow);
  }

  /** positionRisk() as the engine's numeric views. */
  positionView(acct: string, now: number, symbol?: string): PositionView[] {
    return endpoints.positions(this.s, acct, now, symbol, positionView);
  }

  /** GET openOrders: weight 1 with a symbol, 40 without (then all symbols). */
  openOrders(acct: string, now: number, symbol?: string): OrderRow[] {
    return endpoints.openOrders(this.s, acct, now, symbol, endpoints.openOrderRow);
  }

  /** openOrders() as the engine's numeric views. */
  openOrdersView(acct: string, now: number, symbol?: string): OrderView[] {
    return endpoints.openOrders(this.s, acct, now, symbol, orderView);
  }

  /** GET order: open or recently closed (bounded history), else -2013. */
  getOrder(acct: string, now: number, symbol: string, ref: OrderRef): OrderRow {
    return endpoints.getOrder(this.s, acct, now, symbol, ref);
  }

  setLeverage(acct: string, now: number, symbol: string, leverage: number): LeverageReply {
    return endpoints.setLeverage(this.s, acct, now, symbol, leverage);
  }

  // ---------------------------------------------------------------- orders (placement.ts, order-actions.ts)

  placeOrder(acct: string, now: number, req: NewOrderRequest): OrderRow {
    return orderRow(this.placeOrderRecord(acct, now, req), false);
  }

  /** placeOrder answering with the order record (read it, never change it) instead of the row. */
  placeOrderRecord(acct: string, now: number, req: NewOrderRequest): Readonly<SimOrder> {
    const s = this.s;
    const a = s.charge(acct, now, WEIGHT.placeOrder, 1);
    return place(s, a, now, validateOrder(s.specs, req, s.mark), req.newClientOrderId);
  }

  /**
   * placeOrder on the numeric path: ticks and steps in, the order record out (read it, never
   * change it). Same charges, checks, matching and state as placeOrder; no string is parsed or
   * formatted (in-process callers: the sim's fleet link, benches).
   */
  placeOrderNumeric(acct: string, now: number, req: NumericOrder): Readonly<SimOrder> {
    const s = this.s;
    const a = s.charge(acct, now, WEIGHT.placeOrder, 1);
    const v = validateNumericOrder(s.specs, req, s.mark, this.scratch);
    this.scratch = v;
    return place(s, a, now, v, req.newClientOrderId);
  }

  cancelOrder(acct: string, now: number, symbol: string, ref: OrderRef): OrderRow {
    return orderRow(orders.cancelOne(this.s, acct, now, symbol, ref), false);
  }

  /** cancelOrder on the numeric path: the cancelled order's record (read it, never change it). */
  cancelOrderNumeric(acct: string, now: number, symbol: string, ref: OrderRef): Readonly<SimOrder> {
    return orders.cancelOne(this.s, acct, now, symbol, ref);
  }

  /** DELETE allOpenOrders for one symbol. */
  cancelAll(acct: string, now: number, symbol: string): CancelAllReply {
    return orders.cancelAll(this.s, acct, now, symbol);
  }

  /** PUT /fapi/v1/order: a resting LIMIT order's new price and total quantity (order-actions.ts has the rules). */
  modifyOrder(acct: string, now: number, symbol: string, ref: OrderRef, side: Side, quantity: string, price: string): OrderRow {
    return orderRow(orders.amend(this.s, acct, now, symbol, ref, side, quantity, price), false);
  }

  // ---------------------------------------------------------------- perpetual (perp-actions.ts)

  /**
   * A funding settlement of one symbol at `rate` (perp-venue.ts): every account with a position
   * pays or receives amount × mark × rate. Returns the non-zero payments, in account order.
   */
  settleFunding(symbol: string, rate: number, now: number): Array<{ account: string; amount: number }> {
    return perp.settleFunding(this.s, symbol, rate, now);
  }

  /** Maintenance margin of an account under `mm` (0 without positions). */
  maintenanceOf(acct: string, mm: MaintenanceModel): number {
    return perp.maintenanceOf(this.s, acct, mm);
  }

  /** Maintenance margin of one position under `mm`. */
  positionMaintenanceOf(acct: string, symbol: string, mm: MaintenanceModel): number {
    return perp.positionMaintenanceOf(this.s, acct, symbol, mm);
  }

  /** Funding received (> 0) or paid (< 0) by an account so far. */
  fundingOf(acct: string): number {
    return this.s.account(acct).ledger.funding;
  }

  /**
   * Liquidate every account below its maintenance margin (perp-venue.ts), in account order; needs
   * cfg.liquidation. Returns the positions closed.
   */
  liquidationCheck(now: number): Liquidation[] {
    return perp.liquidationCheck(this.s, now);
  }

  // ---------------------------------------------------------------- rate-limit headers

  /** Values for X-MBX-USED-WEIGHT-1M / X-MBX-ORDER-COUNT-10S / -1M (no charge). */
  rateLimitUsage(acct: string, now: number): { usedWeight1m: number; orderCount10s: number; orderCount1m: number } {
    const l = this.s.account(acct).limiter;
    return { usedWeight1m: l.usedWeight(now), orderCount10s: l.orderCount10s(now), orderCount1m: l.orderCount1m(now) };
  }

  // ---------------------------------------------------------------- introspection (no charge)

  positionOf(acct: string, symbol: string): { amt: number; entryPrice: number; realizedPnl: number } {
    const p = this.s.account(acct).ledger.position(symbol);
    if (p === undefined) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
    return { amt: qtyOf(p.spec, p.amtSteps), entryPrice: p.entryPrice, realizedPnl: p.realizedPnl };
  }

  walletOf(acct: string): number {
    return this.s.account(acct).ledger.wallet;
  }

  /** wallet + unrealised − position IM − open-order IM, at the current mark. */
  availableOf(acct: string): number {
    return this.s.account(acct).ledger.availableBalance();
  }

  feesPaid(acct: string): number {
    return this.s.account(acct).ledger.feesPaid;
  }

  openOrderCount(acct: string, symbol: string): number {
    return this.s.account(acct).open.get(symbol)?.size ?? 0;
  }

  apiStats(acct: string): ApiStats {
    return this.s.account(acct).limiter.stats();
  }

  /** Best bid and ask prices of a symbol (each absent on an empty side; {} for an unknown symbol). */
  bookTop(symbol: string): { bid?: number; ask?: number } {
    return books.bookTop(this.s, symbol);
  }

  /** Up to `maxLevels` aggregated levels per side, best first, as [price, qty] numbers. */
  bookDepth(symbol: string, maxLevels: number): { bids: [number, number][]; asks: [number, number][] } {
    return books.bookDepth(this.s, symbol, maxLevels);
  }

  /** Every resting order of a symbol as (account, side, price, id), accounts in creation order (for the report). */
  forEachResting(symbol: string, fn: (acct: string, side: Side, price: number, id: number) => void): void {
    books.forEachResting(this.s, symbol, fn);
  }

  /** Number of resting orders in a symbol's book. */
  bookSize(symbol: string): number {
    return this.s.books.get(symbol)?.size ?? 0;
  }

  /** The compiled rules of a symbol (formatting in the paper server's shapes); undefined when unknown. */
  specOf(symbol: string): CompiledSymbol | undefined {
    return this.s.specs.get(symbol);
  }

  /** The settlement asset the Binance shapes name. */
  get settlementAsset(): string {
    return this.s.asset;
  }

  /** The fee rate an account would pay now as maker or taker (commissionRate). */
  feeRateOf(acct: string, liquidity: 'maker' | 'taker', now: number): number {
    this.s.account(acct);
    return this.s.fees.rate(acct, liquidity, now);
  }

  /** Wallet, unrealised PnL and margin balance of an account at the current mark (no charge). */
  accountTotals(acct: string): { wallet: number; unrealized: number; available: number } {
    const l = this.s.account(acct).ledger;
    return { wallet: l.wallet, unrealized: l.totalUnrealized(), available: l.availableBalance() };
  }
}
