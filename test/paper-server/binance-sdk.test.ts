// A third-party client against the paper server: the `binance` npm SDK (exchange-api.md §6).
// USDMClient with `baseUrl` reads exchangeInfo, balance, positions and open orders, places a resting
// LIMIT order and cancels it; WebsocketClient with `wsUrl` subscribes to BTCUSDT bookTicker (usdm)
// and receives it. Loopback only: every outgoing socket of this process is recorded and must go to
// the server, and no host name may be resolved (binance.com included).
import dns from 'node:dns';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USDMClient, WebsocketClient } from 'binance';
import { startPaperServer, type PaperServer } from '../../src/paper-server/server.js';
import { fixture, type TestAccount } from './helpers.js';

/** Resolves with the first value passed to `done`, or rejects after `ms` wall ms. */
function waitFor<T>(what: string, ms: number, subscribe: (done: (v: T) => void) => () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let off = (): void => {};
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    off = subscribe((v) => {
      clearTimeout(timer);
      off();
      resolve(v);
    });
  });
}

describe('binance npm SDK against the paper server', { timeout: 10_000 }, () => {
  let srv: PaperServer;
  let acct: TestAccount;
  let ws: WebsocketClient | undefined;
  const connects: string[] = [];
  const lookups: string[] = [];
  const sdkErrors: unknown[] = [];
  const origConnect = net.Socket.prototype.connect;
  const origLookup = dns.lookup;
  const quiet = { trace: (): void => {}, info: (): void => {}, error: (...a: unknown[]): void => void sdkErrors.push(a) };

  beforeAll(async () => {
    // Record every outgoing TCP connection (http, ws, tls all end in Socket#connect) and every dns.lookup.
    net.Socket.prototype.connect = function (this: net.Socket, ...args: any[]) {
      const o = Array.isArray(args[0]) ? args[0][0] : typeof args[0] === 'object' ? args[0] : { port: args[0], host: args[1] };
      connects.push(o?.path ?? `${o?.host ?? 'localhost'}:${o?.port}`);
      return (origConnect as any).apply(this, args);
    } as typeof net.Socket.prototype.connect;
    (dns as any).lookup = (host: string, ...rest: unknown[]) => {
      lookups.push(host);
      return (origLookup as any).call(dns, host, ...rest);
    };
    const f = fixture();
    srv = await startPaperServer({ scenario: f.scenario, keys: f.keysPath, port: 0, host: '127.0.0.1' });
    acct = f.accounts.find((a) => a.id === 'mm-l1-buy-05bps')!;
  });

  afterAll(async () => {
    try {
      ws?.closeAll(true);
    } finally {
      net.Socket.prototype.connect = origConnect;
      (dns as any).lookup = origLookup;
      await srv?.close();
    }
  });

  const rest = (): USDMClient =>
    // disableTimeSync is the SDK's default; set it anyway so no /time call or interval is ever started.
    // proxy:false keeps axios off any HTTP(S)_PROXY from the environment: loopback means loopback.
    new USDMClient(
      { api_key: acct.key, api_secret: acct.secret, baseUrl: srv.url, disableTimeSync: true, recvWindow: 5000 },
      { proxy: false, timeout: 3000 },
    );

  it('USDMClient reads exchangeInfo, balance, positions and open orders; places and cancels a LIMIT order', async () => {
    const c = rest();
    const info = await c.getExchangeInfo();
    expect(info.symbols.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);

    for (const bal of [await c.getBalance(), await c.getBalanceV3()]) {
      expect(bal[0]!.asset).toBe('USDT'); // the scenario's settlement asset (default USDT)
      expect(Number(bal[0]!.balance)).toBe(100);
    }
    const p2 = await c.getPositions();
    expect(p2.map((p) => p.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(await c.getPositionsV3()).toEqual([]);
    expect(await c.getAllOpenOrders({ symbol: 'BTCUSDT' })).toEqual([]);

    // A BUY 2% under the mark stays resting on the paper book, so it can be cancelled.
    const mark = Number((await c.getMarkPrice({ symbol: 'BTCUSDT' })).markPrice);
    expect(mark).toBeGreaterThan(50_000);
    const price = Number((Math.floor((mark * 0.98) / 0.1) * 0.1).toFixed(1));
    const placed = await c.submitNewOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: 0.0005,
      price,
    });
    expect(placed.status).toBe('NEW');
    expect(placed.clientOrderId).toMatch(/^x-15PC4ZJy/); // the SDK's own generated id, kept as sent
    expect(Number(placed.price)).toBe(price);

    const open = await c.getAllOpenOrders({ symbol: 'BTCUSDT' });
    expect(open.map((o) => o.orderId)).toEqual([placed.orderId]);

    const cancelled = await c.cancelOrder({ symbol: 'BTCUSDT', orderId: placed.orderId });
    expect(cancelled.status).toBe('CANCELED');
    expect(cancelled.orderId).toBe(placed.orderId);
    expect(await c.getAllOpenOrders({ symbol: 'BTCUSDT' })).toEqual([]);

    // An error reply reaches the caller as Binance's {code,msg}.
    const err = await c.cancelOrder({ symbol: 'BTCUSDT', orderId: placed.orderId }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: -2011 });
  });

  it('WebsocketClient with wsUrl receives BTCUSDT bookTicker (usdm)', async () => {
    ws = new WebsocketClient({ wsUrl: srv.wsUrl, beautify: false, disableHeartbeat: true }, quiet);
    const client = ws;
    const opened = waitFor<string>('open', 3000, (done) => {
      const h = (e: { wsUrl?: string }): void => done(String(e.wsUrl));
      client.on('open', h as any);
      return () => client.off('open', h as any);
    });
    const msg = waitFor<any>('a bookTicker message', 4000, (done) => {
      const h = (e: any): void => {
        if (e?.e === 'bookTicker') done(e);
      };
      client.on('message', h);
      return () => client.off('message', h);
    });
    const sub = client.subscribeSymbolBookTicker('BTCUSDT', 'usdm');
    const [url, m] = await Promise.all([opened, msg, sub]);
    expect(url).toBe(`${srv.wsUrl}/public/stream`); // §6: bookTicker goes to /public/stream
    // The server wraps on /stream; the SDK unwraps and tags the event.
    expect(m).toMatchObject({ s: 'BTCUSDT', wsMarket: 'usdm', streamName: 'btcusdt@bookTicker' });
    expect(Number(m.b)).toBeGreaterThan(50_000);
    expect(Number(m.a)).toBeGreaterThanOrEqual(Number(m.b));

    let reconnecting = 0;
    client.on('reconnecting', () => void reconnecting++);
    const closed = waitFor<void>('close', 2000, (done) => {
      const h = (): void => done();
      client.on('close', h);
      return () => client.off('close', h);
    });
    client.closeAll(true);
    await closed;
    ws = undefined;
    expect(reconnecting).toBe(0);
  });

  it('never left loopback: every connection went to the server, no host name resolved', () => {
    expect(connects.length).toBeGreaterThan(0);
    expect(connects.filter((c) => c !== `127.0.0.1:${srv.port}`)).toEqual([]);
    expect(lookups.filter((h) => net.isIP(h) === 0)).toEqual([]); // IP literals (listen, connect) resolve locally
    expect(sdkErrors).toEqual([]);
  });
});
