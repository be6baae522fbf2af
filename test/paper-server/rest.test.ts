import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hmacHex, parseParams } from '../../src/paper-server/params.js';
import { startPaperServer, type PaperServer } from '../../src/paper-server/server.js';
import { call, fixture, signed, type TestAccount } from './helpers.js';

describe('paper server REST', () => {
  let srv: PaperServer;
  let acct: TestAccount;
  let base: string;
  const now = (): number => srv.clock.now();

  beforeAll(async () => {
    const f = fixture();
    srv = await startPaperServer({ scenario: f.scenario, keys: f.keysPath, port: 0 });
    acct = f.accounts.find((a) => a.id === 'mm-l1-buy-05bps')!;
    base = srv.url;
    await new Promise((r) => setTimeout(r, 150)); // a few ticks of tape
  });
  afterAll(async () => {
    await srv.close();
  });

  it('signs the official example vector (exchange-api.md §1) over query or body alike', () => {
    const s = 'symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943';
    const secret = '2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9';
    expect(hmacHex(secret, s)).toBe('3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9');
    expect(parseParams(`${s}&signature=abc`, '').signed).toBe(s);
    expect(parseParams('', `${s}&signature=abc`).signed).toBe(s);
    const split = parseParams('symbol=BTCUSDT&side=BUY', 'quantity=1&signature=ff');
    expect(split.signed).toBe('symbol=BTCUSDT&side=BUYquantity=1');
    expect(split.signature).toBe('ff');
    expect(parseParams('a=1', 'a=2').values.get('a')).toBe('1');
  });

  it('serves time, exchangeInfo, premiumIndex, bookTicker and depth with weight headers', async () => {
    const t = await call(base, 'GET', '/fapi/v1/time');
    expect(t.status).toBe(200);
    expect(Math.abs(t.body.serverTime - Date.now())).toBeLessThan(2000);
    expect(t.headers.get('x-mbx-used-weight-1m')).toBeTruthy();
    const info = await call(base, 'GET', '/fapi/v1/exchangeInfo');
    expect(info.body.symbols.map((s: any) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(info.body.symbols[0].contractType).toBe('PERPETUAL');
    expect(info.body.rateLimits).toHaveLength(3);
    const pi = await call(base, 'GET', '/fapi/v1/premiumIndex', { query: 'symbol=BTCUSDT' });
    expect(Number(pi.body.markPrice)).toBeGreaterThan(50_000);
    const all = await call(base, 'GET', '/fapi/v1/premiumIndex');
    expect(all.body).toHaveLength(2);
    const bt = await call(base, 'GET', '/fapi/v1/ticker/bookTicker', { query: 'symbol=ETHUSDT' });
    expect(bt.body.symbol).toBe('ETHUSDT');
    const d = await call(base, 'GET', '/fapi/v1/depth', { query: 'symbol=BTCUSDT&limit=5' });
    expect(d.status).toBe(200);
    expect(d.body).toHaveProperty('lastUpdateId');
    expect((await call(base, 'GET', '/fapi/v1/depth', { query: 'symbol=BTCUSDT&limit=7' })).body.code).toBe(-1100);
    expect((await call(base, 'GET', '/fapi/v1/depth')).body.code).toBe(-1102);
    expect((await call(base, 'GET', '/fapi/v1/premiumIndex', { query: 'symbol=NOPE' })).body.code).toBe(-1121);
  });

  it('serves balance, account and positionRisk v2/v3, leverageBracket, leverage', async () => {
    for (const v of ['v2', 'v3']) {
      const b = await signed(base, acct, 'GET', `/fapi/${v}/balance`, {}, now());
      expect(b.status).toBe(200);
      expect(b.body[0].updateTime).toBeGreaterThan(0);
      expect(Number(b.body[0].balance)).toBe(100);
    }
    const a2 = await signed(base, acct, 'GET', '/fapi/v2/account', {}, now());
    expect(a2.body.positions).toHaveLength(2);
    expect(a2.body.positions[0]).toHaveProperty('leverage');
    expect(a2.body.assets[0].updateTime).toBeGreaterThan(0);
    const a3 = await signed(base, acct, 'GET', '/fapi/v3/account', {}, now());
    expect(a3.body.positions).toHaveLength(0);
    expect(a3.body).toHaveProperty('totalWalletBalance');
    const p2 = await signed(base, acct, 'GET', '/fapi/v2/positionRisk', {}, now());
    expect(p2.body).toHaveLength(2);
    expect(p2.body[0]).toHaveProperty('marginType');
    const p3 = await signed(base, acct, 'GET', '/fapi/v3/positionRisk', {}, now());
    expect(p3.body).toEqual([]);
    const lb = await signed(base, acct, 'GET', '/fapi/v1/leverageBracket', { symbol: 'BTCUSDT' }, now());
    expect(lb.body.symbol).toBe('BTCUSDT');
    const lev = await signed(base, acct, 'POST', '/fapi/v1/leverage', { symbol: 'BTCUSDT', leverage: 7 }, now());
    expect(lev.body).toEqual({ leverage: 7, maxNotionalValue: '1000000', symbol: 'BTCUSDT' });
    expect((await signed(base, acct, 'POST', '/fapi/v1/leverage', { symbol: 'BTCUSDT', leverage: 'x' }, now())).body.code).toBe(
      -1102,
    );
  });

  it('places, queries, lists and cancels orders with order-count headers; -2011 for unknown', async () => {
    const mark = Number((await call(base, 'GET', '/fapi/v1/premiumIndex', { query: 'symbol=BTCUSDT' })).body.markPrice);
    const price = (Math.floor((mark * 0.99) / 0.1) * 0.1).toFixed(1);
    const p = await signed(
      base,
      acct,
      'POST',
      '/fapi/v1/order',
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.0005',
        price,
        newClientOrderId: 'rest-1',
      },
      now(),
    );
    expect(p.status).toBe(200);
    expect(p.body.status).toBe('NEW');
    expect(p.body.clientOrderId).toBe('rest-1');
    expect(p.headers.get('x-mbx-order-count-10s')).toBe('1');
    expect(p.headers.get('x-mbx-order-count-1m')).toBe('1');
    const dup = await signed(
      base,
      acct,
      'POST',
      '/fapi/v1/order',
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.0005',
        price,
        newClientOrderId: 'rest-1',
      },
      now(),
    );
    expect(dup.body.code).toBe(-4116);
    const q = await signed(base, acct, 'GET', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'rest-1' }, now());
    expect(q.body.orderId).toBe(p.body.orderId);
    const oo = await signed(base, acct, 'GET', '/fapi/v1/openOrders', { symbol: 'BTCUSDT' }, now());
    expect(oo.body).toHaveLength(1);
    expect(oo.body[0].time).toBeGreaterThan(0);
    const v3 = await signed(base, acct, 'GET', '/fapi/v3/positionRisk', {}, now());
    expect(v3.body).toHaveLength(1);
    const depth = await call(base, 'GET', '/fapi/v1/depth', { query: 'symbol=BTCUSDT&limit=5' });
    expect(depth.body.bids[0][0]).toBe(price);
    const c = await signed(base, acct, 'DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: p.body.orderId }, now());
    expect(c.body.status).toBe('CANCELED');
    const again = await signed(base, acct, 'DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: p.body.orderId }, now());
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ code: -2011, msg: 'Unknown order sent.' });
    expect(
      (await signed(base, acct, 'GET', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'never' }, now())).body.code,
    ).toBe(-2013);
    const ca = await signed(base, acct, 'DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' }, now());
    expect(ca.body).toEqual({ code: 200, msg: 'The operation of cancel all open order is done.' });
  });

  it('accepts a POST signed over a form body, and over query + body split', async () => {
    const mark = Number((await call(base, 'GET', '/fapi/v1/premiumIndex', { query: 'symbol=ETHUSDT' })).body.markPrice);
    const price = (Math.floor((mark * 0.98) / 0.01) * 0.01).toFixed(2);
    const bodyQ = `timestamp=${now()}&symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.010&price=${price}&recvWindow=10000`;
    const r = await call(base, 'POST', '/fapi/v1/order', {
      key: acct.key,
      body: `${bodyQ}&signature=${hmacHex(acct.secret, bodyQ)}`,
    });
    expect(r.status).toBe(200);
    const query = 'symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC';
    const body = `quantity=0.010&price=${price}&recvWindow=5000&timestamp=${now()}`;
    const r2 = await call(base, 'POST', '/fapi/v1/order', {
      key: acct.key,
      query,
      body: `${body}&signature=${hmacHex(acct.secret, query + body)}`,
    });
    expect(r2.status).toBe(200);
    await signed(base, acct, 'DELETE', '/fapi/v1/allOpenOrders', { symbol: 'ETHUSDT' }, now());
  });

  it('rejects bad key, bad signature, stale timestamp, missing params and filter breaks with Binance codes', async () => {
    const bad = { ...acct, key: 'f'.repeat(64) };
    const r1 = await signed(base, bad, 'GET', '/fapi/v2/balance', {}, now());
    expect(r1.status).toBe(401);
    expect(r1.body.code).toBe(-2015);
    const r2 = await signed(base, { ...acct, secret: '0'.repeat(64) }, 'GET', '/fapi/v2/balance', {}, now());
    expect(r2.body.code).toBe(-1022);
    expect((await signed(base, acct, 'GET', '/fapi/v2/balance', {}, now() - 10_000)).body.code).toBe(-1021);
    expect((await signed(base, acct, 'GET', '/fapi/v2/balance', {}, now() + 5_000)).body.code).toBe(-1021);
    const noTs = 'recvWindow=5000';
    expect(
      (await call(base, 'GET', '/fapi/v2/balance', { key: acct.key, query: `${noTs}&signature=${hmacHex(acct.secret, noTs)}` }))
        .body.code,
    ).toBe(-1102);
    expect((await call(base, 'GET', '/fapi/v2/balance', { key: acct.key, query: `timestamp=${now()}` })).body.code).toBe(-1102);
    const order = (o: Record<string, string>) =>
      signed(
        base,
        acct,
        'POST',
        '/fapi/v1/order',
        { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.0005', price: '60000.0', ...o },
        now(),
      );
    expect((await order({ quantity: '' })).body.code).toBe(-1102);
    expect((await order({ price: '60000.05' })).body.code).toBe(-4014);
    expect((await order({ quantity: '0.00055' })).body.code).toBe(-4023);
    expect((await order({ quantity: '0.0001', price: '100.0' })).body.code).toBe(-4164);
    expect((await order({ type: 'LIMIT_MAKER' })).body.code).toBe(-1116);
    expect((await signed(base, acct, 'DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT' }, now())).body.code).toBe(-1102);
    expect((await signed(base, acct, 'DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: 999999 }, now())).body.code).toBe(
      -2011,
    );
  });

  it('answers malformed requests with {code,msg}, never a crash or a hang', async () => {
    const cases: Array<[string, string, { query?: string; body?: string; key?: string }]> = [
      ['GET', '/fapi/v1/nope', {}],
      ['PATCH', '/fapi/v1/order', {}],
      ['GET', '/fapi/v2/balance', { key: acct.key, query: '%E0%A4%A' }],
      ['GET', '/fapi/v2/balance', { key: acct.key, query: '&&&=&signature=zz' }],
      ['POST', '/fapi/v1/order', { key: acct.key, body: 'x'.repeat(70_000) }],
      ['POST', '/fapi/v1/order', { key: acct.key, query: 'symbol=BTCUSDT&signature=' }],
      ['GET', '/fapi/v1/depth', { query: 'symbol=BTCUSDT&limit=abc' }],
      ['GET', '/fapi/v1/order', { key: acct.key, query: `symbol=BTCUSDT&orderId=-1&timestamp=${Date.now()}` }],
    ];
    for (const [m, p, o] of cases) {
      const r = await call(base, m, p, o);
      expect(r.status, `${m} ${p}`).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(typeof r.body.code, `${m} ${p} ${JSON.stringify(r.body)}`).toBe('number');
      expect(typeof r.body.msg).toBe('string');
    }
    // Signed but malformed values.
    for (const params of <Array<Record<string, string>>>[
      { symbol: 'BTCUSDT', orderId: 'abc' },
      { symbol: 'BTC"USDT', orderId: '1' },
      { symbol: '', origClientOrderId: 'x' },
    ]) {
      const r = await signed(base, acct, 'GET', '/fapi/v1/order', params, now());
      expect(r.status).toBe(400);
      expect(r.body.code).toBeLessThan(0);
    }
    expect(srv.counters().internalErrors).toBe(0);
    expect((await call(base, 'GET', '/fapi/v1/time')).status).toBe(200);
  });

  it('returns 429 with Retry-After past the order limit', async () => {
    const f = fixture({ scenarioExtra: 'exchange:\n  limits: { orders_per_10s: 3 }' });
    const s2 = await startPaperServer({ scenario: f.scenario, keys: f.keysPath, port: 0 });
    try {
      const a = f.accounts[0]!;
      let last;
      for (let i = 0; i < 4; i++) {
        last = await signed(
          s2.url,
          a,
          'POST',
          '/fapi/v1/order',
          { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.0005', price: '30000.0' },
          s2.clock.now(),
        );
      }
      expect(last!.status).toBe(429);
      expect(last!.body.code).toBe(-1015);
      expect(last!.headers.get('retry-after')).toBe('1');
    } finally {
      await s2.close();
    }
  });

  it('streams bookTicker raw on /public/ws and wrapped on /stream, answers SUBSCRIBE, markPrice on /market', async () => {
    const collect = (url: string, n: number, send?: unknown): Promise<any[]> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url);
        const got: any[] = [];
        const t = setTimeout(() => {
          ws.terminate();
          reject(new Error(`timeout on ${url}: ${JSON.stringify(got)}`));
        }, 5000);
        ws.on('open', () => send && ws.send(JSON.stringify(send)));
        ws.on('message', (d) => {
          got.push(JSON.parse(d.toString()));
          if (got.length >= n) {
            clearTimeout(t);
            ws.close();
            resolve(got);
          }
        });
        ws.on('error', reject);
      });
    const raw = await collect(`${srv.wsUrl}/public/ws/btcusdt@bookTicker`, 2);
    expect(raw[0]).toMatchObject({ e: 'bookTicker', s: 'BTCUSDT' });
    expect(raw[1].u).toBeGreaterThan(raw[0].u);
    const wrapped = await collect(`${srv.wsUrl}/public/stream?streams=ethusdt@bookTicker`, 1);
    expect(wrapped[0].stream).toBe('ethusdt@bookTicker');
    expect(wrapped[0].data.s).toBe('ETHUSDT');
    const unrouted = await collect(`${srv.wsUrl}/stream`, 2, { method: 'SUBSCRIBE', params: ['btcusdt@bookTicker'], id: 7 });
    expect(unrouted[0]).toEqual({ result: null, id: 7 });
    expect(unrouted[1].stream).toBe('btcusdt@bookTicker');
    const plain = await collect(`${srv.wsUrl}/ws/ethusdt@bookTicker`, 1);
    expect(plain[0].e).toBe('bookTicker');
    const mark = await collect(`${srv.wsUrl}/market/stream?streams=btcusdt@markPrice@1s`, 1);
    expect(mark[0].data).toMatchObject({ e: 'markPriceUpdate', s: 'BTCUSDT' });
    const bad = await collect(`${srv.wsUrl}/ws`, 1, 'not json');
    expect(bad[0].error).toBeDefined();
    await expect(collect(`${srv.wsUrl}/nowhere`, 1)).rejects.toThrow();
  });

  it('reports in the sim format on GET /_rocky/report', async () => {
    const r = await call(base, 'GET', '/_rocky/report');
    expect(r.body.scenario).toBe('paper');
    expect(r.body.funnel['BTC-PERP']).toBeDefined();
    expect(r.body.accounts['mm-l1-buy-05bps']['BTC-PERP'].orders_placed).toBeGreaterThan(0);
  });
});
