/**
 * serve's user-data stream, history and market-data endpoints, driven over loopback with fetch and
 * ws as a bot would: listen keys (create, keep-alive, refuse a bogus one, close), ORDER_TRADE_UPDATE
 * and ACCOUNT_UPDATE in the same server tick as the fill, the fill in userTrades / allOrders /
 * income, candles and a 24 h ticker from the tape, the account modes, modify and batch orders,
 * Binance's answer to an unknown path, a local order book following the depth diffs, and
 * listenKeyExpired after 60 min of server time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startPaperServer, type PaperServer } from '../../src/paper-server/server.js';
import { call, fixture, signed, type TestAccount } from './helpers.js';

type Msg = Record<string, any>;

/** A websocket that collects its messages; `next(pred)` resolves with the first matching one. */
function collect(
  url: string,
): Promise<{ ws: WebSocket; msgs: Msg[]; next: (pred: (m: Msg) => boolean, what: string, ms?: number) => Promise<Msg> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const msgs: Msg[] = [];
    const waiters: Array<{ pred: (m: Msg) => boolean; done: (m: Msg) => void }> = [];
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as Msg;
      msgs.push(m);
      for (const w of [...waiters])
        if (w.pred(m)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.done(m);
        }
    });
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        msgs,
        next: (pred, what, ms = 5000) =>
          new Promise<Msg>((res, rej) => {
            const hit = msgs.find(pred);
            if (hit) return res(hit);
            const t = setTimeout(
              () => rej(new Error(`timed out waiting for ${what}; got ${JSON.stringify(msgs.map((x) => x.e ?? x.stream))}`)),
              ms,
            );
            waiters.push({
              pred,
              done: (m) => {
                clearTimeout(t);
                res(m);
              },
            });
          }),
      }),
    );
  });
}

/** The HTTP status a websocket upgrade is refused with (0 when it opens). */
function upgradeStatus(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.close();
      resolve({ status: 0, body: '' });
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', () => {});
  });
}

