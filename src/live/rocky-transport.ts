/**
 * Transport and throttling for the Rocky REST adapter: one RockyHost per base URL, shared by every
 * account's client, so a limit or ban seen by one account holds back all of them.
 *
 * - The undici Pool (keep-alive) and the per-request timeout; `inFlight` counts requests sent and
 *   not yet answered (the graceful stop's drain is visible in it).
 * - Server time: `syncTime()` sets offset = serverTime − midpoint of the round trip; concurrent
 *   callers share one sync.
 * - Throttling (`gate()`, before every request): wait out a 429/418 Retry-After block, and back off
 *   to the next minute once the IP weight seen in X-MBX-USED-WEIGHT-1M reaches `softLimitFraction`
 *   of the limit; a wait longer than `maxBlockWaitMs` fails fast with -1003 (nothing is sent).
 * - Requests go out through the pool's dispatch-handler API (ReplyReader below): the body's bytes
 *   are joined into text here, and everything about what a reply means goes through rocky-parsing.ts.
 * - Round trips: every request's send time, account, path, answer (HTTP status, or timeout /
 *   error) and local round trip go to `onRoundTrip` when given (`live --record-latency FILE`,
 *   src/market-data/latency-log.ts), so the sim can replay a session's own latencies.
 */
import { Pool, type Dispatcher } from 'undici';
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { Clock } from '../engine/ports.js';
import type { RoundTrip } from '../market-data/latency-log.js';
import { StopFlag } from '../session/stop-flag.js';
import {
  headerValue,
  interpretReply,
  parseBody,
  parseRateLimits,
  rateHeaders,
  retryAfterSeconds,
  transportError,
  type Headers,
} from './rocky-parsing.js';

export interface HostOptions {
  /** Per-request timeout (headers and body), ms. */
  timeoutMs?: number;
  connections?: number;
  /** Start backing off when this fraction of a limit is used. */
  softLimitFraction?: number;
  /** Longest wait a request accepts for a block/back-off; longer blocks fail fast with -1003. */
  maxBlockWaitMs?: number;
  /** Told of every request's round trip (latency recording). */
  onRoundTrip?: (r: Omit<RoundTrip, 'answered'>) => void;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

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
  /** Round trip of the latest time sync, ms: the offset is uncertain by half of it. */
  syncRttMs = 0;
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
  private readonly onRoundTrip: HostOptions['onRoundTrip'];

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
    this.onRoundTrip = opts.onRoundTrip;
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
          this.syncRttMs = t1 - t0;
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
    const l = parseRateLimits(rateLimits);
    if (l.weight1m !== undefined) this.weightLimit1m = l.weight1m;
    if (l.orders1m !== undefined) this.orderLimit1m = l.orders1m;
    if (l.orders10s !== undefined) this.orderLimit10s = l.orders10s;
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

  /** Record the IP weight of a reply; returns its rate headers (order counts are the account's). */
  noteHeaders(headers: Headers): Record<string, number> {
    const out = rateHeaders(headers);
    const w = out['x-mbx-used-weight-1m'];
    if (w !== undefined) {
      this.usedWeight1m = w;
      this.usedWeightAt = this.clock.now();
    }
    return out;
  }

  /** Record a 429/418 block; returns its length, ms. */
  noteRetryAfter(status: number, retryAfter: string | undefined): number {
    const secs = retryAfterSeconds(status, retryAfter, this.clock.now());
    const until = this.clock.now() + secs * 1000;
    if (until > this.blockedUntil) {
      this.blockedUntil = until;
      this.blockReason = `HTTP ${status} Retry-After ${secs} s`;
    }
    this.stats.retryAfterBlocks++;
    return secs * 1000;
  }

  /**
   * One HTTP exchange. Returns the parsed JSON body of a 2xx; throws ExchangeError otherwise.
   * `onHeaders` sees the rate headers of every response (order counts are per account);
   * `account` names the sender in the round-trip record.
   */
  async request(
    method: Method,
    path: string,
    query: string,
    apiKey: string | undefined,
    onHeaders?: (h: Record<string, number>) => void,
    account = '',
  ): Promise<unknown> {
    this.stats.requests++;
    this.inFlight++;
    const sentAt = this.clock.now();
    let status: number | 'timeout' | 'error' = 'error';
    const reply = new ReplyReader((statusCode, headers) => {
      status = statusCode;
      onHeaders?.(this.noteHeaders(headers));
    });
    try {
      let text: string;
      try {
        text = await reply.read(this.pool, {
          method,
          path: `${this.pathPrefix}${path}${query ? `?${query}` : ''}`,
          headers: apiKey ? { 'X-MBX-APIKEY': apiKey } : {},
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
        });
      } catch (e) {
        const err = transportError(e);
        if (status === 'error' && err.code === ErrorCode.TIMEOUT) status = 'timeout';
        throw err;
      }
      const out = interpretReply(reply.statusCode, parseBody(text), text);
      if (out.ok) return out.body;
      if (out.rateLimited)
        out.error.retryAfterMs = this.noteRetryAfter(reply.statusCode, headerValue(reply.headers, 'retry-after'));
      throw out.error;
    } finally {
      this.inFlight--;
      this.onRoundTrip?.({ sentAt, account, method, path, status, rttMs: this.clock.now() - sentAt });
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/**
 * One reply read through undici's dispatch-handler API: status and headers as they arrive (told to
 * `onStart`), then the body's chunks joined and decoded as UTF-8 (a leading BOM dropped, as
 * undici's `body.text()` does). It skips what `pool.request()` adds on every call (a node:stream
 * body, an async resource, a consume step) for replies that are read whole anyway.
 */
class ReplyReader implements Dispatcher.DispatchHandler {
  statusCode = 0;
  headers: Headers = {};
  private readonly chunks: Buffer[] = [];
  private length = 0;
  private resolve!: (text: string) => void;
  private reject!: (e: Error) => void;

  constructor(private readonly onStart: (statusCode: number, headers: Headers) => void) {}

  /** Send the request; resolves with the body text, rejects with undici's error (connect, timeout, reset). */
  read(pool: Pool, opts: Dispatcher.DispatchOptions): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      pool.dispatch(opts, this);
    });
  }

  onRequestStart(): void {}

  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number, headers: Headers): void {
    this.statusCode = statusCode;
    this.headers = headers;
    this.onStart(statusCode, headers);
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  onResponseEnd(): void {
    const chunks = this.chunks;
    const buf = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.length);
    const bom = buf.length > 2 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
    this.resolve(buf.toString('utf8', bom ? 3 : 0));
  }

  onResponseError(_c: Dispatcher.DispatchController, e: Error): void {
    this.reject(e);
  }
}
