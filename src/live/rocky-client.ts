/**
 * RockyClient: the live Exchange, Binance USD-M REST as Rocky speaks it (exchange-api.md), on undici.
 *
 * - One RockyHost per base URL: the undici Pool (keep-alive), the server-time offset, the IP weight
 *   seen in X-MBX-USED-WEIGHT-1M and any 429/418 Retry-After block. Every account's client shares
 *   it, so a ban seen by one account holds back all of them.
 * - Signed requests put every parameter in the query string (params, timestamp, recvWindow,
 *   signature), empty body; signature = hex(HMAC_SHA256(secret, query)) (§1).
 * - 5xx, timeouts and broken connections mean the outcome is unknown (ExchangeError.unknownOutcome).
 *   A placement with an unknown outcome is looked up by its newClientOrderId before the call
 *   returns: found → the order row is returned; "does not exist" → a plain (known) failure. The
 *   client never sends a placement twice.
 */
import { createHmac } from 'node:crypto';
import { Pool } from 'undici';
import type { Clock, Exchange } from '../engine/ports.js';
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type {
  BalanceRow,
  ExchangeInfo,
  NewOrderRequest,
  OrderRef,
  OrderRow,
  PositionRiskRow,
  SymbolRules,
} from '../engine/types.js';
import { StopFlag } from './stop-flag.js';

/** hex(HMAC_SHA256(secret, totalParams)), exchange-api.md §1. */
export function sign(secret: string, totalParams: string): string {
  return createHmac('sha256', secret).update(totalParams).digest('hex');
}

