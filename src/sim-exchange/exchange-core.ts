/**
 * The simulated exchange: synchronous, deterministic, Binance USD-M semantics (exchange-api.md),
 * called at the virtual arrival time of each request (the sim runner) or by an HTTP front ('serve').
 *
 * Invariants:
 * - No clock, randomness, timers or I/O: every method takes `now` (ms); same calls ⇒ same results.
 * - Every public API method checks the account (-2015), then charges its rate limits (-1003/-1015,
 *   429), then validates; a rejected request changes nothing else. Introspection methods
 *   (positionOf, walletOf, ..., bookTop, forEachResting) charge nothing.
 * - Order ids come from one increasing counter per exchange; rejected orders take no id.
 * - placeOrder order of checks: filters (filters.ts) → clientOrderId pattern (-1100) and uniqueness
 *   among the account's open orders (-4116) → reduce-only direction (-2022) → margin (-2010, see
 *   ledger.ts: the order's extra open-order IM must fit availableBalance) → post-only (-5022 when a
 *   GTX order would cross the opposite best) → FOK feasibility → matching.
 * - Matching runs inside placeOrder with the incoming order as taker, walking the opposite side
 *   best price first, FIFO within a level, each fill at the resting (maker) order's price; onFill is
 *   called once per fill after both ledgers are updated. Outside quotes (cfg.outside,
 *   outside-quotes.ts), when there are any, are interleaved by price: a strictly better outside
 *   price fills before the book's best, an equal one after it; their account is the maker.
 * - Fees come from the fee model (cfg.fees, fees.ts; fixed at makerFee / takerFee by default), its
 *   rate read before each fill is booked and the fill's notional told to it afterwards.
 * - Self-trade prevention, mode = the request's selfTradePreventionMode or cfg.stp, applies when the
 *   next resting order to match belongs to the taker's own account:
 *   EXPIRE_TAKER: matching stops, the taker's remainder expires (status EXPIRED_IN_MATCH; earlier
 *   fills stand; the own resting order is untouched); EXPIRE_MAKER: that resting order is expired
 *   (EXPIRED_IN_MATCH) and matching continues; EXPIRE_BOTH: both; NONE: the account trades with
 *   itself (both fees charged, position unchanged).
 * - After matching: LIMIT GTC/GTX remainders rest (NEW / PARTIALLY_FILLED); IOC and MARKET remainders
 *   expire (EXPIRED); FOK either fills completely or expires untouched (EXPIRED). MARKET orders
 *   report price "0" and timeInForce GTC.
 * - Closed orders stay queryable by getOrder in a bounded history (cfg.historyLimit, default 20000).
 *
 * - A listener (cfg.listener, venue-events.ts), when given, is told of every order state change,
 *   account change and book change as it happens; without one nothing of it is computed.
 * - Funding and liquidation (perp-venue.ts has the rules) run only when the world calls
 *   settleFunding / liquidationCheck; modifyOrder is PUT /fapi/v1/order.
 *
 * Known limits: reduce-only orders are checked only at entry (not re-checked or trimmed when the
 * position changes later); no GTD, stop orders or priceMatch; request weight is per account
 * (Binance: per IP); an amended order always goes to the back of its level.
 *
 * Long file: the one venue core (matching, orders, the listener hook, the perpetual's account
 * actions); split further only with the matching loop it shares.
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type {
  BalanceRow,
  ExchangeInfo,
  NewOrderRequest,
  OrderRef,
  OrderRow,
  PositionRiskRow,
  Side,
  StpMode,
  SymbolRules,
} from '../engine/types.js';
import type { BalanceView, OrderView, PositionView } from '../engine/views.js';
import { OrderBook } from './book.js';
import { balanceView, orderView, positionView } from './engine-views.js';
import { FixedFees, type FeeModel } from './fees.js';
import {
  checkClientOrderId,
  compileSymbol,
  priceOf,
  qtyOf,
  validateOrder,
  type CompiledSymbol,
  type ValidOrder,
} from './filters.js';
import { MarginLedger, type PositionState } from './ledger.js';
import { validateNumericOrder, type NumericOrder } from './numeric-order.js';
import { OrderHistory, orderRow, type SimOrder } from './order-record.js';

import type { MaintenanceModel } from './maintenance-margin.js';
import {
  belowMaintenance,
  closeAtMark,
  fundingAmount,
  maintenanceMargin,
  positionNotional,
  type Liquidation,
  type LiquidationConfig,
} from './perp-venue.js';
import type { AccountReason, ExecType, VenueListener } from './venue-events.js';
import type { OutsideQuote, OutsideQuotes } from './outside-quotes.js';
import { DEFAULT_LIMITS, RateLimiter, WEIGHT, type ApiStats, type RateLimits } from './rate-limits.js';
import {
  balanceRow,
  exchangeInfoBinance,
  MAX_NOTIONAL_VALUE,
  positionRiskRow,
  type BinanceExchangeInfo,
  type CancelAllReply,
  type LeverageReply,
} from './shapes.js';

/** An openOrders element: the order object with `time`. */
const openOrderRow = (o: SimOrder): OrderRow => orderRow(o, true);

