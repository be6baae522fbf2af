/** Start-up under transient faults (src/session/startup-retry.ts): retries with jittered back-off within a deadline; refused credentials named. */
import { describe, expect, it } from 'vitest';
import { ErrorCode, ExchangeError } from '../../src/engine/errors.js';
import type { Clock, Exchange } from '../../src/engine/ports.js';
import { SeededRng } from '../../src/engine/rng.js';
import type { ExchangeInfo } from '../../src/engine/types.js';
import type { OrderView } from '../../src/engine/views.js';
import { Session } from '../../src/session/session.js';
import { CollectingLog } from '../../src/session/session-log.js';
import { CredentialError, isTransient, retryTransient } from '../../src/session/startup-retry.js';

/** A clock whose sleeps advance it (and record the waits). */
function fakeClock(): Clock & { waits: number[]; t: number } {
  const c = {
    t: 0,
    waits: [] as number[],
    now: () => c.t,
    sleep: (ms: number) => {
      c.waits.push(ms);
      c.t += ms;
      return Promise.resolve();
    },
  };
  return c;
}

const BTC = { symbol: 'BTCUSDT', tickSize: '0.1', stepSize: '0.001', minQty: '0.001', minNotional: '5' };
const unavailable = () => new ExchangeError(ErrorCode.SERVER_ERROR, 'Service Unavailable.', 503, true);

/** An Exchange whose calls fail with `fail(name, n)` (n = that call's count) when it returns an error. */
function flaky(fail: (name: string, n: number) => ExchangeError | undefined): Exchange & { calls: string[] } {
  const calls: string[] = [];
  const counts = new Map<string, number>();
  const call = <T>(name: string, v: T): Promise<T> => {
    calls.push(name);
    const n = (counts.get(name) ?? 0) + 1;
    counts.set(name, n);
    const e = fail(name, n);
    return e ? Promise.reject(e) : Promise.resolve(v);
  };
  const info: ExchangeInfo = { serverTime: 0, symbols: [BTC] };
  return {
    calls,
    exchangeInfo: () => call('exchangeInfo', info),
    balance: () => call('balance', []),
    positionRisk: () => call('positionRisk', []),
    openOrders: () => call('openOrders', [] as OrderView[]),
    placeOrder: () => call('placeOrder', {} as OrderView),
    cancelOrder: () => call('cancelOrder', {} as OrderView),
    cancelAll: () => call('cancelAll', undefined),
    setLeverage: () => call('setLeverage', undefined),
  };
}

const session = (clock: Clock, exchanges: Map<string, Exchange>, log = new CollectingLog(), deadlineMs = 60_000) =>
  new Session({
    clock,
    exchanges,
    symbols: ['BTCUSDT'],
    leverage: 5,
    reconcile: 'cancel',
    strictReconcile: true,
    log,
    rng: new SeededRng('startup'),
    startupDeadlineMs: deadlineMs,
  });

describe('start-up retries', () => {
  it('retries transient failures of every start-up step with jittered, growing waits, then starts', async () => {
    const clock = fakeClock();
    const log = new CollectingLog();
    const a = flaky((name, n) => (n <= 2 && name !== 'placeOrder' ? unavailable() : undefined));
    const b = flaky((name, n) =>
      name === 'setLeverage' && n === 1 ? new ExchangeError(-1003, 'Too many requests', 429) : undefined,
    );
    let syncs = 0;
    const s = new Session({
      clock,
      exchanges: new Map<string, Exchange>([
        ['a', a],
        ['b', b],
      ]),
      symbols: ['BTCUSDT'],
      leverage: 5,
      reconcile: 'cancel',
      strictReconcile: true,
      log,
      rng: new SeededRng('startup'),
      syncTime: () => (++syncs < 3 ? Promise.reject(unavailable()) : Promise.resolve()),
    });
    const r = await s.start();
    expect(r.rules).toEqual({ BTCUSDT: BTC });
    expect(syncs).toBe(3);
    expect(a.calls.filter((c) => c === 'exchangeInfo')).toHaveLength(3);
    expect(a.calls.filter((c) => c === 'setLeverage')).toHaveLength(3);
    const retries = log.lines.filter((l) => l.type === 'startup_retry');
    expect(retries.length).toBe(2 + 2 + 2 + 2 + 1); // sync, exchangeInfo, leverage a, openOrders a, leverage b
    // Equal jitter: attempt n waits within [cap/2, cap), cap = 250 ms × 2^(n−1).
    for (const l of retries) {
      const cap = 250 * 2 ** (Number(l.fields.attempt) - 1);
      expect(l.fields.waitMs).toBeGreaterThanOrEqual(cap / 2);
      expect(l.fields.waitMs).toBeLessThan(cap);
    }
    expect(new Set(clock.waits).size).toBeGreaterThan(3); // jittered, not one fixed wait
  });

  it('waits at least the Retry-After of a 429, and gives up at the deadline with the last error', async () => {
    const clock = fakeClock();
    const limited = Object.assign(new ExchangeError(-1003, 'Way too many requests', 429), { retryAfterMs: 7000 });
    let n = 0;
    await retryTransient('x', () => (++n === 1 ? Promise.reject(limited) : Promise.resolve(1)), { clock, deadlineAt: 60_000 });
    expect(clock.waits).toEqual([7000]);
    const down = flaky(() => unavailable());
    const s = session(fakeClock(), new Map([['a', down]]), new CollectingLog(), 5000);
    await expect(s.start()).rejects.toThrow(
      /^a: exchangeInfo: still failing after \d+ attempt\(s\) when the start-up deadline came: -5000: Service Unavailable\.$/,
    );
  });

  it('a refused key or secret fails at once, naming the account, one line', async () => {
    const ok = flaky(() => undefined);
    const bad = flaky((name) =>
      name === 'setLeverage' ? new ExchangeError(-1022, 'Signature for this request is not valid.', 400) : undefined,
    );
    const s = session(
      fakeClock(),
      new Map([
        ['mm-anchor', ok],
        ['mm-taker-2', bad],
      ]),
    );
    const e = (await s.start().catch((x) => x)) as CredentialError;
    expect(e).toBeInstanceOf(CredentialError);
    expect(e.account).toBe('mm-taker-2');
    expect(e.message).toBe(
      'account mm-taker-2: the exchange refused its signature (the secret does not match the key): -1022: Signature for this request is not valid.; check its key and secret in the keys file',
    );
    expect(bad.calls.filter((c) => c === 'setLeverage')).toHaveLength(1); // not retried
  });

  it('classifies: unknown outcomes, 5xx, 429/418 and refused connections are transient; 4xx codes are not', () => {
    expect(isTransient(unavailable())).toBe(true);
    expect(isTransient(new ExchangeError(-1008, 'throttled', 503, false))).toBe(true);
    expect(isTransient(new ExchangeError(-1003, 'x', 418))).toBe(true);
    expect(isTransient(new ExchangeError(ErrorCode.SERVER_ERROR, 'cannot connect: ECONNREFUSED', 0, false))).toBe(true);
    expect(isTransient(new ExchangeError(-4028, 'Leverage 0 is not valid', 400))).toBe(false);
    expect(isTransient(new Error('bug'))).toBe(false);
  });
});
