/**
 * What `serve` remembers of the venue's past for the history endpoints (userTrades, allOrders,
 * income, aggTrades), filled from the venue's listener (venue-feed.ts).
 *
 * Bounds (docs/paper-server.md "History"): per account the latest HISTORY_LIMIT fills, orders and
 * income rows; per symbol the latest HISTORY_LIMIT public trades. Each log keeps at least the
 * latest `limit` entries and at most twice that (the oldest half is dropped in one splice, so
 * appending stays amortised O(1)); older entries answer as if they never were (an empty list).
 * Queries follow Binance: a `from` id or a time range, ascending, at most `limit` rows (the latest
 * ones when no start is given).
 */
import type { SimOrder } from '../sim-exchange/order-record.js';
import type { IncomeRecord, TradeRecord } from './user-shapes.js';

export const HISTORY_LIMIT = 10_000;

/** Append-only log with a bound (see the module rule). */
export class BoundedLog<T> {
  readonly items: T[] = [];
  dropped = 0;
  constructor(readonly limit: number = HISTORY_LIMIT) {}

  push(x: T): void {
    this.items.push(x);
    if (this.items.length >= 2 * this.limit) {
      const n = this.items.length - this.limit;
      this.items.splice(0, n);
      this.dropped += n;
    }
  }
}

export interface RangeQuery {
  fromId?: number | undefined;
  startTime?: number | undefined;
  endTime?: number | undefined;
  limit: number;
}

/** Binance's selection over an ascending log: by id from `fromId`, else a time range, else the latest. */
export function select<T>(items: readonly T[], q: RangeQuery, id: (x: T) => number, time: (x: T) => number): T[] {
  let xs = items as T[];
  if (q.fromId !== undefined) {
    const from = q.fromId;
    xs = xs.filter((x) => id(x) >= from);
    return xs.slice(0, q.limit);
  }
  if (q.startTime !== undefined || q.endTime !== undefined) {
    const lo = q.startTime ?? Number.NEGATIVE_INFINITY;
    const hi = q.endTime ?? Number.POSITIVE_INFINITY;
    xs = xs.filter((x) => time(x) >= lo && time(x) <= hi);
    return q.startTime !== undefined ? xs.slice(0, q.limit) : xs.slice(-q.limit);
  }
  return xs.slice(-q.limit);
}

/** One public trade on the venue (a fill between two accounts), for aggTrades and the trade streams. */
export interface PublicTrade {
  id: number;
  symbol: string;
  price: string;
  qty: string;
  priceNum: number;
  qtyNum: number;
  /** The buyer was the maker (the taker sold). */
  buyerMaker: boolean;
  time: number;
}

export class VenueHistory {
  private readonly trades = new Map<string, BoundedLog<TradeRecord>>();
  private readonly orders = new Map<string, BoundedLog<SimOrder>>();
  private readonly income = new Map<string, BoundedLog<IncomeRecord>>();
  readonly publicTrades = new Map<string, BoundedLog<PublicTrade>>();
  private nextTranId = 1;

  constructor(private readonly limit = HISTORY_LIMIT) {}

  private log<T>(m: Map<string, BoundedLog<T>>, k: string): BoundedLog<T> {
    let l = m.get(k);
    if (!l) m.set(k, (l = new BoundedLog<T>(this.limit)));
    return l;
  }

  addTrade(acct: string, t: TradeRecord): void {
    this.log(this.trades, acct).push(t);
  }

  /** An order seen for the first time (placed, or the liquidation engine's). */
  addOrder(o: SimOrder): void {
    this.log(this.orders, o.acct).push(o);
  }

  addIncome(acct: string, r: Omit<IncomeRecord, 'tranId'>): void {
    this.log(this.income, acct).push({ ...r, tranId: this.nextTranId++ });
  }

  addPublicTrade(t: PublicTrade): void {
    this.log(this.publicTrades, t.symbol).push(t);
  }

  tradesOf(acct: string): readonly TradeRecord[] {
    return this.trades.get(acct)?.items ?? [];
  }

  ordersOf(acct: string): readonly SimOrder[] {
    return this.orders.get(acct)?.items ?? [];
  }

  incomeOf(acct: string): readonly IncomeRecord[] {
    return this.income.get(acct)?.items ?? [];
  }

  publicTradesOf(symbol: string): readonly PublicTrade[] {
    return this.publicTrades.get(symbol)?.items ?? [];
  }
}