export interface SimExchangeConfig {
  /** Engine SymbolRules keyed by exchange symbol. */
  symbols: Record<string, SymbolRules>;
  walletUsdc: number;
  leverage: number;
  makerFee: number;
  takerFee: number;
  /** Fee model; default fixed at makerFee / takerFee (fees.ts). */
  fees?: FeeModel;
  /** Outside quotes crossing orders can fill against (outside-quotes.ts); default none. */
  outside?: OutsideQuotes;
  /** Default self-trade prevention mode ('EXPIRE_TAKER'). */
  stp: StpMode;
  limits: RateLimits;
  /** Collateral asset name in the Binance shapes; 'USDT' by default. */
  asset?: string;
  /** Closed orders kept for getOrder (oldest evicted first); 20000 by default. */
  historyLimit?: number;
  /** Told of order, account and book changes (venue-events.ts); default none. */
  listener?: VenueListener;
  /** The liquidation engine's account and fee (perp-venue.ts); default: no liquidation. */
  liquidation?: LiquidationConfig;
}

/** Binance defaults for everything but the symbols. */
export function defaultSimExchangeConfig(symbols: Record<string, SymbolRules>): SimExchangeConfig {
  return {
    symbols,
    walletUsdc: 1000,
    leverage: 5,
    makerFee: 0.0002,
    takerFee: 0.0005,
    stp: 'EXPIRE_TAKER',
    limits: { ...DEFAULT_LIMITS },
    asset: 'USDT',
  };
}

export interface Fill {
  t: number;
  symbol: string;
  price: number;
  qty: number;
  makerAccount: string;
  takerAccount: string;
  makerOrderId: number;
  takerOrderId: number;
  takerSide: Side;
  makerFee: number;
  takerFee: number;
}

interface Account {
  readonly id: string;
  readonly ledger: MarginLedger;
  readonly limiter: RateLimiter;
  /** Open orders per symbol, in placement order. */
  readonly open: Map<string, Map<number, SimOrder>>;
  readonly openByClient: Map<string, SimOrder>;
}

const CANCEL_ALL_REPLY: CancelAllReply = { code: 200, msg: 'The operation of cancel all open order is done.' };

export class SimExchangeCore {
  private readonly specs = new Map<string, CompiledSymbol>();
  private readonly specList: CompiledSymbol[] = [];
  private readonly books = new Map<string, OrderBook<SimOrder>>();
  private readonly accounts = new Map<string, Account>();
  private readonly history: OrderHistory;
  private readonly asset: string;
  private readonly fees: FeeModel;
  private readonly outside: OutsideQuotes | undefined;
  private readonly listener: VenueListener | undefined;
  private nextOrderId = 1;
  private nextTradeId = 1;
  /** Accounts whose ledgers the current request touched (for the listener's account events). */
  private readonly touched: string[] = [];

  constructor(
    private readonly cfg: SimExchangeConfig,
    private readonly mark: (symbol: string) => number,
    private readonly onFill?: (f: Fill) => void,
  ) {
    for (const [key, rules] of Object.entries(cfg.symbols)) {
      const spec = compileSymbol(key, rules);
      this.specs.set(key, spec);
      this.specList.push(spec);
      this.books.set(key, new OrderBook<SimOrder>());
    }
    this.history = new OrderHistory(cfg.historyLimit ?? 20_000);
    this.asset = cfg.asset ?? 'USDT';
    this.fees = cfg.fees ?? new FixedFees(cfg.makerFee, cfg.takerFee);
    this.outside = cfg.outside;
    this.listener = cfg.listener;
  }

  addAccount(id: string, walletUsdc?: number): void {
    if (this.accounts.has(id)) throw new Error(`sim exchange: account "${id}" added twice`);
    const open = new Map<string, Map<number, SimOrder>>();
    for (const s of this.specList) open.set(s.symbol, new Map());
    this.accounts.set(id, {
      id,
      ledger: new MarginLedger(walletUsdc ?? this.cfg.walletUsdc, this.specList, this.cfg.leverage, this.mark),
      limiter: new RateLimiter(this.cfg.limits),
      open,
      openByClient: new Map(),
    });
  }

  // ---------------------------------------------------------------- market data / info

  /** Engine shape. Charged to `acct` when given (Binance charges the IP). */
  exchangeInfo(now: number, acct?: string): ExchangeInfo {
    if (acct !== undefined) this.charge(acct, now, WEIGHT.exchangeInfo, 0);
    return { serverTime: now, symbols: this.specList.map((s) => ({ ...s.rules })) };
  }

  /** Full Binance GET /fapi/v1/exchangeInfo shape. */
  exchangeInfoBinance(now: number, acct?: string): BinanceExchangeInfo {
    if (acct !== undefined) this.charge(acct, now, WEIGHT.exchangeInfo, 0);
    return exchangeInfoBinance(now, this.specList, this.asset, this.cfg.limits);
  }

  // ---------------------------------------------------------------- account

  balance(acct: string, now: number): BalanceRow[] {
    const a = this.charge(acct, now, WEIGHT.balance, 0);
    return [balanceRow(a.id, this.asset, a.ledger, now)];
  }

  /** balance() as the engine's numeric view (same charge; engine-views.ts). */
  balanceView(acct: string, now: number): BalanceView[] {
    const a = this.charge(acct, now, WEIGHT.balance, 0);
    return [balanceView(this.asset, a.ledger)];
  }

  positionRisk(acct: string, now: number, symbol?: string): PositionRiskRow[] {
    return this.positions(acct, now, symbol, positionRiskRow);
  }

  /** positionRisk() as the engine's numeric views. */
  positionView(acct: string, now: number, symbol?: string): PositionView[] {
    return this.positions(acct, now, symbol, positionView);
  }

