/**
 * Request parameters and signature checking, exchange-api.md §1.
 *
 * - totalParams = raw query string + raw body, with the `signature` parameter removed from whichever
 *   part carries it; the HMAC is computed over these bytes exactly as sent (never re-encoded).
 * - Values are decoded for use; when a name appears in both, the query-string value wins.
 * - Route parameters are read through the helpers at the end, which raise the Binance codes for
 *   missing or malformed values.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { NewOrderRequest, OrderRef, OrderType, Side, StpMode, TimeInForce } from '../engine/types.js';

export interface ParsedParams {
  /** Decoded values, query over body. */
  values: Map<string, string>;
  /** The signature as sent (undefined when absent). */
  signature: string | undefined;
  /** The signed bytes: query + body without the signature parameter. */
  signed: string;
}

/** Remove `signature=...` from a raw parameter string; returns [rest, signature]. */
function stripSignature(raw: string): [string, string | undefined] {
  if (raw === '') return ['', undefined];
  const parts = raw.split('&');
  let sig: string | undefined;
  const rest: string[] = [];
  for (const p of parts) {
    if (p.startsWith('signature=')) sig = p.slice('signature='.length);
    else rest.push(p);
  }
  return [sig === undefined ? raw : rest.join('&'), sig];
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new ExchangeError(ErrorCode.ILLEGAL_CHARS, 'Illegal characters found in a parameter.');
  }
}

function addPairs(raw: string, into: Map<string, string>, overwrite: boolean): void {
  if (raw === '') return;
  for (const p of raw.split('&')) {
    if (p === '') continue;
    const eq = p.indexOf('=');
    const k = decode(eq < 0 ? p : p.slice(0, eq));
    const v = eq < 0 ? '' : decode(p.slice(eq + 1));
    if (overwrite || !into.has(k)) into.set(k, v);
  }
}

export function parseParams(query: string, body: string): ParsedParams {
  const [q, qsig] = stripSignature(query);
  const [b, bsig] = stripSignature(body);
  const values = new Map<string, string>();
  addPairs(body, values, true);
  addPairs(query, values, true);
  values.delete('signature');
  return { values, signature: qsig ?? bsig, signed: q + b };
}

