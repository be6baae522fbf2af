/**
 * RockyClient: the live Exchange for one account, Binance USD-M REST as Rocky speaks it
 * (exchange-api.md), in the adapter layout NautilusTrader uses per venue:
 *   rocky-signing.ts    credentials: query encoding and the HMAC signature;
 *   rocky-transport.ts  RockyHost: the pool, server time, shared throttling (one per base URL);
 *   rocky-parsing.ts    replies and transport failures → engine views and ExchangeError;
 *   rocky-client.ts     this file: the Exchange port on top (endpoints, order-count gate,
 *                       unknown-outcome resolution).
 *
 * Rules:
 * - Signed requests put every parameter in the query string, empty body (§1); a -1021 (clock
 *   drift) resyncs the time and sends once more (the request was not processed).
 * - Placements are refused once the stop flag is up, checked again after every wait and right
 *   before the request leaves, so nothing is placed after a graceful stop began.
 * - 5xx, timeouts and broken connections mean the outcome is unknown (ExchangeError.unknownOutcome).
 *   A placement with an unknown outcome is looked up by its newClientOrderId before the call
 *   returns: found → the order row is returned; "does not exist" → a plain (known) failure, but
 *   only once the exchange can no longer accept the request: its timestamp + recvWindow has passed
 *   in server time (plus half the time sync's round trip, the offset's uncertainty, and
 *   `lookupMarginMs`). A "not found" before that may be a request still on its way or queued, so
 *   the client waits for the window to close and looks again (that lookup does not use up an
 *   attempt). This relies on the exchange checking the window when it applies a request (serve
 *   does, at dispatch); the client never sends a placement twice.
 */
import type { Exchange } from '../engine/ports.js';
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { BalanceRow, ExchangeInfo, NewOrderRequest, OrderRef, OrderRow, PositionRiskRow } from '../engine/types.js';
import {
  balanceViewOf,
  orderViewOf,
  positionViewOf,
  type BalanceView,
  type OrderView,
  type PositionView,
} from '../engine/views.js';
import { orderOf, parseExchangeInfo, viewsOf } from './rocky-parsing.js';
import { signedQuery, type ParamValue } from './rocky-signing.js';
import type { Method, RockyHost } from './rocky-transport.js';

export interface ClientOptions {
  recvWindow?: number;
  /** Wait before looking up a placement whose outcome is unknown, ms. */
  lookupDelayMs?: number;
  /** Lookups tried (with doubling delay) before giving up and reporting the outcome unknown. */
  lookupAttempts?: number;
  /** Prefix of ids generated when an order arrives without newClientOrderId. */
  clientOrderIdPrefix?: string;
  /** Extra wait past a request's recvWindow before a "not found" is trusted, ms (default 250). */
  lookupMarginMs?: number;
}

/** An order by id, else by client order id (Binance takes orderId first when both are sent). */
function refParams(symbol: string, ref: OrderRef): Record<string, ParamValue> {
  return { symbol, orderId: ref.orderId, origClientOrderId: ref.orderId === undefined ? ref.origClientOrderId : undefined };
}

export class RockyClient implements Exchange {
  readonly recvWindow: number;
  readonly lookupDelayMs: number;
  readonly lookupAttempts: number;
  readonly lookupMarginMs: number;
  private readonly prefix: string;
  private seq = 0;
  /** Account order counts from X-MBX-ORDER-COUNT-* and when they were seen. */
  orderCount10s = 0;
  orderCount1m = 0;
  private orderCountAt = 0;
  readonly stats = { placed: 0, lookups: 0, lookupFound: 0, lookupWindowWaits: 0, refusedStopping: 0 };

  constructor(
    readonly host: RockyHost,
    readonly accountId: string,
    private readonly apiKey: string,
    private readonly secret: string,
    opts: ClientOptions = {},
  ) {
    this.recvWindow = opts.recvWindow ?? 5000;
    this.lookupDelayMs = opts.lookupDelayMs ?? 500;
    this.lookupAttempts = opts.lookupAttempts ?? 4;
    this.lookupMarginMs = opts.lookupMarginMs ?? 250;
    this.prefix = opts.clientOrderIdPrefix ?? 'rk-';
  }