  /** GET openOrders: weight 1 with a symbol, 40 without (then all symbols). */
  openOrders(acct: string, now: number, symbol?: string): OrderRow[] {
    return this.openOf(acct, now, symbol, openOrderRow);
  }

  /** openOrders() as the engine's numeric views. */
  openOrdersView(acct: string, now: number, symbol?: string): OrderView[] {
    return this.openOf(acct, now, symbol, orderView);
  }

  private positions<R>(
    acct: string,
    now: number,
    symbol: string | undefined,
    shape: (l: MarginLedger, p: PositionState) => R,
  ): R[] {
    const a = this.charge(acct, now, WEIGHT.positionRisk, 0);
    if (symbol !== undefined && symbol !== '') {
      const p = a.ledger.position(symbol);
      if (p === undefined) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
      return [shape(a.ledger, p)];
    }
    const rows: R[] = [];
    for (const p of a.ledger.positions) rows.push(shape(a.ledger, p));
    return rows;
  }

  private openOf<R>(acct: string, now: number, symbol: string | undefined, shape: (o: SimOrder) => R): R[] {
    const all = symbol === undefined || symbol === '';
    const a = this.charge(acct, now, all ? WEIGHT.openOrdersAll : WEIGHT.openOrdersSymbol, 0);
    const rows: R[] = [];
    if (all) {
      for (const m of a.open.values()) for (const o of m.values()) rows.push(shape(o));
      return rows;
    }
    const m = a.open.get(symbol);
    if (m === undefined) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
    for (const o of m.values()) rows.push(shape(o));
    return rows;
  }

  setLeverage(acct: string, now: number, symbol: string, leverage: number): LeverageReply {
    const a = this.charge(acct, now, WEIGHT.leverage, 0);
    if (!symbol) throw mandatory('symbol');
    const p = a.ledger.position(symbol);
    if (p === undefined) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
    if (!Number.isInteger(leverage) || leverage < 1 || leverage > 125) {
      throw new ExchangeError(ErrorCode.INVALID_LEVERAGE, `Leverage ${leverage} is not valid`);
    }
    p.leverage = leverage;
    return { leverage, maxNotionalValue: MAX_NOTIONAL_VALUE, symbol };
  }

  // ---------------------------------------------------------------- orders

  placeOrder(acct: string, now: number, req: NewOrderRequest): OrderRow {
    return orderRow(this.placeOrderRecord(acct, now, req), false);
  }

  /** placeOrder answering with the order record (read it, never change it) instead of the row. */
  placeOrderRecord(acct: string, now: number, req: NewOrderRequest): Readonly<SimOrder> {
    const a = this.charge(acct, now, WEIGHT.placeOrder, 1);
    return this.place(a, now, validateOrder(this.specs, req, this.mark), req.newClientOrderId);
  }

  /**
   * placeOrder on the numeric path: ticks and steps in, the order record out (read it, never
   * change it). Same charges, checks, matching and state as placeOrder; no string is parsed or
   * formatted (in-process callers: the sim's fleet link, benches).
   */
  placeOrderNumeric(acct: string, now: number, req: NumericOrder): Readonly<SimOrder> {
    const a = this.charge(acct, now, WEIGHT.placeOrder, 1);
    return this.place(a, now, validateNumericOrder(this.specs, req, this.mark), req.newClientOrderId);
  }

  private place(a: Account, now: number, v: ValidOrder, cid: string | undefined): SimOrder {
    const spec = v.spec;
    if (cid !== undefined && cid !== '') {
      checkClientOrderId(cid);
      if (a.openByClient.has(cid)) throw new ExchangeError(ErrorCode.DUPLICATED_CLIENT_ORDER_ID, 'clientOrderId is duplicated');
    }
    const p = a.ledger.position(spec.symbol)!;
    if (v.reduceOnly && (p.amtSteps === 0 || p.amtSteps > 0 === (v.side === 'BUY'))) {
      throw new ExchangeError(ErrorCode.REDUCE_ONLY_REJECT, 'ReduceOnly Order is rejected.');
    }
    const book = this.books.get(spec.symbol)!;
    const opp: Side = v.side === 'BUY' ? 'SELL' : 'BUY';

    // Margin: value the order at its limit price (MARKET: mark, else the opposite best).
    let marginTicks = v.priceTicks;
    if (v.type === 'MARKET') {
      const m = this.mark(spec.symbol);
      marginTicks = Number.isFinite(m) && m > 0 ? m / spec.tick : (book.bestTicks(opp) ?? 0);
    }
    const extra = a.ledger.extraOpenIM(p, v.side, marginTicks, v.qtySteps);
    if (extra > 1e-12 && extra > a.ledger.availableBalance() + 1e-9) {
      throw new ExchangeError(ErrorCode.INSUFFICIENT_BALANCE, 'Account has insufficient balance for requested action.');
    }
    if (v.tif === 'GTX' && (book.crosses(v.side, v.priceTicks) || this.outsideWithin(spec.symbol, v.side, v.priceTicks, now))) {
      throw new ExchangeError(
        ErrorCode.GTX_REJECT,
        'Due to the order could not be executed as maker, the Post Only order will be rejected. The order will not be recorded in the order history',
      );
    }

    const id = this.nextOrderId++;
    const stp = v.stp ?? this.cfg.stp;
    const o: SimOrder = {
      id,
      acct: a.id,
      spec,
      pos: p,
      side: v.side,
      type: v.type,
      tif: v.tif,
      priceTicks: v.priceTicks,
      origSteps: v.qtySteps,
      openSteps: v.qtySteps,
      filledSteps: 0,
      cumTS: 0,
      status: 'NEW',
      clientOrderId: cid !== undefined && cid !== '' ? cid : `sim-${id}`,
      reduceOnly: v.reduceOnly,
      stp,
      time: now,
      updateTime: now,
      priceStr: undefined,
      origQtyStr: undefined,
    };

    if (v.tif === 'FOK' && this.fillable(book, o, now) < o.origSteps) {
      o.status = 'EXPIRED';
      this.history.add(o);
      this.tell(o, 'EXPIRED', now);
      return o;
    }

    this.match(a, book, o, now);
    this.settle(a, book, o, now);
    return o;
  }

