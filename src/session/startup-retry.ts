/**
 * Start-up under transient faults: the session's start-up calls (time sync, exchangeInfo, leverage,
 * reconciliation reads and cancels) are retried when the failure is transient, with jittered
 * exponential back-off, until a start-up deadline; a refused key or secret is not retried and
 * names its account.
 *
 * Rules:
 * - Transient (retried): an unknown outcome (5xx, 408, timeouts, broken connections), any HTTP
 *   5xx (also -1008 "throttled"), 429/418 (rate limits), and a failure to connect (the server may
 *   be restarting). Anything else (a 4xx with a code, a bug) fails at once.
 * - Back-off before attempt n + 1 (n = 1, 2, ...): equal jitter over base × 2^(n − 1), capped —
 *   wait = cap/2 + U × cap/2 with U from the session's own stream, base 250 ms, cap 10 s — and at
 *   least the Retry-After the exchange sent with a 429/418. A wait that would end past the
 *   deadline is not taken: start-up fails with the last error and how many attempts were made.
 * - Only calls safe to repeat are retried (reads, leverage, cancel-all); placements never are.
 * - Credentials: -2014 (key format), -2015 (key refused, IP or permissions) and -1022 (signature:
 *   the secret does not match the key) become a CredentialError naming the account, one line.
 * Every wait goes through the Clock port, so the sim runs the same code on its virtual clock.
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { Clock, Exchange, Rng } from '../engine/ports.js';

export interface RetryPolicy {
  clock: Clock;
  /** Jitter; a fixed midpoint when absent. */
  rng?: Rng;
  /** Clock time by which start-up must be done. */
  deadlineAt: number;
  baseMs?: number;
  maxMs?: number;
  /** Told of every retry before its wait. */
  onRetry?: (r: { what: string; attempt: number; waitMs: number; error: string }) => void;
}

/** A key or secret the exchange refused, with the account it belongs to. */
export class CredentialError extends Error {
  constructor(
    readonly account: string,
    readonly code: number,
    detail: string,
  ) {
    const what =
      code === ErrorCode.INVALID_SIGNATURE
        ? 'its signature (the secret does not match the key)'
        : code === ErrorCode.API_KEY_FORMAT
          ? 'the format of its API key'
          : 'its API key (unknown key, IP not allowed, or missing permission)';
    super(`account ${account}: the exchange refused ${what}: ${detail}; check its key and secret in the keys file`);
    this.name = 'CredentialError';
  }
}

const CREDENTIAL_CODES: readonly number[] = [ErrorCode.API_KEY_FORMAT, ErrorCode.INVALID_API_KEY, ErrorCode.INVALID_SIGNATURE];

export function isTransient(e: unknown): boolean {
  if (!(e instanceof ExchangeError)) return false;
  if (e.unknownOutcome) return true;
  const s = e.httpStatus;
  if (s >= 500 || s === 429 || s === 418 || s === 408) return true;
  return s === 0 && e.code === ErrorCode.SERVER_ERROR; // could not connect
}

/** `e` as a CredentialError of `account` when it is a refused key or secret; else `e`. */
export function withAccount(e: unknown, account: string): unknown {
  if (e instanceof ExchangeError && CREDENTIAL_CODES.includes(e.code)) return new CredentialError(account, e.code, e.message);
  return e;
}

/** Run `fn`, retrying transient failures within the policy's deadline (module rules). */
export async function retryTransient<T>(what: string, fn: () => Promise<T>, p: RetryPolicy): Promise<T> {
  const base = p.baseMs ?? 250;
  const cap = p.maxMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isTransient(e)) throw e;
      const c = Math.min(cap, base * 2 ** (attempt - 1));
      const jitter = p.rng ? p.rng.next() : 0.5;
      const retryAfter = (e as ExchangeError).retryAfterMs ?? 0;
      const wait = Math.max(Math.round(c / 2 + jitter * (c / 2)), retryAfter);
      const msg = (e as Error).message;
      if (p.clock.now() + wait > p.deadlineAt) {
        throw new Error(`${what}: still failing after ${attempt} attempt(s) when the start-up deadline came: ${msg}`);
      }
      p.onRetry?.({ what, attempt, waitMs: wait, error: msg });
      await p.clock.sleep(wait);
    }
  }
}

/**
 * `ex` with the start-up calls retried (reads, leverage, cancel-all) and refused credentials named
 * by `account`. Placements and single cancels pass through untouched.
 */
export function retryingExchange(ex: Exchange, account: string, p: RetryPolicy): Exchange {
  const r = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await retryTransient(`${account}: ${what}`, fn, p);
    } catch (e) {
      throw withAccount(e, account);
    }
  };
  return {
    exchangeInfo: () => r('exchangeInfo', () => ex.exchangeInfo()),
    balance: () => r('balance', () => ex.balance()),
    positionRisk: (symbol) => r('positionRisk', () => ex.positionRisk(symbol)),
    openOrders: (symbol) => r(`openOrders ${symbol}`, () => ex.openOrders(symbol)),
    cancelAll: (symbol) => r(`cancelAll ${symbol}`, () => ex.cancelAll(symbol)),
    setLeverage: (symbol, leverage) => r(`leverage ${symbol}`, () => ex.setLeverage(symbol, leverage)),
    placeOrder: (o) => ex.placeOrder(o),
    cancelOrder: (symbol, ref) => ex.cancelOrder(symbol, ref),
  };
}
