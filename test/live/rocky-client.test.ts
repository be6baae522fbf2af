import FakeTimers from '@sinonjs/fake-timers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, ExchangeError } from '../../src/engine/errors.js';
import { RealClock } from '../../src/io/real-clock.js';
import { RockyClient } from '../../src/live/rocky-client.js';
import { parseExchangeInfo, transportError } from '../../src/live/rocky-parsing.js';
import { encodeParams, sign } from '../../src/live/rocky-signing.js';
import { RockyHost } from '../../src/live/rocky-transport.js';
import { StopFlag } from '../../src/session/stop-flag.js';
import { BTC_INFO, MockRocky, fakeFns, spin, until } from './helpers.js';

const order = {
  symbol: 'BTCUSDT',
  side: 'BUY' as const,
  type: 'LIMIT' as const,
  quantity: '0.002',
  price: '64000.1',
  timeInForce: 'GTC' as const,
};

describe('signing', () => {
  it('reproduces the official HMAC example (exchange-api.md §1, Example 1)', () => {
    const secret = '2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9';
    const q = 'symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943';
    expect(sign(secret, q)).toBe('3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9');
  });

  it('encodes parameters in order and skips undefined', () => {
    expect(encodeParams({ symbol: 'BTCUSDT', a: undefined, id: 'x:y/z', n: 5 })).toBe('symbol=BTCUSDT&id=x%3Ay%2Fz&n=5');
  });
});

describe('transport errors', () => {
  it('timeouts and dropped sockets are unknown outcomes; a refused connection is a known failure', () => {
    const t = transportError(Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }));
    expect([t.code, t.unknownOutcome]).toEqual([ErrorCode.TIMEOUT, true]);
    const s = transportError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    expect([s.code, s.unknownOutcome]).toEqual([ErrorCode.SERVER_ERROR, true]);
    const r = transportError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect([r.code, r.unknownOutcome]).toEqual([ErrorCode.SERVER_ERROR, false]);
  });
});

describe('exchangeInfo', () => {
  it('parses tick, step, minQty and MIN_NOTIONAL.notional', () => {
    const info = parseExchangeInfo(BTC_INFO);
    expect(info.symbols[0]).toEqual({
      symbol: 'BTCUSDT',
      tickSize: '0.10',
      stepSize: '0.0001',
      minQty: '0.0001',
      minNotional: '5',
    });
  });
});

