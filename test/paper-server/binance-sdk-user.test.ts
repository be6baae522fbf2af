// The `binance` npm SDK against serve for what bots need beyond the order loop: the USD-M user-data
// stream (WebsocketClient.subscribeUsdFuturesUserDataStream: its own listen-key request, then
// /private/stream?listenKey=…) delivering ORDER_TRADE_UPDATE for a fill, and the REST methods
// for listen keys, userTrades, allOrders, income, commissionRate, klines, 24 h ticker, price
// ticker, funding history, position and multi-assets mode, modify, batch orders and aggTrades.
// Loopback only: the REST and websocket URLs are the server's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USDMClient, WebsocketClient } from 'binance';
import { startPaperServer, type PaperServer } from '../../src/paper-server/server.js';
import { fixture, type TestAccount } from './helpers.js';

describe('binance npm SDK: user-data stream and the new endpoints', { timeout: 20_000 }, () => {
  let srv: PaperServer;
  let maker: TestAccount;
  let taker: TestAccount;
  let ws: WebsocketClient | undefined;
  const quiet = { trace: (): void => {}, info: (): void => {}, error: (): void => {} };

  beforeAll(async () => {
    const f = fixture();
    srv = await startPaperServer({ scenario: f.scenario, keys: f.keysPath, port: 0, host: '127.0.0.1' });
    maker = f.accounts.find((a) => a.id === 'mm-l1-buy-05bps')!;
    taker = f.accounts.find((a) => a.id === 'mm-taker-1')!;
  });
  afterAll(async () => {
    ws?.closeAll(true);
    await srv?.close();
  });

  const rest = (a: TestAccount): USDMClient =>
    new USDMClient(
      { api_key: a.key, api_secret: a.secret, baseUrl: srv.url, disableTimeSync: true, recvWindow: 5000 },
      { proxy: false, timeout: 3000 },
    );

  it('listen keys, then ORDER_TRADE_UPDATE for a fill on the SDK user-data stream; the fill in userTrades, allOrders, income, aggTrades', async () => {
    const m = rest(maker);
    const t = rest(taker);
    const { listenKey } = await m.getFuturesUserDataListenKey();
    expect(listenKey).toMatch(/^[A-Za-z0-9]{64}$/);
    await m.keepAliveFuturesUserDataListenKey();

    ws = new WebsocketClient(
      {
        api_key: maker.key,
        api_secret: maker.secret,
        wsUrl: srv.wsUrl,
        beautify: false,
        disableHeartbeat: true,
        restOptions: { baseUrl: srv.url },
        requestOptions: { proxy: false },
      } as never,
      quiet,
    );
    const events: any[] = [];
    ws.on('message', (e: any) => events.push(e));
    const opened = new Promise<string>((r) => ws!.on('open', (e: any) => r(String(e.wsUrl))));
    await ws.subscribeUsdFuturesUserDataStream();
    expect(await opened).toBe(`${srv.wsUrl}/private/stream?listenKey=${listenKey}`); // same key: still valid

    const mark = Number((await m.getMarkPrice({ symbol: 'BTCUSDT' })).markPrice);
    const price = Number((Math.round(mark * 0.98 * 10) / 10).toFixed(1));
    const placed = await m.submitNewOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: 0.002,
      price,
    });
    await t.submitNewOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'IOC', quantity: 0.001, price });
    const fill = await new Promise<any>((resolve, reject) => {
      const find = (): any => events.find((e) => e?.e === 'ORDER_TRADE_UPDATE' && e.o?.x === 'TRADE');
      const hit = find();
      if (hit) return resolve(hit);
      const timer = setTimeout(() => reject(new Error(`no TRADE event; got ${JSON.stringify(events.map((e) => e?.e))}`)), 5000);
      ws!.on('message', () => {
        const h = find();
        if (h) {
          clearTimeout(timer);
          resolve(h);
        }
      });
    });
    expect(fill.o).toMatchObject({ s: 'BTCUSDT', i: placed.orderId, X: 'PARTIALLY_FILLED', l: '0.0010', m: true, N: 'USDT' });
    expect(Number(fill.o.n)).toBeCloseTo(price * 0.001 * 0.0002, 8);

    const trades = await m.getAccountTrades({ symbol: 'BTCUSDT' });
    expect(trades.map((x) => [x.orderId, Number(x.qty), x.maker, x.commission])).toEqual([
      [placed.orderId, 0.001, true, fill.o.n],
    ]);
    const all = await m.getAllOrders({ symbol: 'BTCUSDT' });
    expect(all.map((o) => [o.orderId, o.status])).toEqual([[placed.orderId, 'PARTIALLY_FILLED']]);
    const income = await m.getIncomeHistory({ incomeType: 'COMMISSION' });
    expect(income.map((r) => [r.incomeType, Number(r.income), r.asset])).toEqual([['COMMISSION', -Number(fill.o.n), 'USDT']]);
    const agg = await m.getAggregateTrades({ symbol: 'BTCUSDT' });
    expect(agg.map((a) => [Number(a.p), Number(a.q), a.m])).toEqual([[price, 0.001, true]]);

    // modifyOrder (PUT order) and batch orders.
    const price2 = Number((price - 5).toFixed(1));
    const mod = await m.modifyOrder({
      symbol: 'BTCUSDT',
      orderId: placed.orderId,
      side: 'BUY',
      quantity: 0.003 as never,
      price: price2 as never,
    });
    expect(Number(mod.price)).toBe(price2);
    expect(Number(mod.origQty)).toBe(0.003);
    const batch = await m.submitMultipleOrders([
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.001',
        price: String(Number((price - 50).toFixed(1))),
      },
      { symbol: 'NOPEUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '1' },
    ] as never);
    expect(batch[0]).toMatchObject({ status: 'NEW' });
    expect(batch[1]).toMatchObject({ code: -1121 });
    await m.cancelAllOpenOrders({ symbol: 'BTCUSDT' });
    await m.closeFuturesUserDataListenKey();
  });

  it('klines, 24 h ticker, price ticker, funding history, commissionRate and the account modes', async () => {
    const m = rest(maker);
    const k = await m.getKlines({ symbol: 'ETHUSDT', interval: '1m', limit: 3 });
    expect(k.length).toBeGreaterThan(0);
    const [, o, h, l, c] = k.at(-1)!;
    expect(Number(h)).toBeGreaterThanOrEqual(Math.max(Number(o), Number(c)));
    expect(Number(l)).toBeLessThanOrEqual(Math.min(Number(o), Number(c)));
    const s = (await m.get24hrChangeStatistics({ symbol: 'BTCUSDT' })) as any;
    expect(s.symbol).toBe('BTCUSDT');
    expect(Number(s.lastPrice)).toBeGreaterThan(50_000);
    const p = (await m.getSymbolPriceTicker({ symbol: 'ETHUSDT' })) as any;
    expect(Number(p.price)).toBeGreaterThan(1000);
    expect(await m.getFundingRateHistory({ symbol: 'BTCUSDT' })).toEqual([]); // no funding in this scenario
    expect(await m.getAccountCommissionRate({ symbol: 'BTCUSDT' })).toMatchObject({
      makerCommissionRate: '0.0002',
      takerCommissionRate: '0.0005',
    });
    expect(await m.getCurrentPositionMode()).toEqual({ dualSidePosition: false });
    expect(await m.getMultiAssetsMode()).toEqual({ multiAssetsMargin: false });
  });
});