  /** After matching: the incoming (or amended) order's final state, then the listener's events. */
  private settle(a: Account, book: OrderBook<SimOrder>, o: SimOrder, now: number): void {
    const l = this.listener;
    if (o.openSteps === 0) {
      o.status = 'FILLED';
      this.history.add(o);
    } else if (o.status === 'EXPIRED_IN_MATCH') {
      this.history.add(o);
      if (l) l.order(o, 'EXPIRED', now);
    } else if (o.type === 'LIMIT' && (o.tif === 'GTC' || o.tif === 'GTX')) {
      o.status = o.filledSteps > 0 ? 'PARTIALLY_FILLED' : 'NEW';
      book.add(o);
      a.ledger.addOpen(o.pos, o.side, o.priceTicks, o.openSteps);
      a.open.get(o.spec.symbol)!.set(o.id, o);
      a.openByClient.set(o.clientOrderId, o);
      if (l && o.filledSteps === 0) l.order(o, 'NEW', now);
    } else {
      o.status = 'EXPIRED';
      this.history.add(o);
      if (l) l.order(o, 'EXPIRED', now);
    }
    if (l) {
      l.book(o.spec.symbol, now);
      this.flushTouched('ORDER', now, o.spec.symbol);
    }
  }

  cancelOrder(acct: string, now: number, symbol: string, ref: OrderRef): OrderRow {
    return orderRow(this.cancelOrderNumeric(acct, now, symbol, ref), false);
  }

  /** cancelOrder on the numeric path: the cancelled order's record (read it, never change it). */
  cancelOrderNumeric(acct: string, now: number, symbol: string, ref: OrderRef): Readonly<SimOrder> {
    const a = this.charge(acct, now, WEIGHT.cancelOrder, 0);
    if (!symbol) throw mandatory('symbol');
    const m = a.open.get(symbol);
    if (m === undefined) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
    const o = this.findOpen(a, m, ref);
    if (o === undefined) throw new ExchangeError(ErrorCode.CANCEL_REJECTED, 'Unknown order sent.');
    this.books.get(symbol)!.remove(o);
    this.close(a, o, 'CANCELED', now);
    this.listener?.book(symbol, now);
    return o;
  }

  /** DELETE allOpenOrders for one symbol. */
  cancelAll(acct: string, now: number, symbol: string): CancelAllReply {
    const a = this.charge(acct, now, WEIGHT.cancelAll, 0);
    if (!symbol) throw mandatory('symbol');
    const m = a.open.get(symbol);
    if (m === undefined) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
    const book = this.books.get(symbol)!;
    const had = m.size > 0;
    for (const o of m.values()) {
      book.remove(o);
      this.close(a, o, 'CANCELED', now);
    }
    if (had) this.listener?.book(symbol, now);
    return CANCEL_ALL_REPLY;
  }

  /** GET order: open or recently closed (bounded history), else -2013. */
  getOrder(acct: string, now: number, symbol: string, ref: OrderRef): OrderRow {
    const a = this.charge(acct, now, WEIGHT.getOrder, 0);
    if (!symbol) throw mandatory('symbol');
    const m = a.open.get(symbol);
    if (m === undefined) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
    const open = this.findOpen(a, m, ref);
    if (open !== undefined) return orderRow(open, false);
    let o: SimOrder | undefined;
    if (ref.orderId !== undefined) o = this.history.get(ref.orderId);
    else if (ref.origClientOrderId !== undefined) o = this.history.getByClient(a.id, ref.origClientOrderId);
    if (o === undefined || o.acct !== a.id || o.spec.symbol !== symbol) {
      throw new ExchangeError(ErrorCode.NO_SUCH_ORDER, 'Order does not exist.');
    }
    return orderRow(o, false);
  }