describe('serve: user-data stream, history and market data', { timeout: 30_000 }, () => {
  let srv: PaperServer;
  let maker: TestAccount;
  let taker: TestAccount;
  let mark = 0;
  const now = (): number => srv.clock.now();

  beforeAll(async () => {
    const f = fixture();
    srv = await startPaperServer({ scenario: f.scenario, keys: f.keysPath, port: 0, host: '127.0.0.1' });
    maker = f.accounts.find((a) => a.id === 'mm-l1-buy-05bps')!;
    taker = f.accounts.find((a) => a.id === 'mm-taker-1')!;
    mark = Number((await call(srv.url, 'GET', '/fapi/v1/premiumIndex', { query: 'symbol=BTCUSDT' })).body.markPrice);
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('listen keys: one per account, kept alive, a bogus or wrong one refused, closed by DELETE', async () => {
    const a = await call(srv.url, 'POST', '/fapi/v1/listenKey', { key: maker.key });
    expect(a.status).toBe(200);
    expect(a.body.listenKey).toMatch(/^[A-Za-z0-9]{64}$/);
    expect((await call(srv.url, 'POST', '/fapi/v1/listenKey', { key: maker.key })).body.listenKey).toBe(a.body.listenKey);
    expect((await call(srv.url, 'PUT', '/fapi/v1/listenKey', { key: maker.key })).status).toBe(200);
    const wrong = await call(srv.url, 'PUT', '/fapi/v1/listenKey', { key: maker.key, query: 'listenKey=nope' });
    expect(wrong.body.code).toBe(-1125);
    // A key nobody was given: every user-data URL refuses it with -1125.
    for (const p of [
      '/ws/bogusKeyThatWasNeverIssued',
      '/private/ws?listenKey=bogus',
      '/stream?streams=bogusKeyThatWasNeverIssued',
    ]) {
      const r = await upgradeStatus(`${srv.wsUrl}${p}`);
      expect(r.status, p).toBe(400);
      expect(JSON.parse(r.body).code).toBe(-1125);
    }
    // The taker's key is another key; its DELETE closes it, and a connection on it is refused after.
    const tk = (await call(srv.url, 'POST', '/fapi/v1/listenKey', { key: taker.key })).body.listenKey as string;
    expect(tk).not.toBe(a.body.listenKey);
    expect((await upgradeStatus(`${srv.wsUrl}/ws/${tk}`)).status).toBe(0);
    expect((await call(srv.url, 'DELETE', '/fapi/v1/listenKey', { key: taker.key })).status).toBe(200);
    expect((await upgradeStatus(`${srv.wsUrl}/ws/${tk}`)).status).toBe(400);
    expect((await call(srv.url, 'PUT', '/fapi/v1/listenKey', { key: taker.key })).body.code).toBe(-1125);
  });

  it("a fill reaches both sides as ORDER_TRADE_UPDATE in the fill's server tick, then shows in userTrades, allOrders and income", async () => {
    const mk = (await call(srv.url, 'POST', '/fapi/v1/listenKey', { key: maker.key })).body.listenKey as string;
    const tk = (await call(srv.url, 'POST', '/fapi/v1/listenKey', { key: taker.key })).body.listenKey as string;
    const m = await collect(`${srv.wsUrl}/ws/${mk}`);
    const t = await collect(`${srv.wsUrl}/stream?streams=${tk}`); // combined: {stream, data}
    const px = (Math.round(mark * 0.98 * 10) / 10).toFixed(1);
    const rest = await signed(
      srv.url,
      maker,
      'POST',
      '/fapi/v1/order',
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: px, quantity: '0.002' },
      now(),
    );
    expect(rest.status).toBe(200);
    const placedNew = await m.next((x) => x.e === 'ORDER_TRADE_UPDATE' && x.o.x === 'NEW', 'NEW');
    expect(placedNew.o).toMatchObject({
      s: 'BTCUSDT',
      i: rest.body.orderId,
      X: 'NEW',
      S: 'BUY',
      p: px,
      q: '0.0020',
      l: '0',
      N: 'USDT',
    });

    const hit = await signed(
      srv.url,
      taker,
      'POST',
      '/fapi/v1/order',
      { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'IOC', price: px, quantity: '0.001' },
      now(),
    );
    expect(hit.body).toMatchObject({ status: 'FILLED', executedQty: '0.0010' });
    const mf = await m.next((x) => x.e === 'ORDER_TRADE_UPDATE' && x.o.x === 'TRADE', 'maker TRADE');
    expect(mf.o).toMatchObject({
      i: rest.body.orderId,
      X: 'PARTIALLY_FILLED',
      l: '0.0010',
      z: '0.0010',
      L: px,
      m: true,
      N: 'USDT',
    });
    const fee = Number(mf.o.n);
    expect(fee).toBeCloseTo(Number(px) * 0.001 * 0.0002, 8); // maker fee 0.02 %
    expect(mf.E).toBe(hit.body.updateTime); // the same server tick as the fill
    const tf = await t.next((x) => x.data?.e === 'ORDER_TRADE_UPDATE' && x.data.o.x === 'TRADE', 'taker TRADE');
    expect(tf.stream).toBe(tk);
    expect(tf.data.o).toMatchObject({ i: hit.body.orderId, X: 'FILLED', m: false, t: mf.o.t, rp: '0.00000000' });
    const au = await m.next((x) => x.e === 'ACCOUNT_UPDATE', 'ACCOUNT_UPDATE');
    expect(au.a.m).toBe('ORDER');
    expect(au.a.B[0].a).toBe('USDT');
    expect(au.a.P).toEqual([expect.objectContaining({ s: 'BTCUSDT', pa: '0.0010', ps: 'BOTH' })]);

    const trades = await signed(srv.url, maker, 'GET', '/fapi/v1/userTrades', { symbol: 'BTCUSDT' }, now());
    expect(trades.body).toEqual([
      expect.objectContaining({
        id: mf.o.t,
        orderId: rest.body.orderId,
        price: px,
        qty: '0.0010',
        maker: true,
        buyer: true,
        commissionAsset: 'USDT',
        commission: mf.o.n,
      }),
    ]);
    const orders = await signed(srv.url, maker, 'GET', '/fapi/v1/allOrders', { symbol: 'BTCUSDT' }, now());
    expect(orders.body.map((o: Msg) => [o.orderId, o.status])).toEqual([[rest.body.orderId, 'PARTIALLY_FILLED']]);
    const income = await signed(srv.url, maker, 'GET', '/fapi/v1/income', {}, now());
    expect(income.body).toEqual([
      expect.objectContaining({ incomeType: 'COMMISSION', income: (-fee).toFixed(8), asset: 'USDT', symbol: 'BTCUSDT' }),
    ]);
    const agg = await call(srv.url, 'GET', '/fapi/v1/aggTrades', { query: 'symbol=BTCUSDT' });
    expect(agg.body).toEqual([expect.objectContaining({ a: mf.o.t, p: px, q: '0.0010', m: true })]); // the buyer (the resting BUY) was the maker

    // PUT order moves the rest; DELETE cancels it; each is an event.
    const px2 = (Number(px) - 10).toFixed(1);
    const mod = await signed(
      srv.url,
      maker,
      'PUT',
      '/fapi/v1/order',
      { symbol: 'BTCUSDT', orderId: rest.body.orderId, side: 'BUY', quantity: '0.003', price: px2 },
      now(),
    );
    expect(mod.body).toMatchObject({ orderId: rest.body.orderId, price: px2, origQty: '0.0030', executedQty: '0.0010' });
    await m.next((x) => x.e === 'ORDER_TRADE_UPDATE' && x.o.x === 'AMENDMENT' && x.o.p === px2, 'AMENDMENT');
    await signed(srv.url, maker, 'DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: rest.body.orderId }, now());
    await m.next((x) => x.e === 'ORDER_TRADE_UPDATE' && x.o.x === 'CANCELED', 'CANCELED');
    m.ws.close();
    t.ws.close();
  });

  it('klines and the 24 h ticker from the tape, ticker/price, commissionRate, the account modes, batches, unknown paths', async () => {
    const k = await call(srv.url, 'GET', '/fapi/v1/klines', { query: 'symbol=BTCUSDT&interval=1m&limit=5' });
    expect(k.status).toBe(200);
    expect(k.body.length).toBeGreaterThan(0);
    const [openTime, o, h, l, c] = k.body.at(-1);
    expect(openTime % 60_000).toBe(0);
    expect(Number(h)).toBeGreaterThanOrEqual(Math.max(Number(o), Number(c)));
    expect(Number(l)).toBeLessThanOrEqual(Math.min(Number(o), Number(c)));
    expect(Math.abs(Number(c) / mark - 1)).toBeLessThan(0.01);
    expect((await call(srv.url, 'GET', '/fapi/v1/klines', { query: 'symbol=BTCUSDT&interval=7m' })).body.code).toBe(-1120);
    const tk = await call(srv.url, 'GET', '/fapi/v1/ticker/24hr', { query: 'symbol=BTCUSDT' });
    expect(tk.body).toMatchObject({ symbol: 'BTCUSDT' });
    expect(Number(tk.body.highPrice)).toBeGreaterThanOrEqual(Number(tk.body.lowPrice));
    expect(Number(tk.body.lastPrice)).toBeGreaterThan(0);
    expect((await call(srv.url, 'GET', '/fapi/v1/ticker/24hr')).body).toHaveLength(2);
    expect((await call(srv.url, 'GET', '/fapi/v2/ticker/price', { query: 'symbol=ETHUSDT' })).body).toMatchObject({
      symbol: 'ETHUSDT',
      price: expect.stringMatching(/^\d+\.\d{2}$/),
    });
    expect((await signed(srv.url, maker, 'GET', '/fapi/v1/commissionRate', { symbol: 'BTCUSDT' }, now())).body).toEqual({
      symbol: 'BTCUSDT',
      makerCommissionRate: '0.0002',
      takerCommissionRate: '0.0005',
    });
    expect((await signed(srv.url, maker, 'GET', '/fapi/v1/positionSide/dual', {}, now())).body).toEqual({
      dualSidePosition: false,
    });
    expect(
      (await signed(srv.url, maker, 'POST', '/fapi/v1/positionSide/dual', { dualSidePosition: 'false' }, now())).body.code,
    ).toBe(-4059);
    expect((await signed(srv.url, maker, 'GET', '/fapi/v1/multiAssetsMargin', {}, now())).body).toEqual({
      multiAssetsMargin: false,
    });
    expect(
      (await signed(srv.url, maker, 'POST', '/fapi/v1/marginType', { symbol: 'BTCUSDT', marginType: 'CROSSED' }, now())).body
        .code,
    ).toBe(-4046);
    expect((await call(srv.url, 'GET', '/fapi/v1/fundingRate', { query: 'symbol=BTCUSDT' })).body).toEqual([]);
    const lb = await signed(srv.url, maker, 'GET', '/fapi/v1/leverageBracket', { symbol: 'ETHUSDT' }, now());
    expect(lb.body.brackets[0]).toMatchObject({ bracket: 1, maintMarginRatio: 0.005, notionalFloor: 0 });

    const px = (Math.round(mark * 0.9 * 10) / 10).toFixed(1);
    const batch = JSON.stringify([
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: px, quantity: '0.001' },
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '1.2', quantity: '0.001' },
    ]);
    const b = await signed(srv.url, maker, 'POST', '/fapi/v1/batchOrders', { batchOrders: batch }, now());
    expect(b.body[0]).toMatchObject({ status: 'NEW', price: px });
    expect(b.body[1]).toMatchObject({ code: -4164 }); // min notional: the entry's own error
    const del = await signed(
      srv.url,
      maker,
      'DELETE',
      '/fapi/v1/batchOrders',
      { symbol: 'BTCUSDT', orderIdList: JSON.stringify([b.body[0].orderId, 999999]) },
      now(),
    );
    expect(del.body[0]).toMatchObject({ status: 'CANCELED' });
    expect(del.body[1]).toMatchObject({ code: -2011 });

    const unknown = await call(srv.url, 'GET', '/fapi/v1/noSuchEndpoint');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ code: -5000, msg: 'Path /fapi/v1/noSuchEndpoint, Method GET is invalid' });
    expect((await call(srv.url, 'PATCH', '/fapi/v1/order')).status).toBe(405);
  });

  it("@aggTrade and @kline_1m come from the venue's own fills", async () => {
    const s = await collect(`${srv.wsUrl}/market/stream?streams=btcusdt@aggTrade/btcusdt@kline_1m`);
    const px = (Math.round(mark * 0.97 * 10) / 10).toFixed(1);
    const rest = await signed(
      srv.url,
      maker,
      'POST',
      '/fapi/v1/order',
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: px, quantity: '0.001' },
      now(),
    );
    await signed(
      srv.url,
      taker,
      'POST',
      '/fapi/v1/order',
      { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.001' },
      now(),
    );
    const agg = await s.next((x) => x.stream === 'btcusdt@aggTrade', 'aggTrade');
    expect(agg.data).toMatchObject({ e: 'aggTrade', s: 'BTCUSDT', p: px, q: '0.0010', m: true });
    const k = await s.next((x) => x.stream === 'btcusdt@kline_1m', 'kline');
    expect(k.data.k).toMatchObject({ i: '1m', s: 'BTCUSDT', c: px, x: false, t: Math.floor(agg.data.T / 60_000) * 60_000 });
    expect(Number(k.data.k.v)).toBeGreaterThanOrEqual(0.001);
    expect(rest.body.status).toBe('NEW');
    s.ws.close();
  });

  it('a local order book built from a REST snapshot and the depth diffs holds the venue book', async () => {
    const d = await collect(`${srv.wsUrl}/ws/btcusdt@depth@100ms`);
    const place = (side: string, f: number, q: string) =>
      signed(
        srv.url,
        maker,
        'POST',
        '/fapi/v1/order',
        {
          symbol: 'BTCUSDT',
          side,
          type: 'LIMIT',
          timeInForce: 'GTC',
          price: (Math.round(mark * f * 10) / 10).toFixed(1),
          quantity: q,
        },
        now(),
      );
    const ids: number[] = [];
    ids.push((await place('BUY', 0.95, '0.001')).body.orderId);
    const snap = (await call(srv.url, 'GET', '/fapi/v1/depth', { query: 'symbol=BTCUSDT&limit=1000' })).body;
    const book = { bids: new Map<string, string>(snap.bids), asks: new Map<string, string>(snap.asks) };
    ids.push((await place('BUY', 0.96, '0.002')).body.orderId);
    ids.push((await place('SELL', 1.05, '0.001')).body.orderId);
    await signed(srv.url, maker, 'DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: ids[0]! }, now());
    const final = (await call(srv.url, 'GET', '/fapi/v1/depth', { query: 'symbol=BTCUSDT&limit=1000' })).body;
    await d.next((x) => x.u >= final.lastUpdateId, 'the last diff');
    let prevU: number | undefined;
    for (const ev of d.msgs) {
      expect(ev.e).toBe('depthUpdate');
      if (ev.u < snap.lastUpdateId) continue;
      if (prevU === undefined) expect(ev.U).toBeLessThanOrEqual(snap.lastUpdateId);
      else expect(ev.pu).toBe(prevU);
      prevU = ev.u;
      for (const [p, q] of ev.b) Number(q) === 0 ? book.bids.delete(p) : book.bids.set(p, q);
      for (const [p, q] of ev.a) Number(q) === 0 ? book.asks.delete(p) : book.asks.set(p, q);
    }
    const sorted = (m: Map<string, string>, desc: boolean) =>
      [...m].sort((a, b) => (desc ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0])));
    expect(sorted(book.bids, true)).toEqual(final.bids);
    expect(sorted(book.asks, false)).toEqual(final.asks);
    for (const id of ids.slice(1))
      await signed(srv.url, maker, 'DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: id }, now());
    d.ws.close();
  });
});

