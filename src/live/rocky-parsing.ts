/**
 * Response parsing for the Rocky REST adapter: HTTP replies and transport failures turned into the
 * engine's shapes and the one ExchangeError, so the transport and the client never look inside a
 * body themselves.
 *
 * Rules (exchange-api.md §3):
 * - 2xx is success, except a body `{code < 0, msg}` (some endpoints answer errors with 200).
 * - 429/418: rate limited, a known failure (the caller records Retry-After).
 * - 5xx and 408: outcome unknown (`unknownOutcome`), except -1008 "throttled by system-level
 *   protection", which was not processed.
 * - Other 4xx: a known failure with the body's code.
 * - Transport: a failure to connect is known (nothing was sent); a timeout or a broken connection
 *   after sending is unknown.
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { ExchangeInfo, OrderRow, SymbolRules } from '../engine/types.js';
import { orderViewOf, type OrderView } from '../engine/views.js';

export type Headers = Record<string, string | string[] | undefined>;

/** Rate limits announced in exchangeInfo.rateLimits (undefined where not announced). */
export interface AnnouncedLimits {
  weight1m?: number;
  orders1m?: number;
  orders10s?: number;
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

/** The REQUEST_WEIGHT 1m and ORDERS 1m / 10s limits of exchangeInfo.rateLimits; junk is ignored. */
export function parseRateLimits(rateLimits: unknown): AnnouncedLimits {
  const out: AnnouncedLimits = {};
  if (!Array.isArray(rateLimits)) return out;
  for (const r of rateLimits as Array<Record<string, unknown>>) {
    const limit = Number(r.limit);
    if (!Number.isFinite(limit) || limit <= 0) continue;
    const span = `${r.interval}:${r.intervalNum}`;
    if (r.rateLimitType === 'REQUEST_WEIGHT' && span === 'MINUTE:1') out.weight1m = limit;
    if (r.rateLimitType === 'ORDERS' && span === 'MINUTE:1') out.orders1m = limit;
    if (r.rateLimitType === 'ORDERS' && span === 'SECOND:10') out.orders10s = limit;
  }
  return out;
}

/** X-MBX-USED-WEIGHT-* and X-MBX-ORDER-COUNT-* as numbers, keyed by lowercased header name. */
export function rateHeaders(headers: Headers): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(headers)) {
    const name = k.toLowerCase();
    if (!name.startsWith('x-mbx-used-weight') && !name.startsWith('x-mbx-order-count')) continue;
    const n = Number(Array.isArray(v) ? v[0] : v);
    if (Number.isFinite(n)) out[name] = n;
  }
  return out;
}

export function headerValue(h: Headers, name: string): string | undefined {
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  return undefined;
}

/** Seconds to back off after a 429/418: Retry-After in seconds or as a date, else 60 s (418: 120 s). */
export function retryAfterSeconds(status: number, retryAfter: string | undefined, nowMs: number): number {
  const secs = Number(retryAfter);
  if (Number.isFinite(secs) && secs > 0) return secs;
  const d = retryAfter ? Date.parse(retryAfter) : Number.NaN;
  return Number.isFinite(d) ? Math.max(1, (d - nowMs) / 1000) : status === 418 ? 120 : 60;
}

/**
 * A list reply (balance, positionRisk, openOrders) as the engine's views. A body that is not an
 * array of objects is the venue's fault, answered as an ExchangeError (one failed API call), not
 * as a crash of the loop that asked.
 */
export function viewsOf<R, V>(body: unknown, what: string, view: (row: R) => V): V[] {
  if (!Array.isArray(body) || !body.every((r) => typeof r === 'object' && r !== null)) {
    throw new ExchangeError(ErrorCode.UNKNOWN, `malformed ${what} reply: expected a JSON array of objects`, 200, false);
  }
  return body.map((r) => view(r as R));
}

/**
 * An order reply as the engine's view. Without a numeric orderId the order's fate is not known
 * from the reply (it may have been placed or cancelled), so the error says the outcome is unknown.
 */
export function orderOf(body: unknown, what: string): OrderView {
  const row = body as OrderRow | undefined;
  if (typeof row !== 'object' || row === null || typeof row.orderId !== 'number') {
    throw new ExchangeError(
      ErrorCode.UNKNOWN,
      `malformed ${what} reply: expected an order object with a numeric orderId`,
      200,
      true,
    );
  }
  return orderViewOf(row);
}

/** A reply's body as JSON (undefined when empty or not JSON). */
export function parseBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The outcome of one HTTP reply: the body of a success, else the ExchangeError the rules above
 * give. `rateLimited` tells the transport to record Retry-After.
 */
export function interpretReply(
  status: number,
  body: unknown,
  text: string,
): { ok: true; body: unknown } | { ok: false; error: ExchangeError; rateLimited: boolean } {
  if (status >= 200 && status < 300) {
    // Some Binance endpoints answer 200 with {code,msg} (allOpenOrders: code 200 = success).
    const b = body as { code?: unknown; msg?: unknown } | undefined;
    if (b && typeof b.code === 'number' && b.code < 0) {
      return { ok: false, error: new ExchangeError(b.code, String(b.msg ?? ''), status, false), rateLimited: false };
    }
    return { ok: true, body };
  }
  const err = body as { code?: unknown; msg?: unknown } | undefined;
  const code = typeof err?.code === 'number' ? err.code : undefined;
  const msg = typeof err?.msg === 'string' ? err.msg : text.slice(0, 200) || `HTTP ${status}`;
  if (status === 429 || status === 418) {
    return { ok: false, error: new ExchangeError(code ?? ErrorCode.TOO_MANY_REQUESTS, msg, status, false), rateLimited: true };
  }
  if (status >= 500 || status === 408) {
    const known = code === ErrorCode.SERVER_BUSY;
    return { ok: false, error: new ExchangeError(code ?? ErrorCode.SERVER_ERROR, msg, status, !known), rateLimited: false };
  }
  return { ok: false, error: new ExchangeError(code ?? ErrorCode.UNKNOWN, msg, status, false), rateLimited: false };
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
