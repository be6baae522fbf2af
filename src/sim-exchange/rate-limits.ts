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

/**
 * Weighted events over a sliding time span: each event's time, weight and a second tally (the
 * minute window counts calls, weight and orders in one ring, so a request prunes once).
 */
export class SlidingWindow {
  private t: Float64Array;
  private w: Float64Array;
  private x: Float64Array;
  private head = 0;
  /** Events in the window (after the latest prune). */
  count = 0;
  /** Σ weight in the window (after the latest prune). */
  total = 0;
  /** Σ second tally in the window (after the latest prune). */
  second = 0;

  constructor(
    readonly spanMs: number,
    capacity = 64,
  ) {
    this.t = new Float64Array(capacity);
    this.w = new Float64Array(capacity);
    this.x = new Float64Array(capacity);
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

  /** Record at `now` without pruning: only right after prune/sum/add at `now`. */
  append(now: number, weight: number, second = 0): void {
    if (this.count === this.t.length) this.grow();
    let i = this.head + this.count;
    if (i >= this.t.length) i -= this.t.length;
    this.t[i] = now;
    this.w[i] = weight;
    this.x[i] = second;
    this.count++;
    this.total += weight;
    this.second += second;
  }

  /** Drop the events at or before now − span. */
  prune(now: number): void {
    const cut = now - this.spanMs;
    const cap = this.t.length;
    while (this.count > 0 && this.t[this.head]! <= cut) {
      this.total -= this.w[this.head]!;
      this.second -= this.x[this.head]!;
      if (++this.head === cap) this.head = 0;
      this.count--;
    }
    if (this.count === 0) {
      this.total = 0;
      this.second = 0;
    }
  }

  private grow(): void {
    const cap = this.t.length;
    const t = new Float64Array(cap * 2);
    const w = new Float64Array(cap * 2);
    const x = new Float64Array(cap * 2);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) % cap;
      t[k] = this.t[i]!;
      w[k] = this.w[i]!;
      x[k] = this.x[i]!;
    }
    this.t = t;
    this.w = w;
    this.x = x;
    this.head = 0;
  }
}

export interface ApiStats {
  calls: number;
  maxCallsPerMinute: number;
  maxWeightPerMinute: number;
}

export class RateLimiter {
  /** Every call of the last minute: weight as the weight, orders as the second tally (0 and 0 when refused). */
  private readonly minute = new SlidingWindow(60_000);
  private readonly orders10s = new SlidingWindow(10_000);
  private calls = 0;
  private maxCalls = 0;
  private maxWeight = 0;

  constructor(private readonly limits: RateLimits) {}

  /** Charge one request; throws 429 errors without recording the request when over a limit. */
  charge(now: number, weight: number, orders: number): void {
    this.calls++;
    const m = this.minute;
    m.prune(now);
    const c = m.count + 1;
    if (c > this.maxCalls) this.maxCalls = c;

    const used = m.total;
    if (weight > 0 && used + weight > this.limits.weightPerMinute) {
      m.append(now, 0, 0);
      throw new ExchangeError(
        ErrorCode.TOO_MANY_REQUESTS,
        `Too many requests; current limit is ${this.limits.weightPerMinute} requests per minute. Please use the websocket for live updates to avoid polling the API.`,
        429,
      );
    }
    if (orders > 0) {
      if (this.orders10s.sum(now) + orders > this.limits.ordersPer10s) {
        m.append(now, 0, 0);
        throw new ExchangeError(
          ErrorCode.TOO_MANY_ORDERS,
          `Too many new orders; current limit is ${this.limits.ordersPer10s} orders per 10 seconds.`,
          429,
        );
      }
      if (m.second + orders > this.limits.ordersPerMinute) {
        m.append(now, 0, 0);
        throw new ExchangeError(
          ErrorCode.TOO_MANY_ORDERS,
          `Too many new orders; current limit is ${this.limits.ordersPerMinute} orders per minute.`,
          429,
        );
      }
      this.orders10s.append(now, orders); // summed at `now` just above
    }
    m.append(now, weight, orders);
    if (weight > 0 && used + weight > this.maxWeight) this.maxWeight = used + weight;
  }

  /** X-MBX-USED-WEIGHT-1M. */
  usedWeight(now: number): number {
    return this.minute.sum(now);
  }
  /** X-MBX-ORDER-COUNT-10S. */
  orderCount10s(now: number): number {
    return this.orders10s.sum(now);
  }
  /** X-MBX-ORDER-COUNT-1M. */
  orderCount1m(now: number): number {
    this.minute.prune(now);
    return this.minute.second;
  }

  stats(): ApiStats {
    return { calls: this.calls, maxCallsPerMinute: this.maxCalls, maxWeightPerMinute: this.maxWeight };
  }
}