describe('serve: listen-key expiry on the server clock', { timeout: 30_000 }, () => {
  it('sends listenKeyExpired after 60 min of server time without keep-alive, then refuses the key', async () => {
    const f = fixture();
    // 1800×: 60 server minutes pass in about two wall seconds.
    const srv = await startPaperServer({ scenario: f.scenario, keys: f.keysPath, port: 0, host: '127.0.0.1', speed: 1800 });
    try {
      const acct = f.accounts[0]!;
      const key = (await call(srv.url, 'POST', '/fapi/v1/listenKey', { key: acct.key })).body.listenKey as string;
      const c = await collect(`${srv.wsUrl}/private/ws?listenKey=${key}`);
      const closed = new Promise<void>((r) => c.ws.on('close', () => r()));
      const ev = await c.next((x) => x.e === 'listenKeyExpired', 'listenKeyExpired', 20_000);
      expect(ev.listenKey).toBe(key);
      await closed;
      expect((await upgradeStatus(`${srv.wsUrl}/ws/${key}`)).status).toBe(400);
      const again = (await call(srv.url, 'POST', '/fapi/v1/listenKey', { key: acct.key })).body.listenKey;
      expect(again).not.toBe(key);
    } finally {
      await srv.close();
    }
  });
});

describe('serve: funding on the user-data stream and in the history', { timeout: 30_000 }, () => {
  it('a settlement reaches the position holder as ACCOUNT_UPDATE FUNDING_FEE, and fundingRate, income and premiumIndex show it', async () => {
    const f = fixture({ scenarioExtra: 'exchange:\n  funding: { model: constant, rate: 0.001, interval: 2s }\n' });
    const srv = await startPaperServer({ scenario: f.scenario, keys: f.keysPath, port: 0, host: '127.0.0.1', speed: 4 });
    try {
      const now = (): number => srv.clock.now();
      const maker = f.accounts.find((a) => a.id === 'mm-l1-buy-05bps')!;
      const taker = f.accounts.find((a) => a.id === 'mm-taker-1')!;
      const key = (await call(srv.url, 'POST', '/fapi/v1/listenKey', { key: maker.key })).body.listenKey as string;
      const c = await collect(`${srv.wsUrl}/ws/${key}`);
      const mark = Number((await call(srv.url, 'GET', '/fapi/v1/premiumIndex', { query: 'symbol=BTCUSDT' })).body.markPrice);
      const px = (Math.round(mark * 0.99 * 10) / 10).toFixed(1);
      await signed(
        srv.url,
        maker,
        'POST',
        '/fapi/v1/order',
        { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: px, quantity: '0.001' },
        now(),
      );
      await signed(
        srv.url,
        taker,
        'POST',
        '/fapi/v1/order',
        { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.001' },
        now(),
      );
      const ev = await c.next((x) => x.e === 'ACCOUNT_UPDATE' && x.a.m === 'FUNDING_FEE', 'FUNDING_FEE', 10_000);
      // A long pays at a positive rate: 0.001 × 0.001 BTC × the mark.
      expect(Number(ev.a.B[0].bc)).toBeLessThan(0);
      expect(Math.abs(Number(ev.a.B[0].bc)) / (0.001 * 0.001)).toBeGreaterThan(mark * 0.9);
      expect(ev.a.P).toEqual([expect.objectContaining({ s: 'BTCUSDT', pa: '0.0010' })]);
      const rates = (await call(srv.url, 'GET', '/fapi/v1/fundingRate', { query: 'symbol=BTCUSDT' })).body;
      expect(rates.length).toBeGreaterThan(0);
      expect(rates[0]).toMatchObject({ symbol: 'BTCUSDT', fundingRate: '0.001' });
      expect(rates[0].fundingTime % 2000).toBe(0);
      const income = await signed(srv.url, maker, 'GET', '/fapi/v1/income', { incomeType: 'FUNDING_FEE' }, now());
      expect(income.body[0]).toMatchObject({ incomeType: 'FUNDING_FEE', income: ev.a.B[0].bc, asset: 'USDT' });
      const pi = (await call(srv.url, 'GET', '/fapi/v1/premiumIndex', { query: 'symbol=BTCUSDT' })).body;
      expect(pi.lastFundingRate).toBe('0.00100000');
      expect(pi.nextFundingTime % 2000).toBe(0);
      c.ws.close();
    } finally {
      await srv.close();
    }
  });
});
