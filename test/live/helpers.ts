/** Loopback servers and fixtures shared by the live tests. No outside network. */
import { orderRowOf } from '../../src/engine/order-row.js';
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultRoster } from '../../src/engine/roster.js';

export function genKey(): string {
  return randomBytes(32).toString('hex');
}

export interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  rawQuery: string;
  apiKey: string | undefined;
  /** The account (by API key) this request came from, when the server knows the key. */
  account: string | undefined;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket instead of answering. */
  destroy?: boolean;
}

export type Handler = (req: Req) => Reply | undefined | Promise<Reply | undefined>;

export const BTC_INFO = {
  timezone: 'UTC',
  serverTime: 0,
  rateLimits: [
    { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
    { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
  ],
  symbols: [
    {
      symbol: 'BTCUSDT',
      contractType: 'PERPETUAL',
      status: 'TRADING',
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: '261.10', maxPrice: '809484', tickSize: '0.10' },
        { filterType: 'LOT_SIZE', minQty: '0.0001', maxQty: '1000', stepSize: '0.0001' },
        { filterType: 'MIN_NOTIONAL', notional: '5' },
      ],
    },
    {
      symbol: 'ETHUSDT',
      contractType: 'PERPETUAL',
      status: 'TRADING',
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: '39.86', maxPrice: '306177', tickSize: '0.01' },
        { filterType: 'LOT_SIZE', minQty: '0.001', maxQty: '10000', stepSize: '0.001' },
        { filterType: 'MIN_NOTIONAL', notional: '5' },
      ],
    },
  ],
};

export function orderRow(p: Partial<Record<string, unknown>>): Record<string, unknown> {
  const base = orderRowOf({
    orderId: 1,
    symbol: 'BTCUSDT',
    status: 'NEW',
    clientOrderId: 'x',
    price: '0',
    avgPrice: '0',
    origQty: '0',
    executedQty: '0',
    cumQuote: '0',
    timeInForce: 'GTC',
    type: 'LIMIT',
    reduceOnly: false,
    side: 'BUY',
    selfTradePreventionMode: 'NONE',
    updateTime: 0,
  });
  return { ...base, ...p };
}

/**
 * A small Rocky/Binance REST mock: verifies signatures, keeps open orders per account and symbol,
 * and lets a test override any route with `handler` (return undefined to fall through).
 */
export class MockRocky {
  server!: http.Server;
  url = '';
  readonly requests: Req[] = [];
  /** apiKey → { id, secret } */
  readonly accounts = new Map<string, { id: string; secret: string }>();
  /** `${account}|${symbol}` → open orders */
  readonly open = new Map<string, Array<Record<string, unknown>>>();
  readonly leverage = new Map<string, number>();
  nextOrderId = 1000;
  serverTimeOffset = 0;
  handler: Handler | undefined;

  addAccount(id: string): { id: string; key: string; secret: string } {
    const key = genKey();
    const secret = genKey();
    this.accounts.set(key, { id, secret });
    return { id, key, secret };
  }

  addRoster(): Array<{ id: string; key: string; secret: string }> {
    return defaultRoster().map((a) => this.addAccount(a.id));
  }

  openList(account: string, symbol: string): Array<Record<string, unknown>> {
    const k = `${account}|${symbol}`;
    let l = this.open.get(k);
    if (!l) this.open.set(k, (l = []));
    return l;
  }

  count(method: string, path: string): number {
    return this.requests.filter((r) => r.method === method && r.path === path).length;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://x');
    const rawQuery = u.search.slice(1);
    const apiKey = req.headers['x-mbx-apikey'] as string | undefined;
    const r: Req = {
      method: req.method ?? 'GET',
      path: u.pathname,
      query: u.searchParams,
      rawQuery,
      apiKey,
      account: apiKey ? this.accounts.get(apiKey)?.id : undefined,
    };
    this.requests.push(r);
    // Drain any body.
    for await (const _ of req) void _;
    let reply = this.handler ? await this.handler(r) : undefined;
    reply ??= this.route(r);
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  /** Verify the signature like the simulator: HMAC over the raw query with `&signature=…` removed. */
  private checkSig(r: Req): Reply | undefined {
    const acc = r.apiKey ? this.accounts.get(r.apiKey) : undefined;
    if (!acc) return { status: 401, body: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } };
    const i = r.rawQuery.lastIndexOf('&signature=');
    const payload = i >= 0 ? r.rawQuery.slice(0, i) : r.rawQuery;
    const sig = i >= 0 ? r.rawQuery.slice(i + '&signature='.length) : '';
    const want = createHmac('sha256', acc.secret).update(payload).digest('hex');
    if (sig.toLowerCase() !== want)
      return { status: 400, body: { code: -1022, msg: 'Signature for this request is not valid.' } };
    return undefined;
  }