describe('RockyClient against a loopback server', () => {
  let mock: MockRocky;
  let host: RockyHost;
  let stop: StopFlag;
  beforeEach(async () => {
    mock = await new MockRocky().start();
    stop = new StopFlag();
    host = new RockyHost(mock.url, new RealClock(), stop, { timeoutMs: 5000 });
  });
  afterEach(async () => {
    await host.close();
    await mock.stop();
  });

  it('signs requests the server accepts, syncs server time, sends the API key header', async () => {
    mock.serverTimeOffset = 3_600_000; // server one hour ahead
    const a = mock.addAccount('mm-l1-buy-05bps');
    const c = new RockyClient(host, a.id, a.key, a.secret);
    const rows = await c.balance();
    expect(rows[0]!.asset).toBe('USDT');
    expect(Math.abs(host.timeOffsetMs - 3_600_000)).toBeLessThan(2000);
    const req = mock.requests.find((r) => r.path === '/fapi/v2/balance')!;
    expect(req.apiKey).toBe(a.key);
    expect(req.query.get('recvWindow')).toBe('5000');
    expect(Number(req.query.get('timestamp'))).toBeGreaterThan(Date.now() + 3_500_000);
    const info = await c.exchangeInfo();
    expect(info.symbols.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
  });

  it('maps a 400 with a code to a typed, known-outcome ExchangeError', async () => {
    const a = mock.addAccount('mm-anchor');
    const c = new RockyClient(host, a.id, a.key, a.secret);
    mock.handler = (r) =>
      r.path === '/fapi/v1/order'
        ? { status: 400, body: { code: -2010, msg: 'Account has insufficient balance for requested action.' } }
        : undefined;
    const e = (await c.placeOrder(order).catch((x) => x)) as ExchangeError;
    expect(e).toBeInstanceOf(ExchangeError);
    expect(e.code).toBe(-2010);
    expect(e.httpStatus).toBe(400);
    expect(e.unknownOutcome).toBe(false);
    expect(mock.count('GET', '/fapi/v1/order')).toBe(0);
  });

  it('maps a bad signature to -1022 and a 5xx on a read to unknownOutcome', async () => {
    const a = mock.addAccount('mm-anchor');
    const wrong = new RockyClient(host, a.id, a.key, 'f'.repeat(64));
    expect(((await wrong.balance().catch((x) => x)) as ExchangeError).code).toBe(ErrorCode.INVALID_SIGNATURE);
    const c = new RockyClient(host, a.id, a.key, a.secret);
    mock.handler = (r) => (r.path === '/fapi/v2/positionRisk' ? { status: 502, body: undefined } : undefined);
    const e = (await c.positionRisk('BTCUSDT').catch((x) => x)) as ExchangeError;
    expect(e.code).toBe(ErrorCode.SERVER_ERROR);
    expect(e.httpStatus).toBe(502);
    expect(e.unknownOutcome).toBe(true);
  });

  it('unknown outcome: server accepts the order but answers 5xx → lookup by clientOrderId, no second order', async () => {
    const a = mock.addAccount('mm-l1-buy-05bps');
    const c = new RockyClient(host, a.id, a.key, a.secret, { lookupDelayMs: 0 });
    mock.handler = (r) => {
      if (r.method === 'POST' && r.path === '/fapi/v1/order') {
        mock.placeFrom(r, r.account!, r.query.get('symbol')!);
        return { status: 503, body: { code: -1000, msg: 'Unknown error, please check your request or try again later.' } };
      }
      return undefined;
    };
    const row = await c.placeOrder({ ...order, newClientOrderId: 'run1-ladder-1' });
    expect(row.clientOrderId).toBe('run1-ladder-1');
    expect(row.status).toBe('NEW');
    expect(mock.count('POST', '/fapi/v1/order')).toBe(1);
    const lookup = mock.requests.find((r) => r.method === 'GET' && r.path === '/fapi/v1/order')!;
    expect(lookup.query.get('origClientOrderId')).toBe('run1-ladder-1');
    expect(mock.openList(a.id, 'BTCUSDT')).toHaveLength(1);
  });

  it('unknown outcome with the connection dropped mid-request, order not there → known failure only after its recvWindow, still one POST', async () => {
    const a = mock.addAccount('mm-l1-buy-05bps');
    const c = new RockyClient(host, a.id, a.key, a.secret, { lookupDelayMs: 0, recvWindow: 300, lookupMarginMs: 50 });
    await c.balance(); // time sync first
    mock.handler = (r) => (r.method === 'POST' && r.path === '/fapi/v1/order' ? { destroy: true } : undefined);
    const e = (await c.placeOrder({ ...order, newClientOrderId: 'run1-x-2' }).catch((x) => x)) as ExchangeError;
    expect(e).toBeInstanceOf(ExchangeError);
    expect(e.unknownOutcome).toBe(false);
    expect(e.message).toMatch(/not placed/);
    expect(mock.count('POST', '/fapi/v1/order')).toBe(1);
    // The first "not found" came while the exchange could still accept the order: one more lookup after the window.
    expect(mock.count('GET', '/fapi/v1/order')).toBe(2);
    expect(c.stats.lookupWindowWaits).toBe(1);
  });

  it('refuses placements once the stop flag is set; cancels still go through', async () => {
    const a = mock.addAccount('mm-anchor');
    const c = new RockyClient(host, a.id, a.key, a.secret);
    await c.placeOrder({ ...order, newClientOrderId: 'a1' });
    stop.stop();
    await expect(c.placeOrder({ ...order, newClientOrderId: 'a2' })).rejects.toThrow(/shutting down/);
    await c.cancelAll('BTCUSDT');
    expect(mock.count('POST', '/fapi/v1/order')).toBe(1);
    expect(mock.openList(a.id, 'BTCUSDT')).toHaveLength(0);
  });

  it('resyncs time and retries once on -1021', async () => {
    const a = mock.addAccount('mm-anchor');
    const c = new RockyClient(host, a.id, a.key, a.secret);
    let first = true;
    mock.handler = (r) => {
      if (r.path === '/fapi/v2/balance' && first) {
        first = false;
        return { status: 400, body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' } };
      }
      return undefined;
    };
    await c.balance();
    expect(mock.count('GET', '/fapi/v1/time')).toBe(2);
    expect(mock.count('GET', '/fapi/v2/balance')).toBe(2);
  });
});

describe('rate limits shared by every account on one base URL (fake clock)', () => {
  let mock: MockRocky;
  let host: RockyHost;
  let fake: FakeTimers.Clock;
  beforeEach(async () => {
    mock = await new MockRocky().start();
    fake = FakeTimers.createClock(Date.now());
    host = new RockyHost(mock.url, new RealClock(fakeFns(fake)), new StopFlag());
  });
  afterEach(async () => {
    await host.close();
    await mock.stop();
  });

  it('429 Retry-After from one account holds back another account until it expires', async () => {
    const a = mock.addAccount('mm-l1-buy-05bps');
    const b = mock.addAccount('mm-l1-sell-05bps');
    const ca = new RockyClient(host, a.id, a.key, a.secret);
    const cb = new RockyClient(host, b.id, b.key, b.secret);
    let limited = true;
    mock.handler = (r) =>
      r.path === '/fapi/v2/balance' && limited
        ? { status: 429, headers: { 'Retry-After': '7' }, body: { code: -1003, msg: 'Too many requests' } }
        : undefined;
    const e = (await ca.balance().catch((x) => x)) as ExchangeError;
    expect(e.code).toBe(-1003);
    expect(e.httpStatus).toBe(429);
    limited = false;
    const before = mock.requests.length;
    let done = false;
    const p = cb.openOrders('BTCUSDT').then((x) => {
      done = true;
      return x;
    });
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(mock.requests.length).toBe(before); // nothing sent while blocked
    fake.tick(6_000);
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    expect(mock.requests.length).toBe(before);
    fake.tick(1_001);
    await until(() => done);
    await p;
    expect(mock.requests.length).toBe(before + 1);
  });

  it('a placement waiting out a block is refused, unsent, when the stop flag goes up meanwhile', async () => {
    const stop = host.stop;
    const a = mock.addAccount('mm-l1-buy-05bps');
    const b = mock.addAccount('mm-l1-sell-05bps');
    const ca = new RockyClient(host, a.id, a.key, a.secret);
    const cb = new RockyClient(host, b.id, b.key, b.secret);
    await cb.balance(); // time synced
    mock.handler = (r) =>
      r.path === '/fapi/v2/balance'
        ? { status: 429, headers: { 'Retry-After': '3' }, body: { code: -1003, msg: 'Too many requests' } }
        : undefined;
    await expect(ca.balance()).rejects.toThrow();
    mock.handler = undefined;
    let err: unknown;
    const p = cb.placeOrder({ ...order, newClientOrderId: 'late-1' }).catch((e) => (err = e));
    await spin();
    stop.stop();
    fake.tick(3_100);
    await until(() => err !== undefined);
    await p;
    expect(String(err)).toMatch(/shutting down/);
    expect(mock.count('POST', '/fapi/v1/order')).toBe(0);
    expect(cb.stats.refusedStopping).toBe(1);
  });

  it('a ban longer than the accepted wait fails fast without sending (418)', async () => {
    const a = mock.addAccount('mm-anchor');
    const c = new RockyClient(host, a.id, a.key, a.secret);
    mock.handler = (r) =>
      r.path === '/fapi/v2/balance'
        ? { status: 418, headers: { 'retry-after': '600' }, body: { code: -1003, msg: 'Way too many requests; IP banned' } }
        : undefined;
    await expect(c.balance()).rejects.toThrow();
    const n = mock.requests.length;
    const e = (await c.openOrders('BTCUSDT').catch((x) => x)) as ExchangeError;
    expect(e.code).toBe(-1003);
    expect(e.message).toMatch(/not sent/);
    expect(mock.requests.length).toBe(n);
  });

  it('holds placements when the account order count nears the 10 s limit', async () => {
    const a = mock.addAccount('mm-anchor');
    const c = new RockyClient(host, a.id, a.key, a.secret);
    mock.handler = (r) =>
      r.method === 'POST' && r.path === '/fapi/v1/order'
        ? {
            body: mock.placeFrom(r, r.account!, 'BTCUSDT'),
            headers: { 'x-mbx-order-count-10s': '295', 'x-mbx-order-count-1m': '400' },
          }
        : undefined;
    await c.placeOrder({ ...order, newClientOrderId: 'c1' });
    expect(c.orderCount10s).toBe(295);
    const posts = mock.count('POST', '/fapi/v1/order');
    let done = false;
    void c.placeOrder({ ...order, newClientOrderId: 'c2' }).then(() => (done = true));
    await spin();
    expect(mock.count('POST', '/fapi/v1/order')).toBe(posts);
    // Reads are not held by the account's order count.
    await c.openOrders('BTCUSDT');
    fake.tick(10_100);
    await until(() => done);
    expect(mock.count('POST', '/fapi/v1/order')).toBe(posts + 1);
  });

  it('backs off before the weight limit: used weight near 2400 → wait for the next minute', async () => {
    const a = mock.addAccount('mm-anchor');
    const c = new RockyClient(host, a.id, a.key, a.secret);
    mock.handler = (r) => (r.path === '/fapi/v2/balance' ? { body: [], headers: { 'X-Mbx-Used-Weight-1m': '2300' } } : undefined);
    await c.balance();
    expect(host.usedWeight1m).toBe(2300);
    mock.handler = undefined;
    const n = mock.requests.length;
    let done = false;
    void c.openOrders('BTCUSDT').then(() => (done = true));
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(mock.requests.length).toBe(n);
    fake.tick(61_000);
    await until(() => done);
    expect(mock.requests.length).toBe(n + 1);
  });
});