  /**
   * PUT /fapi/v1/order: a resting LIMIT order's new price and total quantity (Binance's modify).
   * The side must be the order's (-1130); the new quantity must exceed what is filled (-1130); filters as for a new order; a GTX order that would cross is
   * refused (-5022) and stays as it was; margin as for a new order (-2010, the order unchanged).
   * The amended order keeps its id and goes to the back of its new level; a crossing GTC price
   * matches at once, as a placement would.
   */
  modifyOrder(acct: string, now: number, symbol: string, ref: OrderRef, side: Side, quantity: string, price: string): OrderRow {
    const a = this.charge(acct, now, WEIGHT.placeOrder, 1);
    if (!symbol) throw mandatory('symbol');
    const m = a.open.get(symbol);
    if (m === undefined) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
    const o = this.findOpen(a, m, ref);
    if (o === undefined) throw new ExchangeError(ErrorCode.NO_SUCH_ORDER, 'Order does not exist.');
    if (side !== o.side) throw new ExchangeError(ErrorCode.INVALID_PARAMETER, "Data sent for parameter 'side' is not valid.");
    const v = validateOrder(
      this.specs,
      { symbol, side, type: 'LIMIT', timeInForce: o.tif, quantity, price, reduceOnly: o.reduceOnly },
      this.mark,
    );
    if (v.qtySteps <= o.filledSteps)
      throw new ExchangeError(
        ErrorCode.INVALID_PARAMETER,
        "Data sent for parameter 'quantity' is not valid: at most the executed quantity.",
      );
    const book = this.books.get(symbol)!;
    if (o.tif === 'GTX' && (book.crosses(side, v.priceTicks) || this.outsideWithin(symbol, side, v.priceTicks, now)))
      throw new ExchangeError(
        ErrorCode.GTX_REJECT,
        'Due to the order could not be executed as maker, the Post Only order will be rejected. The order will not be recorded in the order history',
      );
    a.ledger.removeOpen(o.pos, o.side, o.priceTicks, o.openSteps);
    const extra = a.ledger.extraOpenIM(o.pos, side, v.priceTicks, v.qtySteps - o.filledSteps);
    if (extra > 1e-12 && extra > a.ledger.availableBalance() + 1e-9) {
      a.ledger.addOpen(o.pos, o.side, o.priceTicks, o.openSteps);
      throw new ExchangeError(ErrorCode.INSUFFICIENT_BALANCE, 'Account has insufficient balance for requested action.');
    }
    book.remove(o);
    m.delete(o.id);
    a.openByClient.delete(o.clientOrderId);
    o.priceTicks = v.priceTicks;
    o.origSteps = v.qtySteps;
    o.openSteps = v.qtySteps - o.filledSteps;
    o.priceStr = undefined;
    o.origQtyStr = undefined;
    o.updateTime = now;
    this.listener?.order(o, 'AMENDMENT', now);
    this.match(a, book, o, now);
    this.settle(a, book, o, now);
    return orderRow(o, false);
  }

  // ---------------------------------------------------------------- perpetual: funding, liquidation

  /**
   * A funding settlement of one symbol at `rate` (perp-venue.ts): every account with a position
   * pays or receives amount × mark × rate. Returns the non-zero payments, in account order.
   */
  settleFunding(symbol: string, rate: number, now: number): Array<{ account: string; amount: number }> {
    const out: Array<{ account: string; amount: number }> = [];
    for (const a of this.accounts.values()) {
      const p = a.ledger.position(symbol);
      if (p === undefined || p.amtSteps === 0) continue;
      const amount = fundingAmount(a.ledger, p, rate);
      if (amount === 0) continue;
      a.ledger.applyFunding(amount, now);
      out.push({ account: a.id, amount });
      this.listener?.account(a.id, 'FUNDING_FEE', now, [symbol], amount);
    }
    return out;
  }

  /** Maintenance margin of an account under `mm` (0 without positions). */
  maintenanceOf(acct: string, mm: MaintenanceModel): number {
    return maintenanceMargin(this.account(acct).ledger, mm);
  }

  /** Maintenance margin of one position under `mm`. */
  positionMaintenanceOf(acct: string, symbol: string, mm: MaintenanceModel): number {
    const l = this.account(acct).ledger;
    const p = l.position(symbol);
    return p === undefined ? 0 : mm.margin(symbol, positionNotional(l, p));
  }

  /** Funding received (> 0) or paid (< 0) by an account so far. */
  fundingOf(acct: string): number {
    return this.account(acct).ledger.funding;
  }

  /**
   * Liquidate every account below its maintenance margin (perp-venue.ts), in account order; needs
   * cfg.liquidation. Returns the positions closed.
   */
  liquidationCheck(now: number): Liquidation[] {
    const cfg = this.cfg.liquidation;
    const out: Liquidation[] = [];
    if (cfg === undefined) return out;
    for (const a of this.accounts.values()) {
      if (a.id === cfg.account || a.id === this.outside?.account) continue;
      const below = belowMaintenance(a.ledger, cfg.maintenance);
      if (below !== undefined) this.liquidate(a, cfg, below, now, out);
    }
    return out;
  }

  private liquidate(
    a: Account,
    cfg: LiquidationConfig,
    below: { marginBalance: number; maintMargin: number },
    now: number,
    out: Liquidation[],
  ): void {
    const fund = this.account(cfg.account);
    for (const [sym, m] of a.open) {
      if (m.size === 0) continue;
      const book = this.books.get(sym)!;
      for (const o of m.values()) {
        book.remove(o);
        this.close(a, o, 'CANCELED', now);
      }
      this.listener?.book(sym, now);
    }
    const first = out.length;
    const symbols: string[] = [];
    for (const p of a.ledger.positions) {
      if (p.amtSteps === 0) continue;
      const spec = p.spec;
      const side: Side = p.amtSteps > 0 ? 'SELL' : 'BUY';
      const steps = Math.abs(p.amtSteps);
      const ticks = closeAtMark(a.ledger, p);
      fund.ledger.applyFill(fund.ledger.position(spec.symbol)!, side === 'SELL' ? 'BUY' : 'SELL', ticks, steps, 0, now);
      a.ledger.applyFill(p, side, ticks, steps, 0, now);
      const realized = a.ledger.lastRealized;
      const notional = ticks * steps * spec.unit;
      const fee = Math.min(cfg.feeRate * notional, Math.max(0, a.ledger.wallet));
      if (fee > 0) {
        a.ledger.chargeFee(fee, now);
        fund.ledger.credit(fee, now);
      }
      const id = this.nextOrderId++;
      const o: SimOrder = {
        id,
        acct: a.id,
        spec,
        pos: p,
        side,
        type: 'MARKET',
        tif: 'IOC',
        priceTicks: ticks,
        origSteps: steps,
        openSteps: 0,
        filledSteps: steps,
        cumTS: ticks * steps,
        status: 'FILLED',
        clientOrderId: `autoclose-${now}-${id}`,
        reduceOnly: true,
        stp: 'NONE',
        time: now,
        updateTime: now,
        priceStr: undefined,
        origQtyStr: undefined,
      };
      this.history.add(o);
      const tradeId = this.nextTradeId++;
      this.listener?.order(o, 'TRADE', now, { tradeId, priceTicks: ticks, steps, fee, realized, maker: false });
      symbols.push(spec.symbol);
      out.push({
        t: now,
        account: a.id,
        symbol: spec.symbol,
        side,
        qty: qtyOf(spec, steps),
        price: priceOf(spec, ticks),
        fee,
        marginBalance: below.marginBalance,
        maintMargin: below.maintMargin,
        insuranceCovered: 0,
        orderId: id,
      });
    }
    if (a.ledger.wallet < 0) {
      const cover = -a.ledger.wallet;
      a.ledger.credit(cover, now);
      fund.ledger.credit(-cover, now);
      if (out.length > first) out[out.length - 1]!.insuranceCovered = cover;
    }
    this.listener?.account(a.id, 'LIQUIDATION', now, symbols);
  }

