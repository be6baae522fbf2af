/**
 * ccxt's `binanceusdm` (REST) and `ccxt.pro` (websocket) against serve on loopback, end to end as
 * a ccxt bot runs: markets named BTC/USDT:USDT, ticker, candles, balance, position mode, leverage
 * and margin mode, a resting order seen through watchOrders, its fill through watchOrders and
 * watchMyTrades (with the fee), then fetchMyTrades, fetchOrder, editOrder, cancelOrder,
 * fetchOrders, the order book and the funding rate. Only the URLs are pointed at the server; every
 * outgoing connection is recorded and must go to it.
 */
import net from 'node:net';
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaperServer, type PaperServer } from '../../src/paper-server/server.js';
import { fixture, type TestAccount } from './helpers.js';

type Pro = InstanceType<typeof ccxt.pro.binanceusdm>;

async function client(srv: PaperServer, acct: TestAccount): Promise<Pro> {
  const ex = new ccxt.pro.binanceusdm({
    apiKey: acct.key,
    secret: acct.secret,
    enableRateLimit: false,
    options: { fetchCurrencies: false, adjustForTimeDifference: false, warnOnFetchOpenOrdersWithoutSymbol: false },
  });
  const api = ex.urls.api as Record<string, unknown>;
  for (const k of Object.keys(api)) {
    if (typeof api[k] === 'string') api[k] = (api[k] as string).replace(/^https:\/\/[^/]+/, srv.url);
  }
  (api.ws as Record<string, unknown>).future = `${srv.wsUrl}/ws`;
  await ex.loadHttpProxyAgent(); // ccxt needs its http agent loaded before a plain ws:// URL
  return ex;
}

/** Resolves once the client's user-data socket (ws://…/private/ws?listenKey=…) is open. */
async function userStreamOpen(ex: Pro): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const c = Object.values(ex.clients as Record<string, { url: string; connected: Promise<unknown> }>).find((x) =>
      x.url.includes('listenKey='),
    );
    if (c !== undefined) {
      await c.connected;
      return;
    }
    await new Promise((r) => setImmediate(r)); // ccxt creates the client after its listenKey and snapshot requests
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('ccxt never opened its user-data stream');
}

