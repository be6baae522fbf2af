/**
 * Per-account rate limits with exact sliding windows (exchange-api.md §4, weights §2).
 *
 * - Request weight: Σ weight of requests in (now − 60 s, now] must stay ≤ weightPerMinute, else
 *   ExchangeError(-1003, 429).
 * - Orders: placements in (now − 10 s, now] ≤ ordersPer10s and in (now − 60 s, now] ≤
 *   ordersPerMinute, else ExchangeError(-1015, 429). Only placements count (POST order weight 0,
 *   +1 order); cancellations are charged request weight only.
 * - A request refused with 429 is not added to the windows (a client that backs off recovers as
 *   the window slides; Binance's 418 ban escalation is not modelled).
 * - Stats: every call (including refused ones) counts in `calls`; `maxCallsPerMinute` and
 *   `maxWeightPerMinute` are maxima of the sliding 60 s sums, sampled at each call.
 *
 * Invariants: `now` is non-decreasing per account (virtual arrival times); windows are ring
 * buffers holding only entries inside the window, so memory is bounded by the busiest minute.
 * Limits are per account here (Binance counts weight per IP; the fleet is one IP per account in
 * the sim's model).
 */
import { ExchangeError, ErrorCode } from '../engine/errors.js';

export interface RateLimits {
  weightPerMinute: number;
  ordersPer10s: number;
  ordersPerMinute: number;
}

export const DEFAULT_LIMITS: RateLimits = { weightPerMinute: 2400, ordersPer10s: 300, ordersPerMinute: 1200 };

/** Request weights of the endpoints the core serves (exchange-api.md §2). */
export const WEIGHT = {
  exchangeInfo: 1,
  balance: 5,
  account: 5,
  positionRisk: 5,
  openOrdersSymbol: 1,
  openOrdersAll: 40,
  placeOrder: 0,
  cancelOrder: 1,
  cancelAll: 1,
  getOrder: 1,
  leverage: 1,
} as const;

/** Sum of weighted events over a sliding time span. */
export class SlidingWindow {
  private t: Float64Array;
  private w: Float64Array;
  private head = 0;
  private len = 0;
  private total = 0;

  constructor(
    readonly spanMs: number,
    capacity = 64,
  ) {
    this.t = new Float64Array(capacity);
    this.w = new Float64Array(capacity);
  }

  /** Sum over (now − span, now]. */
  sum(now: number): number {
    this.prune(now);
    return this.total;
  }

  add(now: number, weight: number): void {
    this.prune(now);
    this.append(now, weight);
  }

  /** add() and then sum(), pruning once. */
  addAndSum(now: number, weight: number): number {
    this.prune(now);
    this.append(now, weight);
    return this.total;
  }

  /** Record at `now` without pruning: only right after sum(now) or add(now) pruned the window. */
  append(now: number, weight: number): void {
    if (this.len === this.t.length) this.grow();
    let i = this.head + this.len;
    if (i >= this.t.length) i -= this.t.length;
    this.t[i] = now;
    this.w[i] = weight;
    this.len++;
    this.total += weight;
  }

  private prune(now: number): void {
    const cut = now - this.spanMs;
    const cap = this.t.length;
    while (this.len > 0 && this.t[this.head]! <= cut) {
      this.total -= this.w[this.head]!;
      if (++this.head === cap) this.head = 0;
      this.len--;
    }
    if (this.len === 0) this.total = 0;
  }

  private grow(): void {
    const cap = this.t.length;
    const t = new Float64Array(cap * 2);
    const w = new Float64Array(cap * 2);
    for (let k = 0; k < this.len; k++) {
      const i = (this.head + k) % cap;
      t[k] = this.t[i]!;
      w[k] = this.w[i]!;
    }
    this.t = t;
    this.w = w;
    this.head = 0;
  }
}

export interface ApiStats {
  calls: number;
  maxCallsPerMinute: number;
  maxWeightPerMinute: number;
}

export class RateLimiter {
  private readonly weight = new SlidingWindow(60_000);
  private readonly orders10s = new SlidingWindow(10_000);
  private readonly orders1m = new SlidingWindow(60_000);
  private readonly callsWin = new SlidingWindow(60_000);
  private calls = 0;
  private maxCalls = 0;
  private maxWeight = 0;

  constructor(private readonly limits: RateLimits) {}

  /** Charge one request; throws 429 errors without recording the request when over a limit. */
  charge(now: number, weight: number, orders: number): void {
    this.calls++;
    const c = this.callsWin.addAndSum(now, 1);
    if (c > this.maxCalls) this.maxCalls = c;

    const used = this.weight.sum(now);
    if (weight > 0 && used + weight > this.limits.weightPerMinute) {
      throw new ExchangeError(
        ErrorCode.TOO_MANY_REQUESTS,
        `Too many requests; current limit is ${this.limits.weightPerMinute} requests per minute. Please use the websocket for live updates to avoid polling the API.`,
        429,
      );
    }
    if (orders > 0) {
      if (this.orders10s.sum(now) + orders > this.limits.ordersPer10s) {
        throw new ExchangeError(
          ErrorCode.TOO_MANY_ORDERS,
          `Too many new orders; current limit is ${this.limits.ordersPer10s} orders per 10 seconds.`,
          429,
        );
      }
      if (this.orders1m.sum(now) + orders > this.limits.ordersPerMinute) {
        throw new ExchangeError(
          ErrorCode.TOO_MANY_ORDERS,
          `Too many new orders; current limit is ${this.limits.ordersPerMinute} orders per minute.`,
          429,
        );
      }
      this.orders10s.append(now, orders); // both summed at `now` just above
      this.orders1m.append(now, orders);
    }
    if (weight > 0) {
      this.weight.append(now, weight); // summed at `now` above
      if (used + weight > this.maxWeight) this.maxWeight = used + weight;
    }
  }

  /** X-MBX-USED-WEIGHT-1M. */
  usedWeight(now: number): number {
    return this.weight.sum(now);
  }
  /** X-MBX-ORDER-COUNT-10S. */
  orderCount10s(now: number): number {
    return this.orders10s.sum(now);
  }
  /** X-MBX-ORDER-COUNT-1M. */
  orderCount1m(now: number): number {
    return this.orders1m.sum(now);
  }

  stats(): ApiStats {
    return { calls: this.calls, maxCallsPerMinute: this.maxCalls, maxWeightPerMinute: this.maxWeight };
  }
}