  /** Never print the key or secret (util.inspect / JSON.stringify of a client). */
  toJSON(): unknown {
    return { accountId: this.accountId, baseUrl: this.host.origin + this.host.pathPrefix };
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `RockyClient(${this.accountId})`;
  }

  private async signed(
    method: Method,
    path: string,
    params: Record<string, ParamValue>,
    /** Runs synchronously right before the request leaves (after every wait); may throw to cancel it. */
    guard?: () => void,
    /** Told the timestamp (server time) each send is signed with. */
    onSend?: (timestamp: number) => void,
  ): Promise<unknown> {
    if (!this.host.timeSynced) await this.host.syncTime();
    for (let attempt = 0; ; attempt++) {
      await this.host.gate();
      guard?.();
      const ts = this.host.serverNow();
      onSend?.(ts);
      const query = signedQuery(this.secret, params, ts, this.recvWindow);
      try {
        return await this.host.request(method, path, query, this.apiKey, (h) => this.noteOrderCounts(h), this.accountId);
      } catch (e) {
        // -1021: our clock drifted; the request was not processed, so resync and send once more.
        if (e instanceof ExchangeError && e.code === ErrorCode.INVALID_TIMESTAMP && attempt === 0) {
          await this.host.syncTime();
          continue;
        }
        throw e;
      }
    }
  }

  private noteOrderCounts(h: Record<string, number>): void {
    const c10 = h['x-mbx-order-count-10s'];
    const c1m = h['x-mbx-order-count-1m'];
    if (c10 !== undefined || c1m !== undefined) {
      if (c10 !== undefined) this.orderCount10s = c10;
      if (c1m !== undefined) this.orderCount1m = c1m;
      this.orderCountAt = this.host.serverNow();
    }
  }

  /** Before a placement: near the account's order limits → wait for the window to roll. */
  private async orderGate(): Promise<void> {
    const now = this.host.serverNow();
    const f = this.host.softLimitFraction;
    let until = 0;
    if (
      this.orderCount10s >= this.host.orderLimit10s * f &&
      Math.floor(this.orderCountAt / 10_000) === Math.floor(now / 10_000)
    ) {
      until = (Math.floor(now / 10_000) + 1) * 10_000;
    }
    if (this.orderCount1m >= this.host.orderLimit1m * f && Math.floor(this.orderCountAt / 60_000) === Math.floor(now / 60_000)) {
      until = Math.max(until, (Math.floor(now / 60_000) + 1) * 60_000);
    }
    if (until <= now) return;
    const wait = until - now + 50;
    if (wait > this.host.maxBlockWaitMs) {
      throw new ExchangeError(ErrorCode.TOO_MANY_ORDERS, `order count near limit; placement not sent`, 429, false);
    }
    await this.host.clock.sleep(wait, this.host.stop.signal);
  }

  private refuseIfStopping(): void {
    if (this.host.stop.stopping) {
      this.stats.refusedStopping++;
      throw new ExchangeError(ErrorCode.UNKNOWN, 'shutting down: placement refused (not sent)', 0, false);
    }
  }

  async exchangeInfo(): Promise<ExchangeInfo> {
    await this.host.gate();
    const body = await this.host.request('GET', '/fapi/v1/exchangeInfo', '', undefined, undefined, this.accountId);
    this.host.applyRateLimits((body as { rateLimits?: unknown })?.rateLimits);
    return parseExchangeInfo(body);
  }

  async balance(): Promise<BalanceView[]> {
    return viewsOf(await this.signed('GET', '/fapi/v2/balance', {}), 'balance', (r: BalanceRow) => balanceViewOf(r));
  }

  async positionRisk(symbol?: string): Promise<PositionView[]> {
    return viewsOf(await this.signed('GET', '/fapi/v2/positionRisk', { symbol }), 'positionRisk', (r: PositionRiskRow) =>
      positionViewOf(r),
    );
  }

  async openOrders(symbol: string): Promise<OrderView[]> {
    return viewsOf(await this.signed('GET', '/fapi/v1/openOrders', { symbol }), 'openOrders', (r: OrderRow) => orderViewOf(r));
  }