export function hmacHex(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/** -1022 unless `signature` (hex, any case) is HMAC_SHA256(secret, signed). */
export function verifySignature(secret: string, p: ParsedParams): void {
  if (p.signature === undefined || p.signature === '') {
    throw new ExchangeError(
      ErrorCode.MANDATORY_PARAM,
      "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.",
    );
  }
  const want = Buffer.from(hmacHex(secret, p.signed), 'hex');
  const sig = p.signature.toLowerCase();
  const got = /^[0-9a-f]{64}$/.test(sig) ? Buffer.from(sig, 'hex') : Buffer.alloc(0);
  if (got.length !== want.length || !timingSafeEqual(got, want)) {
    throw new ExchangeError(ErrorCode.INVALID_SIGNATURE, 'Signature for this request is not valid.');
  }
}

/** The Binance time check: timestamp < now + 1000 and now − timestamp ≤ recvWindow, else -1021. */
export function checkTimestamp(values: Map<string, string>, now: number): void {
  const ts = values.get('timestamp');
  if (ts === undefined || ts === '' || !/^\d{1,16}$/.test(ts)) {
    throw new ExchangeError(
      ErrorCode.MANDATORY_PARAM,
      "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.",
    );
  }
  const rw = values.get('recvWindow');
  let recvWindow = 5000;
  if (rw !== undefined && rw !== '') {
    if (!/^\d{1,8}$/.test(rw))
      throw new ExchangeError(
        ErrorCode.MANDATORY_PARAM,
        "Mandatory parameter 'recvWindow' was not sent, was empty/null, or malformed.",
      );
    recvWindow = Number(rw);
    if (recvWindow > 60_000) throw new ExchangeError(ErrorCode.INVALID_RECV_WINDOW, 'recvWindow must be less than 60000');
  }
  const t = Number(ts);
  if (t >= now + 1000) {
    throw new ExchangeError(ErrorCode.INVALID_TIMESTAMP, "Timestamp for this request was 1000ms ahead of the server's time.");
  }
  if (now - t > recvWindow) {
    throw new ExchangeError(ErrorCode.INVALID_TIMESTAMP, 'Timestamp for this request is outside of the recvWindow.');
  }
}

export function mandatory(name: string): ExchangeError {
  return new ExchangeError(
    ErrorCode.MANDATORY_PARAM,
    `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
  );
}

// ---- reading route parameters --------------------------------------------------------------

/** A parameter's value; undefined when absent or empty. */
export function str(v: Map<string, string>, k: string): string | undefined {
  const x = v.get(k);
  return x === undefined || x === '' ? undefined : x;
}

/** A mandatory parameter's value (-1102 when absent or empty). */
export function req(v: Map<string, string>, k: string): string {
  const x = str(v, k);
  if (x === undefined) throw mandatory(k);
  return x;
}

/** orderId (digits) and/or origClientOrderId; at least one (-1102). */
export function orderRef(v: Map<string, string>): OrderRef {
  const id = str(v, 'orderId');
  const cid = str(v, 'origClientOrderId');
  const ref: OrderRef = {};
  if (id !== undefined) {
    if (!/^\d{1,15}$/.test(id)) throw mandatory('orderId');
    ref.orderId = Number(id);
  }
  if (cid !== undefined) ref.origClientOrderId = cid;
  if (ref.orderId === undefined && ref.origClientOrderId === undefined) {
    throw new ExchangeError(
      ErrorCode.MANDATORY_PARAM,
      "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!",
    );
  }
  return ref;
}

/** `true`/`TRUE`/`false`/`FALSE`, undefined when absent (-1100 otherwise). */
export function boolParam(v: Map<string, string>, k: string): boolean | undefined {
  const x = str(v, k);
  if (x === undefined) return undefined;
  if (x === 'true' || x === 'TRUE') return true;
  if (x === 'false' || x === 'FALSE') return false;
  throw new ExchangeError(ErrorCode.ILLEGAL_CHARS, `Illegal characters found in parameter '${k}'.`);
}

const STP_MODES = ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'];

/**
 * POST /fapi/v1/order's parameters as a NewOrderRequest: type LIMIT|MARKET (-1116), side (-1117),
 * positionSide BOTH only (-4061), a known STP mode and response type (-1100). The venue checks the
 * rest (filters, margin, ...).
 */
export function newOrderOf(v: Map<string, string>): NewOrderRequest {
  const type = req(v, 'type');
  if (type !== 'LIMIT' && type !== 'MARKET') throw new ExchangeError(ErrorCode.INVALID_ORDER_TYPE, 'Invalid orderType.');
  const side = req(v, 'side');
  if (side !== 'BUY' && side !== 'SELL') throw new ExchangeError(ErrorCode.INVALID_SIDE, 'Invalid side.');
  const ps = str(v, 'positionSide');
  if (ps !== undefined && ps !== 'BOTH')
    throw new ExchangeError(ErrorCode.POSITION_SIDE_MISMATCH, "Order's position side does not match user's setting.");
  const stp = str(v, 'selfTradePreventionMode');
  if (stp !== undefined && !STP_MODES.includes(stp)) {
    throw new ExchangeError(ErrorCode.ILLEGAL_CHARS, "Illegal characters found in parameter 'selfTradePreventionMode'.");
  }
  const rt = str(v, 'newOrderRespType');
  if (rt !== undefined && rt !== 'ACK' && rt !== 'RESULT')
    throw new ExchangeError(ErrorCode.ILLEGAL_CHARS, "Illegal characters found in parameter 'newOrderRespType'.");
  const o: NewOrderRequest = {
    symbol: req(v, 'symbol'),
    side: side as Side,
    type: type as OrderType,
    quantity: req(v, 'quantity'),
  };
  const price = str(v, 'price');
  if (price !== undefined) o.price = price;
  const tif = str(v, 'timeInForce');
  if (tif !== undefined) o.timeInForce = tif as TimeInForce;
  const cid = str(v, 'newClientOrderId');
  if (cid !== undefined) o.newClientOrderId = cid;
  const ro = boolParam(v, 'reduceOnly');
  if (ro !== undefined) o.reduceOnly = ro;
  if (stp !== undefined) o.selfTradePreventionMode = stp as StpMode;
  return o;
}
