/**
 * Request signing for Rocky's signed endpoints (exchange-api.md §1), the adapter's credentials part:
 * every parameter goes in the query string in the order given, then `timestamp` and `recvWindow`,
 * then `signature` = hex(HMAC_SHA256(secret, everything before it)). Pure functions; the secret
 * never leaves this file's arguments.
 */
import { createHmac } from 'node:crypto';

export type ParamValue = string | number | boolean | undefined;

/** hex(HMAC_SHA256(secret, totalParams)), exchange-api.md §1. */
export function sign(secret: string, totalParams: string): string {
  return createHmac('sha256', secret).update(totalParams).digest('hex');
}

/** `a=1&b=2` with encodeURIComponent values, in the given order; undefined values are skipped. */
export function encodeParams(params: Record<string, ParamValue>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

/** The full signed query: params, timestamp (server time estimate), recvWindow, signature. */
export function signedQuery(secret: string, params: Record<string, ParamValue>, timestamp: number, recvWindow: number): string {
  const q = encodeParams({ ...params, timestamp, recvWindow });
  return `${q}&signature=${sign(secret, q)}`;
}
