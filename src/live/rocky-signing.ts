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
  // One pass, no intermediate arrays: this runs for every signed request.
  let q = '';
  let sep = '';
  for (const k of Object.keys(params)) {
    const v = params[k];
    if (v === undefined) continue;
    q += `${sep}${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`;
    sep = '&';
  }
  return q;
}

/**
 * The full signed query: params, timestamp (server time estimate), recvWindow, signature.
 * `params` never holds `timestamp` or `recvWindow` themselves: they are appended here.
 */
export function signedQuery(secret: string, params: Record<string, ParamValue>, timestamp: number, recvWindow: number): string {
  const p = encodeParams(params);
  const tail = `timestamp=${encodeURIComponent(String(timestamp))}&recvWindow=${encodeURIComponent(String(recvWindow))}`;
  const q = p ? `${p}&${tail}` : tail;
  return `${q}&signature=${sign(secret, q)}`;
}