  // ---------------------------------------------------------------- rate-limit headers

  /** Values for X-MBX-USED-WEIGHT-1M / X-MBX-ORDER-COUNT-10S / -1M (no charge). */
  rateLimitUsage(acct: string, now: number): { usedWeight1m: number; orderCount10s: number; orderCount1m: number } {
    const l = this.account(acct).limiter;
    return { usedWeight1m: l.usedWeight(now), orderCount10s: l.orderCount10s(now), orderCount1m: l.orderCount1m(now) };
  }

  // ---------------------------------------------------------------- introspection (no charge)

  positionOf(acct: string, symbol: string): { amt: number; entryPrice: number; realizedPnl: number } {
    const p = this.account(acct).ledger.position(symbol);
    if (p === undefined) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
    return { amt: qtyOf(p.spec, p.amtSteps), entryPrice: p.entryPrice, realizedPnl: p.realizedPnl };
  }

  walletOf(acct: string): number {
    return this.account(acct).ledger.wallet;
  }

  /** wallet + unrealised − position IM − open-order IM, at the current mark. */
  availableOf(acct: string): number {
    return this.account(acct).ledger.availableBalance();
  }

  feesPaid(acct: string): number {
    return this.account(acct).ledger.feesPaid;
  }

  openOrderCount(acct: string, symbol: string): number {
    return this.account(acct).open.get(symbol)?.size ?? 0;
  }

  apiStats(acct: string): ApiStats {
    return this.account(acct).limiter.stats();
  }

  bookTop(symbol: string): { bid?: number; ask?: number } {
    const book = this.books.get(symbol);
    const spec = this.specs.get(symbol);
    if (book === undefined || spec === undefined) return {};
    const b = book.bestTicks('BUY');
    const s = book.bestTicks('SELL');
    const r: { bid?: number; ask?: number } = {};
    if (b !== undefined) r.bid = priceOf(spec, b);
    if (s !== undefined) r.ask = priceOf(spec, s);
    return r;
  }

  /** Up to `maxLevels` aggregated levels per side, best first, as [price, qty] numbers. */
  bookDepth(symbol: string, maxLevels: number): { bids: [number, number][]; asks: [number, number][] } {
    const book = this.books.get(symbol);
    const spec = this.specs.get(symbol);
    const out = { bids: [] as [number, number][], asks: [] as [number, number][] };
    if (book === undefined || spec === undefined) return out;
    for (const side of ['BUY', 'SELL'] as const) {
      const dst = side === 'BUY' ? out.bids : out.asks;
      const n = Math.min(maxLevels, book.levelCount(side));
      for (let k = 0; k < n; k++) {
        dst.push([priceOf(spec, book.level(side, k)!.priceTicks), qtyOf(spec, book.levelSteps(side, k))]);
      }
    }
    return out;
  }

  /** Every resting order of a symbol as (account, side, price, id), accounts in creation order (for the report). */
  forEachResting(symbol: string, fn: (acct: string, side: Side, price: number, id: number) => void): void {
    const spec = this.specs.get(symbol);
    if (spec === undefined) return;
    for (const a of this.accounts.values()) {
      const open = a.open.get(symbol);
      if (open !== undefined) for (const o of open.values()) fn(a.id, o.side, priceOf(spec, o.priceTicks), o.id);
    }
  }

  /** Number of resting orders in a symbol's book. */
  bookSize(symbol: string): number {
    return this.books.get(symbol)?.size ?? 0;
  }

  /** The compiled rules of a symbol (formatting in the paper server's shapes); undefined when unknown. */
  specOf(symbol: string): CompiledSymbol | undefined {
    return this.specs.get(symbol);
  }

  /** The settlement asset the Binance shapes name. */
  get settlementAsset(): string {
    return this.asset;
  }

  /** The fee rate an account would pay now as maker or taker (commissionRate). */
  feeRateOf(acct: string, liquidity: 'maker' | 'taker', now: number): number {
    this.account(acct);
    return this.fees.rate(acct, liquidity, now);
  }

