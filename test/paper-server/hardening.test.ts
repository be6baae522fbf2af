/**
 * serve under bad input (issue 8, item 6): a bounded fuzz of extreme numbers against the REST API
 * on loopback keeps every ledger invariant after every fill (wallet, margin and positions finite;
 * the fleet's net position zero per symbol); the websocket caps streams per connection and
 * messages per second with Binance's limits; the accepted-placement log stays bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SeededRng } from '../../src/engine/rng.js';
import { startPaperServer, type PaperServer } from '../../src/paper-server/server.js';
import { call, fixture, signed, type TestAccount } from './helpers.js';

const EXTREME = [
  '1e308',
  '-1e308',
  '1e-308',
  '0',
  '-0',
  '-1',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '1e5',
  ' 5 ',
  '',
  '9007199254740993',
  '99999999999999999999',
  `1${'0'.repeat(25)}`,
  `0.${'0'.repeat(19)}1`,
  '123456789.123456789',
  '1.7976931348623157e308',
  '5e-324',
  '00000000000000000001',
  '1,5',
  '100',
  '20',
  '13',
  '१२३',
];
const LEVERAGE = ['0', '1', '5', '20', '125', '126', '9999', '1.5', '-1', '1e2', 'abc', '99999999999999999999'];

describe('serve under a bounded fuzz of extreme numbers (REST, loopback)', () => {
  let srv: PaperServer;
  let accounts: TestAccount[];
  let checks = 0;
  let maxWallet = 0;
  const broken: string[] = [];

  beforeAll(async () => {
    const f = fixture();
    accounts = f.accounts;
    // Every fill: every account's wallet, margin and positions finite; the net position of each symbol zero.
    srv = await startPaperServer({
      scenario: f.scenario,
      keys: f.keysPath,
      port: 0,
      onFill: () => {
        checks++;
        for (const sym of ['BTCUSDT', 'ETHUSDT']) {
          let net = 0;
          for (const a of srv.accounts) {
            const p = srv.core.positionOf(a.id, sym);
            net += p.amt;
            if (!Number.isFinite(p.amt) || !Number.isFinite(p.entryPrice) || !Number.isFinite(p.realizedPnl))
              broken.push(`${a.id} ${sym} position ${JSON.stringify(p)}`);
          }
          if (Math.abs(net) > 1e-9) broken.push(`${sym} net position ${net}`);
        }
        for (const a of srv.accounts) {
          const w = srv.core.walletOf(a.id);
          const avail = srv.core.availableOf(a.id);
          if (!Number.isFinite(w) || !Number.isFinite(avail) || !Number.isFinite(srv.core.feesPaid(a.id)))
            broken.push(`${a.id} wallet ${w} available ${avail}`);
          maxWallet = Math.max(maxWallet, Math.abs(w));
        }
      },
    });
    await new Promise((r) => setTimeout(r, 150)); // a few ticks of tape: the mark exists
  });
  afterAll(async () => {
    await srv.close();
  });

  it('rejects every out-of-bounds number with a Binance code and keeps every ledger invariant', async () => {
    const rng = new SeededRng('serve-fuzz');
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
    const marks = { BTCUSDT: 0, ETHUSDT: 0 };
    for (const sym of ['BTCUSDT', 'ETHUSDT'] as const)
      marks[sym] = Number((await call(srv.url, 'GET', '/fapi/v1/premiumIndex', { query: `symbol=${sym}` })).body.markPrice);
    const byCode = new Map<string, number>();
    let sent = 0;
    let accepted = 0;
    const one = async (): Promise<void> => {
      const acct = pick(accounts);
      const sym = pick(['BTCUSDT', 'ETHUSDT'] as const);
      const dec = sym === 'BTCUSDT' ? 1 : 2;
      // Half sane orders near the mark (so fills happen), half extreme values anywhere.
      const sane = rng.next() < 0.5;
      const side = rng.next() < 0.5 ? 'BUY' : 'SELL';
      const near = (marks[sym] * (1 + (side === 'BUY' ? 1 : -1) * (rng.next() * 0.004 - 0.001))).toFixed(dec);
      const kind = rng.next();
      let r;
      if (kind < 0.7) {
        const params: Record<string, string> = {
          symbol: rng.next() < 0.95 ? sym : pick(['', 'btcusdt', 'X'.repeat(300)]),
          side: rng.next() < 0.95 ? side : pick(['buy', '', 'HOLD']),
          type: rng.next() < 0.8 ? 'LIMIT' : pick(['MARKET', 'STOP', '']),
          quantity: sane ? pick(sym === 'BTCUSDT' ? ['0.001', '0.002', '0.0005'] : ['0.01', '0.02']) : pick(EXTREME),
        };
        if (params.type === 'LIMIT') {
          params.price = sane ? near : pick(EXTREME);
          params.timeInForce = rng.next() < 0.9 ? pick(['GTC', 'IOC', 'FOK', 'GTX']) : pick(['DAY', '', 'gtc']);
        }
        if (rng.next() < 0.1) params.reduceOnly = pick(['true', 'false', 'maybe']);
        r = await signed(srv.url, acct, 'POST', '/fapi/v1/order', params, srv.clock.now());
        if (r.status === 200) accepted++;
      } else if (kind < 0.8) {
        r = await signed(
          srv.url,
          acct,
          'DELETE',
          '/fapi/v1/order',
          { symbol: sym, orderId: pick(['1', '0', '-1', '1e3', '9'.repeat(16), String(Math.floor(rng.next() * 500))]) },
          srv.clock.now(),
        );
      } else if (kind < 0.85) {
        r = await signed(srv.url, acct, 'DELETE', '/fapi/v1/allOpenOrders', { symbol: sym }, srv.clock.now());
      } else if (kind < 0.92) {
        r = await signed(srv.url, acct, 'POST', '/fapi/v1/leverage', { symbol: sym, leverage: pick(LEVERAGE) }, srv.clock.now());
      } else {
        r = await signed(
          srv.url,
          acct,
          'GET',
          pick(['/fapi/v2/balance', '/fapi/v2/positionRisk', '/fapi/v2/account']),
          {},
          srv.clock.now(),
        );
        // Every number the account routes show parses as a finite number.
        const text = JSON.stringify(r.body);
        for (const m of text.matchAll(/"(-?[0-9.eE+-]+|Infinity|NaN|-Infinity)"/g))
          if (!Number.isFinite(Number(m[1]))) broken.push(`non-finite field ${m[0]} in ${text.slice(0, 120)}`);
      }
      sent++;
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
      if (r.status !== 200) {
        const k = String(r.body.code);
        byCode.set(k, (byCode.get(k) ?? 0) + 1);
      }
    };
    const N = 3000;
    let started = 0;
    const workers = Array.from({ length: 6 }, async () => {
      while (started++ < N) await one();
    });
    await Promise.all(workers);
    expect(broken).toEqual([]);
    expect(checks).toBeGreaterThan(50); // fills happened, and each was checked
    expect(srv.counters().internalErrors).toBe(0);
    // Out-of-bounds numbers were named by code: illegal characters, max price/qty, notional.
    for (const code of ['-1100', '-4002', '-4005', '-2027', '-4028']) expect(byCode.get(code) ?? 0, code).toBeGreaterThan(0);
    const codes = Object.fromEntries([...byCode].sort((a, b) => b[1] - a[1]));
    console.log(
      `serve fuzz: ${sent} requests, ${accepted} placements accepted, rejections by code ${JSON.stringify(codes)}, invariant checks ${checks} (one per fill), max |wallet| ${maxWallet.toFixed(2)} USDC`,
    );
    expect(maxWallet).toBeLessThan(1e6);
  }, 120_000);
});

describe('serve websocket limits (Binance: 1024 streams, 10 messages/s per connection) and the placement log', () => {
  let srv: PaperServer;
  let acct: TestAccount;
  beforeAll(async () => {
    const f = fixture();
    acct = f.accounts.find((a) => a.id === 'mm-l1-buy-05bps')!;
    srv = await startPaperServer({ scenario: f.scenario, keys: f.keysPath, port: 0, placementLimit: 3 });
    await new Promise((r) => setTimeout(r, 150));
  });
  afterAll(async () => {
    await srv.close();
  });

  const open = (p: string): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`${srv.wsUrl}${p}`);
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  const reply = (ws: WebSocket): Promise<any> => new Promise((r) => ws.once('message', (d) => r(JSON.parse(String(d)))));

  it('refuses more than 1024 streams, on the URL or by SUBSCRIBE, and adds none', async () => {
    const many = Array.from({ length: 1025 }, (_, i) => `s${i}@x`);
    await expect(open(`/public/stream?streams=${many.join('/')}`)).rejects.toThrow('HTTP 400');
    expect(srv.counters().wsRefused).toBe(1);
    const ws = await open('/public/ws');
    ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: many.slice(0, 1000), id: 1 }));
    expect(await reply(ws)).toEqual({ result: null, id: 1 });
    ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: many.slice(1000), id: 2 }));
    expect((await reply(ws)).error).toEqual({ code: 2, msg: 'Invalid request: at most 1024 streams per connection' });
    ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 3 }));
    expect((await reply(ws)).result).toHaveLength(1000);
    ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['x'.repeat(201)], id: 4 }));
    expect((await reply(ws)).error.code).toBe(2);
    ws.close();
  });

  it('closes a connection that sends an 11th message within a second (1008 Too many requests)', async () => {
    const ws = await open('/public/ws');
    const closed = new Promise<[number, string]>((r) => ws.once('close', (c, why) => r([c, String(why)])));
    let answers = 0;
    ws.on('message', () => answers++);
    for (let i = 0; i < 12; i++) ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: i }));
    expect(await closed).toEqual([1008, 'Too many requests']);
    expect(answers).toBe(10);
    expect(srv.counters().wsRateClosed).toBe(1);
  });

  it('keeps a bounded log of accepted placements: the latest ones, the oldest dropped and counted', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await signed(
        srv.url,
        acct,
        'POST',
        '/fapi/v1/order',
        { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.0005', price: `${10_000 + i}.0` },
        srv.clock.now(),
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      ids.push(r.body.orderId);
    }
    expect(srv.placements.length).toBeGreaterThanOrEqual(3);
    expect(srv.placements.length).toBeLessThan(6);
    expect(srv.placements.map((p) => p.orderId)).toEqual(ids.slice(-srv.placements.length));
    expect(srv.counters().placementsDropped).toBe(10 - srv.placements.length);
  });
});