  route(r: Req): Reply {
    if (r.path === '/fapi/v1/time') return { body: { serverTime: Date.now() + this.serverTimeOffset } };
    if (r.path === '/fapi/v1/exchangeInfo') return { body: BTC_INFO, headers: { 'X-MBX-USED-WEIGHT-1M': '1' } };
    const bad = this.checkSig(r);
    if (bad) return bad;
    const account = r.account!;
    const symbol = r.query.get('symbol') ?? '';
    const w = { 'x-mbx-used-weight-1m': '5' };
    if (r.path === '/fapi/v2/balance') {
      return {
        body: [
          {
            accountAlias: 'a',
            asset: 'USDT',
            balance: '1000',
            crossWalletBalance: '1000',
            crossUnPnl: '0',
            availableBalance: '1000',
            maxWithdrawAmount: '1000',
            marginAvailable: true,
            updateTime: 1,
          },
        ],
        headers: w,
      };
    }
    if (r.path === '/fapi/v2/positionRisk') return { body: [], headers: w };
    if (r.path === '/fapi/v1/openOrders') return { body: this.openList(account, symbol), headers: w };
    if (r.path === '/fapi/v1/leverage') {
      this.leverage.set(`${account}|${symbol}`, Number(r.query.get('leverage')));
      return { body: { leverage: Number(r.query.get('leverage')), maxNotionalValue: '1000000', symbol } };
    }
    if (r.path === '/fapi/v1/allOpenOrders' && r.method === 'DELETE') {
      this.openList(account, symbol).length = 0;
      return { body: { code: 200, msg: 'The operation of cancel all open order is done.' } };
    }
    if (r.path === '/fapi/v1/order') {
      const list = this.openList(account, symbol);
      const oid = r.query.get('orderId');
      const cid = r.query.get('origClientOrderId');
      const find = () => list.findIndex((o) => (oid ? String(o.orderId) === oid : o.clientOrderId === cid));
      if (r.method === 'POST')
        return {
          body: this.placeFrom(r, account, symbol),
          headers: { 'X-MBX-ORDER-COUNT-10S': '1', 'X-MBX-ORDER-COUNT-1M': '1' },
        };
      if (r.method === 'GET') {
        const i = find();
        return i >= 0 ? { body: list[i] } : { status: 400, body: { code: -2013, msg: 'Order does not exist.' } };
      }
      if (r.method === 'DELETE') {
        const i = find();
        if (i < 0) return { status: 400, body: { code: -2011, msg: 'Unknown order sent.' } };
        const [o] = list.splice(i, 1);
        return { body: { ...o, status: 'CANCELED' } };
      }
    }
    return { status: 404, body: { code: -1000, msg: `no route ${r.method} ${r.path}` } };
  }

  /** Accept an order (used by the default route and by tests that answer 5xx after accepting). */
  placeFrom(r: Req, account: string, symbol: string): Record<string, unknown> {
    const row = orderRow({
      orderId: this.nextOrderId++,
      symbol,
      clientOrderId: r.query.get('newClientOrderId') ?? `auto${this.nextOrderId}`,
      price: r.query.get('price') ?? '0',
      origQty: r.query.get('quantity') ?? '0',
      side: r.query.get('side') ?? 'BUY',
      timeInForce: r.query.get('timeInForce') ?? 'GTC',
      type: r.query.get('type') ?? 'LIMIT',
    });
    this.openList(account, symbol).push(row);
    return row;
  }
}

import type FakeTimers from '@sinonjs/fake-timers';
import type { TimerFns } from '../../src/io/real-clock.js';

/** TimerFns over a non-installed @sinonjs/fake-timers clock. */
export function fakeFns(fake: FakeTimers.Clock): TimerFns {
  return {
    now: () => fake.now,
    setTimeout: (fn, ms) => fake.setTimeout(fn, ms),
    clearTimeout: (h) => fake.clearTimeout(h as FakeTimers.TimerId),
  };
}

/** Let real I/O progress (loopback sockets) without any timed wait. */
export async function until(cond: () => boolean, turns = 5000): Promise<void> {
  for (let i = 0; i < turns && !cond(); i++) await new Promise((r) => setImmediate(r));
  if (!cond()) throw new Error('condition never became true');
}

export async function spin(turns = 50): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}