/** `a=1&b=2` with encodeURIComponent values, in the given order; undefined values are skipped. */
export function encodeParams(params: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

export interface HostOptions {
  /** Per-request timeout (headers and body), ms. */
  timeoutMs?: number;
  connections?: number;
  /** Start backing off when this fraction of a limit is used. */
  softLimitFraction?: number;
  /** Longest wait a request accepts for a block/back-off; longer blocks fail fast with -1003. */
  maxBlockWaitMs?: number;
}

/** Shared per base URL: pool, time offset, weight and Retry-After state. */
export class RockyHost {
  readonly pool: Pool;
  readonly origin: string;
  readonly pathPrefix: string;
  readonly timeoutMs: number;
  readonly softLimitFraction: number;
  readonly maxBlockWaitMs: number;
  /** serverTime − local time, ms. */
  timeOffsetMs = 0;
  timeSynced = false;
  /** No request leaves before this local time (429/418 Retry-After, weight back-off). */
  blockedUntil = 0;
  blockReason = '';
  weightLimit1m = 2400;
  orderLimit10s = 300;
  orderLimit1m = 1200;
  usedWeight1m = 0;
  usedWeightAt = 0;
  /** Counters for metrics/status. */
  readonly stats = { requests: 0, throttled: 0, retryAfterBlocks: 0 };
  /** Requests sent and not yet answered (or failed). */
  inFlight = 0;
  private syncing: Promise<void> | undefined;

  constructor(
    baseUrl: string,
    readonly clock: Clock,
    readonly stop: StopFlag = new StopFlag(),
    opts: HostOptions = {},
  ) {
    const u = new URL(baseUrl);
    this.origin = u.origin;
    this.pathPrefix = u.pathname.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.softLimitFraction = opts.softLimitFraction ?? 0.9;
    this.maxBlockWaitMs = opts.maxBlockWaitMs ?? 60_000;
    this.pool = new Pool(this.origin, {
      connections: opts.connections ?? 32,
      keepAliveTimeout: 30_000,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connectTimeout: Math.min(this.timeoutMs, 5_000),
    });
  }

  /** Server time estimate, ms. */
  serverNow(): number {
    return this.clock.now() + this.timeOffsetMs;
  }

  /** GET /fapi/v1/time; offset = serverTime − midpoint of the round trip. Concurrent callers share one sync. */
  syncTime(): Promise<void> {
    if (!this.syncing) {
      this.syncing = (async () => {
        try {
          const t0 = this.clock.now();
          const body = (await this.request('GET', '/fapi/v1/time', '', undefined)) as { serverTime: number };
          const t1 = this.clock.now();
          this.timeOffsetMs = Math.round(body.serverTime - (t0 + t1) / 2);
          this.timeSynced = true;
        } finally {
          this.syncing = undefined;
        }
      })();
    }
    return this.syncing;
  }

  /** Adopt the limits from exchangeInfo.rateLimits. */
  applyRateLimits(rateLimits: unknown): void {
    if (!Array.isArray(rateLimits)) return;
    for (const r of rateLimits as Array<Record<string, unknown>>) {
      const limit = Number(r.limit);
      if (!Number.isFinite(limit) || limit <= 0) continue;
      const span = `${r.interval}:${r.intervalNum}`;
      if (r.rateLimitType === 'REQUEST_WEIGHT' && span === 'MINUTE:1') this.weightLimit1m = limit;
      if (r.rateLimitType === 'ORDERS' && span === 'MINUTE:1') this.orderLimit1m = limit;
      if (r.rateLimitType === 'ORDERS' && span === 'SECOND:10') this.orderLimit10s = limit;
    }
  }

  /** Wait out a shared block (Retry-After or soft weight limit); fail fast when it is too long. */
  async gate(): Promise<void> {
    // Weight back-off: close to the IP limit in the current minute → wait for the next minute.
    const sNow = this.serverNow();
    const minute = Math.floor(sNow / 60_000);
    if (
      this.usedWeight1m >= this.weightLimit1m * this.softLimitFraction &&
      Math.floor((this.usedWeightAt + this.timeOffsetMs) / 60_000) === minute
    ) {
      const until = this.clock.now() + ((minute + 1) * 60_000 - sNow) + 50;
      if (until > this.blockedUntil) {
        this.blockedUntil = until;
        this.blockReason = `used weight ${this.usedWeight1m}/${this.weightLimit1m} this minute`;
        this.stats.throttled++;
      }
    }
    const wait = this.blockedUntil - this.clock.now();
    if (wait <= 0) return;
    if (wait > this.maxBlockWaitMs) {
      throw new ExchangeError(
        ErrorCode.TOO_MANY_REQUESTS,
        `backing off ${Math.ceil(wait / 1000)} s (${this.blockReason}); request not sent`,
        429,
        false,
      );
    }
    await this.clock.sleep(wait);
  }

  noteHeaders(headers: Record<string, string | string[] | undefined>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(headers)) {
      const name = k.toLowerCase();
      if (!name.startsWith('x-mbx-used-weight') && !name.startsWith('x-mbx-order-count')) continue;
      const n = Number(Array.isArray(v) ? v[0] : v);
      if (Number.isFinite(n)) out[name] = n;
    }
    const w = out['x-mbx-used-weight-1m'];
    if (w !== undefined) {
      this.usedWeight1m = w;
      this.usedWeightAt = this.clock.now();
    }
    return out;
  }

  noteRetryAfter(status: number, retryAfter: string | undefined): void {
    let secs = Number(retryAfter);
    if (!Number.isFinite(secs) || secs <= 0) {
      const d = retryAfter ? Date.parse(retryAfter) : NaN;
      secs = Number.isFinite(d) ? Math.max(1, (d - this.clock.now()) / 1000) : status === 418 ? 120 : 60;
    }
    const until = this.clock.now() + secs * 1000;
    if (until > this.blockedUntil) {
      this.blockedUntil = until;
      this.blockReason = `HTTP ${status} Retry-After ${secs} s`;
    }
    this.stats.retryAfterBlocks++;
  }

  /**
   * One HTTP exchange. Returns the parsed JSON body of a 2xx; throws ExchangeError otherwise.
   * `onHeaders` sees the rate headers of every response (order counts are per account).
   */
  async request(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    query: string,
    apiKey: string | undefined,
    onHeaders?: (h: Record<string, number>) => void,
  ): Promise<unknown> {
    this.stats.requests++;
    this.inFlight++;
    try {
      return await this.send(method, path, query, apiKey, onHeaders);
    } finally {
      this.inFlight--;
    }
  }

  private async send(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    query: string,
    apiKey: string | undefined,
    onHeaders?: (h: Record<string, number>) => void,
  ): Promise<unknown> {
    let res;
    try {
      res = await this.pool.request({
        method,
        path: `${this.pathPrefix}${path}${query ? `?${query}` : ''}`,
        headers: apiKey ? { 'X-MBX-APIKEY': apiKey } : {},
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
    } catch (e) {
      throw transportError(e);
    }
    const headers = res.headers as Record<string, string | string[] | undefined>;
    const counts = this.noteHeaders(headers);
    onHeaders?.(counts);
    let text: string;
    try {
      text = await res.body.text();
    } catch (e) {
      throw transportError(e);
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const status = res.statusCode;
    if (status >= 200 && status < 300) {
      // Some Binance endpoints answer 200 with {code,msg} (allOpenOrders: code 200 = success).
      const b = body as { code?: unknown; msg?: unknown } | undefined;
      if (b && typeof b.code === 'number' && b.code < 0) {
        throw new ExchangeError(b.code, String(b.msg ?? ''), status, false);
      }
      return body;
    }
    const err = body as { code?: unknown; msg?: unknown } | undefined;
    const code = typeof err?.code === 'number' ? err.code : undefined;
    const msg = typeof err?.msg === 'string' ? err.msg : text.slice(0, 200) || `HTTP ${status}`;
    if (status === 429 || status === 418) {
      const ra = headerValue(headers, 'retry-after');
      this.noteRetryAfter(status, ra);
      throw new ExchangeError(code ?? ErrorCode.TOO_MANY_REQUESTS, msg, status, false);
    }
    if (status >= 500 || status === 408) {
      // -1008 "throttled by system-level protection": the request failed (exchange-api.md §3).
      const known = code === -1008;
      throw new ExchangeError(code ?? ErrorCode.SERVER_ERROR, msg, status, !known);
    }
    throw new ExchangeError(code ?? ErrorCode.UNKNOWN, msg, status, false);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function headerValue(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  return undefined;
}

/** Map an undici/socket error: a failure to connect is a known failure; anything after sending is unknown. */
export function transportError(e: unknown): ExchangeError {
  if (e instanceof ExchangeError) return e;
  const code = String((e as { code?: unknown })?.code ?? '');
  const msg = String((e as Error)?.message ?? e);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new ExchangeError(ErrorCode.TIMEOUT, `timeout: ${msg}`, 0, true);
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ExchangeError(ErrorCode.SERVER_ERROR, `cannot connect: ${code}`, 0, false);
  }
  return new ExchangeError(ErrorCode.SERVER_ERROR, `transport: ${code || msg}`, 0, true);
}

export interface ClientOptions {
  recvWindow?: number;
  /** Wait before looking up a placement whose outcome is unknown, ms. */
  lookupDelayMs?: number;
  /** Lookups tried (with doubling delay) before giving up and reporting the outcome unknown. */
  lookupAttempts?: number;
  /** Prefix of ids generated when an order arrives without newClientOrderId. */
  clientOrderIdPrefix?: string;
}

/** Parse exchangeInfo symbols into engine SymbolRules (PRICE_FILTER, LOT_SIZE, MIN_NOTIONAL). */
export function parseExchangeInfo(body: unknown): ExchangeInfo {
  const b = body as { serverTime?: unknown; symbols?: unknown };
  if (!b || !Array.isArray(b.symbols)) {
    throw new ExchangeError(ErrorCode.UNKNOWN, 'exchangeInfo: no symbols array', 200, false);
  }
  const symbols: SymbolRules[] = [];
  for (const s of b.symbols as Array<Record<string, unknown>>) {
    if (typeof s.symbol !== 'string' || !Array.isArray(s.filters)) continue;
    const f = (t: string) => (s.filters as Array<Record<string, unknown>>).find((x) => x.filterType === t);
    const price = f('PRICE_FILTER');
    const lot = f('LOT_SIZE');
    const mn = f('MIN_NOTIONAL');
    if (!price || !lot) continue;
    symbols.push({
      symbol: s.symbol,
      tickSize: String(price.tickSize),
      stepSize: String(lot.stepSize),
      minQty: String(lot.minQty ?? '0'),
      minNotional: String(mn?.notional ?? mn?.minNotional ?? '0'),
    });
  }
  return { serverTime: Number(b.serverTime ?? 0), symbols };
}

export class RockyClient implements Exchange {
  readonly recvWindow: number;
  readonly lookupDelayMs: number;
  readonly lookupAttempts: number;
  private readonly prefix: string;
  private seq = 0;
  /** Account order counts from X-MBX-ORDER-COUNT-* and when they were seen. */
  orderCount10s = 0;
  orderCount1m = 0;
  private orderCountAt = 0;
  readonly stats = { placed: 0, lookups: 0, lookupFound: 0, refusedStopping: 0 };

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
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params: Record<string, string | number | boolean | undefined>,
    /** Runs synchronously right before the request leaves (after every wait); may throw to cancel it. */
    guard?: () => void,
  ): Promise<unknown> {
    if (!this.host.timeSynced) await this.host.syncTime();
    for (let attempt = 0; ; attempt++) {
      await this.host.gate();
      guard?.();
      const q = encodeParams({ ...params, timestamp: this.host.serverNow(), recvWindow: this.recvWindow });
      const query = `${q}&signature=${sign(this.secret, q)}`;
      try {
        return await this.host.request(method, path, query, this.apiKey, (h) => this.noteOrderCounts(h));
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
    const body = await this.host.request('GET', '/fapi/v1/exchangeInfo', '', undefined);
    this.host.applyRateLimits((body as { rateLimits?: unknown })?.rateLimits);
    return parseExchangeInfo(body);
  }

  async balance(): Promise<BalanceRow[]> {
    return (await this.signed('GET', '/fapi/v2/balance', {})) as BalanceRow[];
  }

  async positionRisk(symbol?: string): Promise<PositionRiskRow[]> {
    return (await this.signed('GET', '/fapi/v2/positionRisk', { symbol })) as PositionRiskRow[];
  }

  async openOrders(symbol: string): Promise<OrderRow[]> {
    return (await this.signed('GET', '/fapi/v1/openOrders', { symbol })) as OrderRow[];
  }

  /** GET /fapi/v1/order (query order). */
  async queryOrder(symbol: string, ref: OrderRef): Promise<OrderRow> {
    return (await this.signed('GET', '/fapi/v1/order', {
      symbol,
      orderId: ref.orderId,
      origClientOrderId: ref.orderId === undefined ? ref.origClientOrderId : undefined,
    })) as OrderRow;
  }

  nextClientOrderId(): string {
    // Unique per account (ids only need to be unique among one account's orders) and per run (prefix).
    return `${this.prefix}c${(++this.seq).toString(36)}`.slice(-36);
  }

  async placeOrder(order: NewOrderRequest): Promise<OrderRow> {
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
    try {
      const row = (await this.signed('POST', '/fapi/v1/order', params, () => this.refuseIfStopping())) as OrderRow;
      this.stats.placed++;
      return row;
    } catch (e) {
      if (!(e instanceof ExchangeError) || !e.unknownOutcome) throw e;
      return this.resolveUnknown(order.symbol, cid, e);
    }
  }

  /** The placement may or may not have happened: find out by clientOrderId; never send it again. */
  private async resolveUnknown(symbol: string, cid: string, original: ExchangeError): Promise<OrderRow> {
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
          // Not there: the placement did not happen. A known failure, safe to act again.
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

  async cancelOrder(symbol: string, ref: OrderRef): Promise<OrderRow> {
    return (await this.signed('DELETE', '/fapi/v1/order', {
      symbol,
      orderId: ref.orderId,
      origClientOrderId: ref.orderId === undefined ? ref.origClientOrderId : undefined,
    })) as OrderRow;
  }

  async cancelAll(symbol: string): Promise<void> {
    await this.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol });
  }

  async setLeverage(symbol: string, leverage: number): Promise<void> {
    await this.signed('POST', '/fapi/v1/leverage', { symbol, leverage: Math.round(leverage) });
  }
}
