/**
 * The simulated exchange's shared state (config, compiled symbols, books, accounts, closed-order
 * history, id counters) and the few primitives every part of the venue keeps its invariants with.
 * The facade (exchange-core.ts) owns one VenueState; placement.ts, matching.ts, order-actions.ts,
 * account-endpoints.ts and perp-actions.ts are plain functions over it.
 *
 * Rules:
 * - The state is mutated only by the venue's functions, never by the facade's callers.
 * - Order ids and trade ids come from the two counters here, one increasing sequence each per
 *   exchange (rejected orders take no id).
 * - `account` answers -2015 for an unknown account; `charge` then charges its rate limits (-1003 /
 *   -1015, 429) before the request does anything else.
 * - `close` is the one way an order leaves an account's open set: its open-order margin is
 *   released, it is filed in the bounded history, and the listener is told (except FILLED: the
 *   fill's TRADE event already said so).
 * - `touched` lists the accounts whose ledgers the current request's fills changed; the request
 *   flushes it (one account event each) before it returns, so it is empty between requests.
 * - Nothing here allocates per call but flushTouched's one symbol list (the hot path goes through
 *   `charge`, `openIn` and `close`).
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { OrderRef, Side, StpMode, SymbolRules } from '../engine/types.js';
import { OrderBook } from './book.js';
import { ClientIndex } from './client-ids.js';
import { FixedFees, type FeeModel } from './fees.js';
import { compileSymbol, type CompiledSymbol } from './filters.js';
import { MarginLedger } from './ledger.js';
import { OrderHistory, type SimOrder } from './order-record.js';
import type { OutsideQuotes } from './outside-quotes.js';
import type { LiquidationConfig } from './perp-venue.js';
import { DEFAULT_LIMITS, RateLimiter, type RateLimits } from './rate-limits.js';
import type { VenueListener } from './venue-events.js';

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

/** One fill as the core's onFill callback sees it. */
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

export interface Account {
  readonly id: string;
  readonly ledger: MarginLedger;
  readonly limiter: RateLimiter;
  /** Open orders per symbol, in placement order. */
  readonly open: Map<string, Map<number, SimOrder>>;
  /** Open orders by clientOrderId (client-ids.ts: a Map's answers, no entry for generated ids). */
  readonly openByClient: ClientIndex;
}

export class VenueState {
  readonly specs = new Map<string, CompiledSymbol>();
  readonly specList: CompiledSymbol[] = [];
  readonly books = new Map<string, OrderBook<SimOrder>>();
  /** Accounts in creation order (funding, liquidation and the report walk them in this order). */
  readonly accounts = new Map<string, Account>();
  readonly history: OrderHistory;
  readonly asset: string;
  readonly fees: FeeModel;
  readonly outside: OutsideQuotes | undefined;
  readonly listener: VenueListener | undefined;
  nextOrderId = 1;
  nextTradeId = 1;
  /** Accounts whose ledgers the current request touched (for the listener's account events). */
  readonly touched: string[] = [];

  constructor(
    readonly cfg: SimExchangeConfig,
    readonly mark: (symbol: string) => number,
    readonly onFill: ((f: Fill) => void) | undefined,
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
      openByClient: new ClientIndex(open),
    });
  }

  account(acct: string): Account {
    const a = this.accounts.get(acct);
    if (a === undefined)
      throw new ExchangeError(ErrorCode.INVALID_API_KEY, 'Invalid API-key, IP, or permissions for action.', 401);
    return a;
  }

  charge(acct: string, now: number, weight: number, orders: number): Account {
    const a = this.account(acct);
    a.limiter.charge(now, weight, orders);
    return a;
  }

  /** Mark an account's ledger as touched by the current request (for its account event). */
  touch(acct: string): void {
    if (!this.touched.includes(acct)) this.touched.push(acct);
  }

  /** One ORDER account event per account the request's fills touched (ACCOUNT_UPDATE after the order events). */
  flushTouched(now: number, symbol: string): void {
    if (this.touched.length === 0) return;
    const l = this.listener!;
    const syms = [symbol];
    for (const acct of this.touched) l.account(acct, 'ORDER', now, syms);
    this.touched.length = 0;
  }

  /** Remove a resting order (already out of the book) from its account and file it as closed. */
  close(a: Account, o: SimOrder, status: 'CANCELED' | 'EXPIRED_IN_MATCH' | 'FILLED', now: number): void {
    if (o.openSteps > 0) a.ledger.removeOpen(o.pos, o.side, o.priceTicks, o.openSteps);
    o.status = status;
    o.updateTime = now;
    a.open.get(o.spec.symbol)!.delete(o.id);
    a.openByClient.removeIfMapped(o);
    this.history.add(o);
    if (this.listener !== undefined && status !== 'FILLED')
      this.listener.order(o, status === 'CANCELED' ? 'CANCELED' : 'EXPIRED', now);
  }
}

/** The account's open orders of a request's `symbol`: -1102 when it is missing, -1121 when unknown. */
export function openIn(a: Account, symbol: string): Map<number, SimOrder> {
  if (!symbol) throw mandatory('symbol');
  const m = a.open.get(symbol);
  if (m === undefined) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
  return m;
}

/** The open order a request's orderId (first) or origClientOrderId names among `m`; -1102 when neither is sent. */
export function findOpen(a: Account, m: Map<number, SimOrder>, ref: OrderRef): SimOrder | undefined {
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

export function mandatory(name: string): ExchangeError {
  return new ExchangeError(
    ErrorCode.MANDATORY_PARAM,
    `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
  );
}