describe('ccxt binanceusdm + ccxt.pro against the paper server', { timeout: 30_000 }, () => {
  let srv: PaperServer;
  let maker: Pro;
  let taker: Pro;
  const connects: string[] = [];
  const origConnect = net.Socket.prototype.connect;
  const SYM = 'BTC/USDT:USDT';

  beforeAll(async () => {
    net.Socket.prototype.connect = function (this: net.Socket, ...args: any[]) {
      const o = Array.isArray(args[0]) ? args[0][0] : typeof args[0] === 'object' ? args[0] : { port: args[0], host: args[1] };
      connects.push(o?.path ?? `${o?.host ?? 'localhost'}:${o?.port}`);
      return (origConnect as any).apply(this, args);
    } as typeof net.Socket.prototype.connect;
    const f = fixture();
    srv = await startPaperServer({ scenario: f.scenario, keys: f.keysPath, port: 0, host: '127.0.0.1' });
    maker = await client(srv, f.accounts.find((a) => a.id === 'mm-l1-buy-05bps')!);
    taker = await client(srv, f.accounts.find((a) => a.id === 'mm-taker-1')!);
  });

  afterAll(async () => {
    try {
      await maker?.close();
      await taker?.close();
    } finally {
      net.Socket.prototype.connect = origConnect;
      await srv?.close();
    }
  });

  it('reads markets, ticker, candles, balance and the account modes', async () => {
    const markets = await maker.loadMarkets();
    expect(Object.keys(markets).sort()).toEqual(['BTC/USDT:USDT', 'ETH/USDT:USDT']);
    expect(markets[SYM]).toMatchObject({ id: 'BTCUSDT', settle: 'USDT', quote: 'USDT', linear: true, swap: true });
    const t = await maker.fetchTicker(SYM);
    expect(t.last).toBeGreaterThan(50_000);
    expect(t.high!).toBeGreaterThanOrEqual(t.low!);
    const candles = await maker.fetchOHLCV(SYM, '1m', undefined, 10);
    expect(candles.length).toBeGreaterThan(0);
    const [ts, o, h, l, c] = candles.at(-1)!;
    expect(ts! % 60_000).toBe(0);
    expect(h!).toBeGreaterThanOrEqual(Math.max(o!, c!));
    expect(l!).toBeLessThanOrEqual(Math.min(o!, c!));
    const bal = await maker.fetchBalance();
    expect(bal.USDT?.total).toBe(100);
    expect(await maker.fetchPositionMode(SYM)).toMatchObject({ hedged: false });
    await maker.setLeverage(5, SYM);
    await expect(maker.setMarginMode('cross', SYM)).rejects.toBeInstanceOf(ccxt.MarginModeAlreadySet);
    expect((await maker.fetchTradingFee(SYM)).maker).toBe(0.0002);
    const fr = await maker.fetchFundingRate(SYM);
    expect(fr.markPrice).toBeGreaterThan(50_000);
  });

  it('watchOrders sees the resting order and its fill, watchMyTrades the fill with its fee; REST agrees', async () => {
    const t = await maker.fetchTicker(SYM);
    const px = Number(maker.priceToPrecision(SYM, t.last! * 0.98));
    const seen = maker.watchOrders(SYM);
    await userStreamOpen(maker); // events before the socket opens are not replayed (as on Binance)
    const placed = await maker.createOrder(SYM, 'limit', 'buy', 0.002, px);
    const first = await seen;
    expect(first.at(-1)).toMatchObject({ id: placed.id, status: 'open', price: px, amount: 0.002, filled: 0 });

    const fills = maker.watchMyTrades(SYM);
    const update = maker.watchOrders(SYM);
    const hit = await taker.createOrder(SYM, 'limit', 'sell', 0.001, px, { timeInForce: 'IOC' });
    expect(hit).toMatchObject({ status: 'closed', filled: 0.001 });
    const o = (await update).at(-1)!;
    expect(o).toMatchObject({ id: placed.id, status: 'open', filled: 0.001, remaining: 0.001 });
    const tr = (await fills).at(-1)!;
    expect(tr).toMatchObject({ order: placed.id, price: px, amount: 0.001, side: 'buy', takerOrMaker: 'maker' });
    expect(tr.fee?.currency).toBe('USDT');
    expect(tr.fee?.cost).toBeCloseTo(px * 0.001 * 0.0002, 8);

    const mine = await maker.fetchMyTrades(SYM);
    expect(mine.map((x) => [x.order, x.amount, x.takerOrMaker])).toEqual([[placed.id, 0.001, 'maker']]);
    expect(mine[0]!.fee?.cost).toBeCloseTo(tr.fee!.cost!, 10);
    expect(await maker.fetchOrder(placed.id!, SYM)).toMatchObject({ status: 'open', filled: 0.001 });

    const px2 = Number(maker.priceToPrecision(SYM, px * 0.99));
    const edited = await maker.editOrder(placed.id!, SYM, 'limit', 'buy', 0.003, px2);
    expect(edited).toMatchObject({ id: placed.id, price: px2, amount: 0.003, filled: 0.001 });
    const book = await maker.fetchOrderBook(SYM, 5);
    expect(book.bids[0]).toEqual([px2, 0.002]);
    await maker.cancelOrder(placed.id!, SYM);
    const all = await maker.fetchOrders(SYM);
    expect(all.map((x) => [x.id, x.status])).toEqual([[placed.id, 'canceled']]);
    expect(connects.every((c) => c === `127.0.0.1:${srv.port}`)).toBe(true);
  });
});