  /** GET /fapi/v1/order (query order). */
  async queryOrder(symbol: string, ref: OrderRef): Promise<OrderView> {
    return orderOf(await this.signed('GET', '/fapi/v1/order', refParams(symbol, ref)), 'order');
  }

  nextClientOrderId(): string {
    // Unique per account (ids only need to be unique among one account's orders) and per run (prefix).
    return `${this.prefix}c${(++this.seq).toString(36)}`.slice(-36);
  }

  async placeOrder(order: NewOrderRequest): Promise<OrderView> {
    this.refuseIfStopping();
    const cid = order.newClientOrderId ?? this.nextClientOrderId();
    await this.orderGate();
    await this.host.gate();
    // Re-check after any wait: nothing is placed once the stop flag is up.
    this.refuseIfStopping();
    const params = {
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      timeInForce: order.type === 'LIMIT' ? (order.timeInForce ?? 'GTC') : order.timeInForce,
      quantity: order.quantity,
      price: order.price,
      reduceOnly: order.reduceOnly === undefined ? undefined : String(order.reduceOnly),
      newClientOrderId: cid,
      selfTradePreventionMode: order.selfTradePreventionMode,
      newOrderRespType: 'RESULT',
    };
    let sentTs = this.host.serverNow();
    try {
      const row = orderOf(
        await this.signed(
          'POST',
          '/fapi/v1/order',
          params,
          () => this.refuseIfStopping(),
          (ts) => (sentTs = ts),
        ),
        'placeOrder',
      );
      this.stats.placed++;
      return row;
    } catch (e) {
      if (!(e instanceof ExchangeError) || !e.unknownOutcome) throw e;
      return this.resolveUnknown(order.symbol, cid, e, sentTs);
    }
  }

  /**
   * The placement may or may not have happened: find out by clientOrderId; never send it again.
   * `sentTs`: the timestamp it was signed with (server time).
   */
  private async resolveUnknown(symbol: string, cid: string, original: ExchangeError, sentTs: number): Promise<OrderView> {
    // Server time after which the exchange refuses the request (-1021), with the offset's uncertainty.
    const closesAt = (): number => sentTs + this.recvWindow + Math.ceil(this.host.syncRttMs / 2) + this.lookupMarginMs;
    let delay = this.lookupDelayMs;
    for (let i = 0; i < this.lookupAttempts; i++) {
      if (delay > 0) await this.host.clock.sleep(delay);
      delay = Math.max(delay * 2, 100);
      this.stats.lookups++;
      try {
        const row = await this.queryOrder(symbol, { origClientOrderId: cid });
        this.stats.lookupFound++;
        this.stats.placed++;
        return row;
      } catch (q) {
        if (q instanceof ExchangeError && q.code === ErrorCode.NO_SUCH_ORDER) {
          const open = closesAt() - this.host.serverNow();
          if (open > 0) {
            // The exchange could still accept it: look again once its recvWindow has passed.
            this.stats.lookupWindowWaits++;
            delay = open;
            i--;
            continue;
          }
          // Not there, and it can no longer be: the placement did not happen. A known failure, safe to act again.
          throw new ExchangeError(
            original.code,
            `${original.message.replace(/^-?\d+: /, '')} (order ${cid} not found after unknown outcome: not placed)`,
            original.httpStatus,
            false,
          );
        }
        if (q instanceof ExchangeError && !q.unknownOutcome && q.httpStatus !== 429 && q.httpStatus !== 418) throw q;
      }
    }
    throw original;
  }

  async cancelOrder(symbol: string, ref: OrderRef): Promise<OrderView> {
    return orderOf(await this.signed('DELETE', '/fapi/v1/order', refParams(symbol, ref)), 'cancelOrder');
  }

  async cancelAll(symbol: string): Promise<void> {
    await this.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol });
  }

  async setLeverage(symbol: string, leverage: number): Promise<void> {
    await this.signed('POST', '/fapi/v1/leverage', { symbol, leverage: Math.round(leverage) });
  }
}