  /** Wallet, unrealised PnL and margin balance of an account at the current mark (no charge). */
  accountTotals(acct: string): { wallet: number; unrealized: number; available: number } {
    const l = this.account(acct).ledger;
    return { wallet: l.wallet, unrealized: l.totalUnrealized(), available: l.availableBalance() };
  }

  // ---------------------------------------------------------------- internals

  private tell(o: SimOrder, exec: ExecType, now: number): void {
    this.listener?.order(o, exec, now);
  }

  private touch(acct: string): void {
    if (!this.touched.includes(acct)) this.touched.push(acct);
  }

  /** One account event per account the request's fills touched (ACCOUNT_UPDATE after the order events). */
  private flushTouched(reason: AccountReason, now: number, symbol: string): void {
    if (this.touched.length === 0) return;
    const l = this.listener!;
    const syms = [symbol];
    for (const acct of this.touched) l.account(acct, reason, now, syms);
    this.touched.length = 0;
  }

  private account(acct: string): Account {
    const a = this.accounts.get(acct);
    if (a === undefined)
      throw new ExchangeError(ErrorCode.INVALID_API_KEY, 'Invalid API-key, IP, or permissions for action.', 401);
    return a;
  }

  private charge(acct: string, now: number, weight: number, orders: number): Account {
    const a = this.account(acct);
    a.limiter.charge(now, weight, orders);
    return a;
  }

  private findOpen(a: Account, m: Map<number, SimOrder>, ref: OrderRef): SimOrder | undefined {
    if (ref.orderId !== undefined && ref.orderId !== null) return m.get(Number(ref.orderId));
    if (ref.origClientOrderId !== undefined && ref.origClientOrderId !== '') {
      const o = a.openByClient.get(ref.origClientOrderId);
      return o !== undefined && m.get(o.id) === o ? o : undefined;
    }
    throw new ExchangeError(
      ErrorCode.MANDATORY_PARAM,
      "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!",
    );
  }

  /** Remove a resting order (already out of the book) from its account and file it as closed. */
  private close(a: Account, o: SimOrder, status: 'CANCELED' | 'EXPIRED_IN_MATCH' | 'FILLED', now: number): void {
    if (o.openSteps > 0) a.ledger.removeOpen(o.pos, o.side, o.priceTicks, o.openSteps);
    o.status = status;
    o.updateTime = now;
    a.open.get(o.spec.symbol)!.delete(o.id);
    if (a.openByClient.get(o.clientOrderId) === o) a.openByClient.delete(o.clientOrderId);
    this.history.add(o);
    if (this.listener !== undefined && status !== 'FILLED')
      this.listener.order(o, status === 'CANCELED' ? 'CANCELED' : 'EXPIRED', now);
  }

  /** Quantity an FOK order could fill now, honouring its limit, self-trade prevention and the outside quote. */
  private fillable(book: OrderBook<SimOrder>, o: SimOrder, now: number): number {
    const opp: Side = o.side === 'BUY' ? 'SELL' : 'BUY';
    const x = this.outsideFor(o, now);
    let xLeft = x !== undefined;
    let total = 0;
    const n = book.levelCount(opp);
    for (let k = 0; k < n; k++) {
      const lv = book.level(opp, k)!;
      if (xLeft && this.better(o.side, x!.priceTicks, lv.priceTicks)) {
        total += x!.steps;
        xLeft = false;
        if (total >= o.origSteps) return total;
      }
      if (o.type === 'LIMIT' && (o.side === 'BUY' ? lv.priceTicks > o.priceTicks : lv.priceTicks < o.priceTicks)) break;
      for (const m of lv.orders) {
        if (m.acct === o.acct && o.stp !== 'NONE') {
          if (o.stp === 'EXPIRE_MAKER') continue;
          return total;
        }
        total += m.openSteps;
        if (total >= o.origSteps) return total;
      }
    }
    if (xLeft) total += x!.steps;
    return total;
  }

  /** True when `a` is a strictly better price than `b` for a taker on `takerSide`. */
  private better(takerSide: Side, a: number, b: number): boolean {
    return takerSide === 'BUY' ? a < b : a > b;
  }

  /** The outside quote an order could take now (within its limit), or undefined. */
  private outsideFor(o: SimOrder, now: number): OutsideQuote | undefined {
    if (this.outside === undefined) return undefined;
    const x = this.outside.best(o.spec.symbol, o.side === 'BUY' ? 'SELL' : 'BUY', now);
    if (x === undefined || !(x.steps > 0)) return undefined;
    if (o.type === 'LIMIT' && (o.side === 'BUY' ? x.priceTicks > o.priceTicks : x.priceTicks < o.priceTicks)) return undefined;
    return x;
  }

  /** True when an order of `side` limited at `limitTicks` would take the outside quote now (post-only check). */
  private outsideWithin(symbol: string, side: Side, limitTicks: number, now: number): boolean {
    if (this.outside === undefined) return false;
    const x = this.outside.best(symbol, side === 'BUY' ? 'SELL' : 'BUY', now);
    return x !== undefined && x.steps > 0 && (side === 'BUY' ? x.priceTicks <= limitTicks : x.priceTicks >= limitTicks);
  }

