/**
 * One REST request against the route table, after the transport and the faults (http-front.ts):
 * authentication, weights, the route, and the reply as Binance gives it.
 *
 * Rules (exchange-api.md §1–§4):
 * - Signed routes: API key (-2014 missing, -2015 unknown, HTTP 401), signature over raw query +
 *   body without the signature parameter (-1102 missing, -1022 wrong), then the timestamp /
 *   recvWindow check (-1021). KEY routes check the key only.
 * - Weights: signed routes are charged to the account inside the venue (as in `sim`); public
 *   routes to a per-IP window with the same limits. X-MBX-USED-WEIGHT-1M on every reply,
 *   X-MBX-ORDER-COUNT-10S and -1M on order replies; 429 with Retry-After past a limit.
 * - An ExchangeError becomes `{code,msg}` with its HTTP status (400 by default); a rejected
 *   placement of a known account × symbol is counted in the stats as `iteration_error`. Any other
 *   exception becomes a 500 `{code:-1000}` and is logged: nothing a client sends crashes the server.
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { PaperWorld } from './paper-world.js';
import { checkTimestamp, parseParams, verifySignature } from './params.js';
import type { Route } from './routes.js';

export interface Reply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface RestRequest {
  method: string;
  path: string;
  query: string;
  body: string;
  apiKey: string | undefined;
  ip: string;
}

export const INTERNAL_ERROR: Omit<Reply, 'headers'> = {
  status: 500,
  body: { code: ErrorCode.UNKNOWN, msg: 'An unknown error occurred while processing the request.' },
};

export function dispatch(pw: PaperWorld, route: Route, rq: RestRequest, log: (line: string) => void): Reply {
  const now = pw.clock.now();
  const core = pw.core;
  let acct: string | undefined;
  const headers: Record<string, string> = {};
  const weightHeaders = (): void => {
    if (acct !== undefined) {
      const u = core.rateLimitUsage(acct, now);
      headers['X-MBX-USED-WEIGHT-1M'] = String(u.usedWeight1m);
      if (route.orders) {
        headers['X-MBX-ORDER-COUNT-10S'] = String(u.orderCount10s);
        headers['X-MBX-ORDER-COUNT-1M'] = String(u.orderCount1m);
      }
    } else {
      headers['X-MBX-USED-WEIGHT-1M'] = String(pw.ipLimiter(rq.ip).usedWeight(now));
    }
  };
  let v: Map<string, string> | undefined;
  try {
    const p = parseParams(rq.query, rq.body);
    v = p.values;
    if (route.sec === 'NONE') {
      pw.ipLimiter(rq.ip).charge(now, route.weight ? route.weight(p.values) : 1, 0);
    } else {
      if (rq.apiKey === undefined || rq.apiKey === '')
        throw new ExchangeError(ErrorCode.API_KEY_FORMAT, 'API-key format invalid.', 401);
      const a = pw.byKey.get(rq.apiKey);
      if (a === undefined)
        throw new ExchangeError(ErrorCode.INVALID_API_KEY, 'Invalid API-key, IP, or permissions for action.', 401);
      acct = a.id;
      if (route.sec === 'SIGNED') {
        verifySignature(a.secret, p);
        checkTimestamp(p.values, now);
      }
    }
    const out = route.run({ v: p.values, acct: acct ?? '', now });
    weightHeaders();
    return { status: 200, body: out, headers };
  } catch (e) {
    if (e instanceof ExchangeError) {
      pw.counters.errors4xx++;
      weightHeaders();
      if (e.httpStatus === 429) headers['Retry-After'] = '1';
      if (route.orders && acct !== undefined && v !== undefined) {
        const sym = v.get('symbol') ?? '';
        if (pw.pairKnown(acct, sym)) {
          pw.world.emit({ type: 'iteration_error', task: 'serve', account: acct, symbol: sym, code: e.code, message: e.message });
        }
      }
      return { status: e.httpStatus || 400, body: { code: e.code, msg: e.message.replace(/^-?\d+: /, '') }, headers };
    }
    pw.counters.internalErrors++;
    log(`serve: internal error on ${rq.method} ${rq.path}: ${(e as Error)?.stack ?? String(e)}`);
    return { ...INTERNAL_ERROR, headers };
  }
}