  private match(a: Account, book: OrderBook<SimOrder>, o: SimOrder, now: number): void {
    const opp: Side = o.side === 'BUY' ? 'SELL' : 'BUY';
    const limit = o.type === 'LIMIT';
    while (o.openSteps > 0) {
      const m = book.best(opp);
      const x = this.outsideFor(o, now);
      const bookOk =
        m !== undefined && !(limit && (o.side === 'BUY' ? m.priceTicks > o.priceTicks : m.priceTicks < o.priceTicks));
      if (x !== undefined && (!bookOk || this.better(o.side, x.priceTicks, m!.priceTicks))) {
        this.fillOutside(a, o, x, now);
        continue;
      }
      if (!bookOk) break;
      if (m.acct === o.acct && o.stp !== 'NONE') {
        if (o.stp === 'EXPIRE_MAKER' || o.stp === 'EXPIRE_BOTH') {
          book.removeBest(opp);
          this.close(a, m, 'EXPIRED_IN_MATCH', now);
        }
        if (o.stp === 'EXPIRE_TAKER' || o.stp === 'EXPIRE_BOTH') {
          o.status = 'EXPIRED_IN_MATCH';
          o.updateTime = now;
          return;
        }
        continue;
      }
      const q = Math.min(o.openSteps, m.openSteps);
      const ma = this.accounts.get(m.acct)!;
      const ticks = m.priceTicks;
      const tradeTS = ticks * q;

      m.openSteps -= q;
      m.filledSteps += q;
      m.cumTS += tradeTS;
      m.updateTime = now;
      ma.ledger.removeOpen(m.pos, m.side, ticks, q);
      const makerFee = ma.ledger.applyFill(m.pos, m.side, ticks, q, this.fees.rate(m.acct, 'maker', now), now);
      const makerRealized = ma.ledger.lastRealized;

      o.openSteps -= q;
      o.filledSteps += q;
      o.cumTS += tradeTS;
      o.updateTime = now;
      const takerFee = a.ledger.applyFill(o.pos, o.side, ticks, q, this.fees.rate(o.acct, 'taker', now), now);
      this.countVolume(m.acct, o.acct, o.spec, ticks, q, now);

      if (m.openSteps === 0) {
        book.removeBest(opp);
        this.close(ma, m, 'FILLED', now);
      } else {
        m.status = 'PARTIALLY_FILLED';
      }
      const tradeId = this.nextTradeId++;
      if (this.listener !== undefined) {
        const l = this.listener;
        l.order(m, 'TRADE', now, { tradeId, priceTicks: ticks, steps: q, fee: makerFee, realized: makerRealized, maker: true });
        o.status = o.openSteps === 0 ? 'FILLED' : 'PARTIALLY_FILLED';
        l.order(o, 'TRADE', now, {
          tradeId,
          priceTicks: ticks,
          steps: q,
          fee: takerFee,
          realized: a.ledger.lastRealized,
          maker: false,
        });
        this.touch(m.acct);
        this.touch(o.acct);
      }
      this.emitFill(o, m.acct, m.id, ticks, q, makerFee, takerFee, now);
    }
  }

  /** The incoming order takes (part of) the outside quote `x`; its account is the maker. */
  private fillOutside(a: Account, o: SimOrder, x: OutsideQuote, now: number): void {
    const outside = this.outside!;
    const xa = this.account(outside.account);
    const q = Math.min(o.openSteps, x.steps);
    const ticks = x.priceTicks;
    const xp = xa.ledger.position(o.spec.symbol)!;
    const makerFee = xa.ledger.applyFill(
      xp,
      o.side === 'BUY' ? 'SELL' : 'BUY',
      ticks,
      q,
      this.fees.rate(xa.id, 'maker', now),
      now,
    );
    o.openSteps -= q;
    o.filledSteps += q;
    o.cumTS += ticks * q;
    o.updateTime = now;
    const takerFee = a.ledger.applyFill(o.pos, o.side, ticks, q, this.fees.rate(o.acct, 'taker', now), now);
    this.countVolume(xa.id, o.acct, o.spec, ticks, q, now);
    outside.take(o.spec.symbol, o.side === 'BUY' ? 'SELL' : 'BUY', q, now);
    const tradeId = this.nextTradeId++;
    if (this.listener !== undefined) {
      o.status = o.openSteps === 0 ? 'FILLED' : 'PARTIALLY_FILLED';
      this.listener.order(o, 'TRADE', now, {
        tradeId,
        priceTicks: ticks,
        steps: q,
        fee: takerFee,
        realized: a.ledger.lastRealized,
        maker: false,
      });
      this.touch(o.acct);
    }
    this.emitFill(o, xa.id, 0, ticks, q, makerFee, takerFee, now);
  }

  /** Both sides' volume for the fee model (after the fill's fees were charged). */
  private countVolume(maker: string, taker: string, spec: CompiledSymbol, ticks: number, steps: number, now: number): void {
    const notional = ticks * steps * spec.unit;
    this.fees.onFill(maker, notional, now);
    this.fees.onFill(taker, notional, now);
  }

  private emitFill(
    o: SimOrder,
    makerAccount: string,
    makerOrderId: number,
    ticks: number,
    q: number,
    makerFee: number,
    takerFee: number,
    now: number,
  ): void {
    if (this.onFill === undefined) return;
    this.onFill({
      t: now,
      symbol: o.spec.symbol,
      price: priceOf(o.spec, ticks),
      qty: qtyOf(o.spec, q),
      makerAccount,
      takerAccount: o.acct,
      makerOrderId,
      takerOrderId: o.id,
      takerSide: o.side,
      makerFee,
      takerFee,
    });
  }
}

function mandatory(name: string): ExchangeError {
  return new ExchangeError(
    ErrorCode.MANDATORY_PARAM,
    `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
  );
}
