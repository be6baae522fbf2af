import FakeTimers from '@sinonjs/fake-timers';
import { EventEmitter } from 'node:events';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { runLive, type LiveHandle } from '../../src/live/run-live.js';
import { readLatencyLog } from '../../src/market-data/latency-log.js';
import { MockRocky, fakeFns, orderRow, spin, until } from './helpers.js';

let inFlight: () => number = () => 0;

/**
 * Spin real I/O until no REST request is in flight and the mock has seen no new request for
 * `stable` event-loop turns. Fake time does not move meanwhile, so the loops can only be waiting
 * on their (fake) sleeps: the system is quiescent.
 */
async function quiesce(mock: MockRocky, stable = 60): Promise<void> {
  let n = -1;
  let same = 0;
  for (let i = 0; i < 100_000 && same < stable; i++) {
    await new Promise((r) => setImmediate(r));
    if (mock.requests.length === n && inFlight() === 0) same++;
    else {
      n = mock.requests.length;
      same = 0;
    }
  }
}

describe('live composition against a loopback Rocky server and feed (fake timers)', () => {
  let mock: MockRocky;
  let wss: WebSocketServer;
  let feedBase: string;
  let sockets: WebSocket[];
  let fake: FakeTimers.Clock;
  let lines: string[];
  let dir: string;
  let keysPath: string;
  let secrets: string[];
  let u = 1;

  const sendTicks = (btc = 80_000, eth = 3_000): void => {
    for (const s of sockets) {
      if (s.readyState !== s.OPEN) continue;
      for (const [sym, mid] of [
        ['BTCUSDT', btc],
        ['ETHUSDT', eth],
      ] as const) {
        const t = fake.now;
        s.send(
          JSON.stringify({
            stream: `${sym.toLowerCase()}@bookTicker`,
            data: { e: 'bookTicker', u: u++, E: t, T: t, s: sym, b: String(mid - 0.05), B: '3', a: String(mid + 0.05), A: '4' },
          }),
        );
      }
    }
  };

  /** Advance fake time by `ms` in steps, keeping the feed fresh when `fresh`. */
  const advance = async (ms: number, fresh = true, step = 250): Promise<void> => {
    for (let t = 0; t < ms; t += step) {
      if (fresh) sendTicks();
      await spin(3);
      fake.tick(step);
      await quiesce(mock, 8);
    }
  };

  const events = (type: string): Array<Record<string, unknown>> =>
    lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.type === type);

  beforeEach(async () => {
    mock = await new MockRocky().start();
    const accounts = mock.addRoster();
    secrets = accounts.flatMap((a) => [a.key, a.secret]);
    dir = mkdtempSync(path.join(tmpdir(), 'rocky-live-'));
    keysPath = path.join(dir, '.keys.json');
    writeFileSync(keysPath, JSON.stringify({ base_url: mock.url, accounts }, null, 2));
    chmodSync(keysPath, 0o600);
    sockets = [];
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    wss.on('connection', (ws) => sockets.push(ws));
    await new Promise<void>((r) => wss.on('listening', () => r()));
    feedBase = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    fake = FakeTimers.createClock(Date.now());
    lines = [];
    inFlight = () => 0;
  });

  afterEach(async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
    await mock.stop();
  });

  function start(extra: { dryRun?: boolean; keepOrders?: boolean; recordLatencyPath?: string } = {}) {
    const signals = new EventEmitter();
    const exits: number[] = [];
    let handle: LiveHandle | undefined;
    const done = runLive(
      { keysPath, feedUrl: feedBase, ...extra },
      {
        timers: fakeFns(fake),
        write: (l) => lines.push(...l.split('\n').filter(Boolean)),
        signals: signals as never,
        exit: (c) => exits.push(c),
        seed: 'test-seed',
        onRunning: (h) => {
          handle = h;
          inFlight = h.inFlight;
        },
      },
    );
    return { signals, exits, done, handle: () => handle };
  }

  it('reconciles leftovers, quotes, skips while stale, and on SIGTERM cancels everything and places nothing after', async () => {
    // A previous run left an order on one account.
    mock
      .openList('mm-l1-buy-05bps', 'BTCUSDT')
      .push(orderRow({ orderId: 7, clientOrderId: 'rbOLD-0.0.1', price: '70000.0', origQty: '0.001' }));
    const run = start();
    let result: number | undefined;
    void run.done.then((c) => (result = c));
    await until(() => run.handle() !== undefined || result !== undefined, 50_000);
    expect(result).toBeUndefined();

    // Start-up: leverage set for every account and symbol, the leftover cancelled.
    expect(mock.leverage.size).toBe(60);
    expect([...mock.leverage.values()].every((l) => l === 5)).toBe(true);
    expect(events('reconcile_cancel')).toHaveLength(1);
    expect(mock.openList('mm-l1-buy-05bps', 'BTCUSDT').some((o) => o.orderId === 7)).toBe(false);

    await until(() => sockets.length === 1);
    await advance(8_000);
    const posts = mock.count('POST', '/fapi/v1/order');
    expect(posts).toBeGreaterThan(10); // the fleet is quoting
    expect(events('order_placed').length).toBeGreaterThan(10);
    const placed = events('order_placed')[0]!;
    expect(String(placed.task)).toMatch(/^(ladder|anchor|taker)\[mm-[a-z0-9-]+,(BTC|ETH)-PERP\]$/);

    // Stale feed: no ticks for 20 s → every loop skips, no exchange calls at all.
    await advance(6_000, false); // the first 5 s without ticks still count as fresh
    await quiesce(mock);
    const before = mock.requests.filter((r) => r.path !== '/fapi/v1/time').length;
    await advance(20_000, false);
    expect(events('stale_skip').length).toBeGreaterThan(0);
    expect(run.handle()!.feed.ageMs('BTCUSDT')).toBeGreaterThanOrEqual(20_000);
    expect(mock.requests.filter((r) => r.path !== '/fapi/v1/time').length).toBe(before);

    // Fresh again, quoting resumes.
    await advance(6_000);
    expect(mock.count('POST', '/fapi/v1/order')).toBeGreaterThan(posts);
    const openBefore = [...mock.open.values()].reduce((n, l) => n + l.length, 0);
    expect(openBefore).toBeGreaterThan(0);

    // Shutdown: quiesce so nothing is in flight, then signal.
    await quiesce(mock);
    const mark = mock.requests.length;
    run.signals.emit('SIGTERM');
    for (let i = 0; i < 200 && result === undefined; i++) {
      fake.tick(100);
      await quiesce(mock, 10);
    }
    expect(result).toBe(0);
    expect(run.exits).toEqual([]);
    const after = mock.requests.slice(mark);
    expect(after.filter((r) => r.method === 'POST' && r.path === '/fapi/v1/order')).toHaveLength(0);
    expect(after.filter((r) => r.method === 'DELETE' && r.path === '/fapi/v1/allOpenOrders').length).toBe(60);
    expect([...mock.open.values()].reduce((n, l) => n + l.length, 0)).toBe(0);
    expect(events('shutdown_orders_cancelled')).toHaveLength(1);

    // No key or secret anywhere in the captured output.
    const all = lines.join('\n');
    for (const s of secrets) expect(all.includes(s)).toBe(false);
  });

  it('--keep-orders leaves orders; a second signal exits at once with a non-zero code; --record-latency writes every round trip', async () => {
    const latencyFile = path.join(dir, 'logs', 'latency.csv');
    const run = start({ keepOrders: true, recordLatencyPath: latencyFile });
    let result: number | undefined;
    void run.done.then((c) => (result = c));
    await until(() => run.handle() !== undefined, 50_000);
    await until(() => sockets.length === 1);
    await advance(6_000);
    await quiesce(mock);
    const open = [...mock.open.values()].reduce((n, l) => n + l.length, 0);
    expect(open).toBeGreaterThan(0);
    run.signals.emit('SIGINT');
    run.signals.emit('SIGINT');
    expect(run.exits).toEqual([130]);
    for (let i = 0; i < 200 && result === undefined; i++) {
      fake.tick(100);
      await quiesce(mock, 10);
    }
    expect(result).toBe(0);
    expect(mock.count('DELETE', '/fapi/v1/allOpenOrders')).toBe(0);
    expect([...mock.open.values()].reduce((n, l) => n + l.length, 0)).toBe(open);
    // One row per request the mock saw, each with its account (the time sync has none), ready for the sim.
    const trips = readLatencyLog(latencyFile);
    expect(trips.length).toBe(mock.requests.length);
    expect(trips.filter((t) => t.method === 'POST' && t.path === '/fapi/v1/order').length).toBe(
      mock.count('POST', '/fapi/v1/order'),
    );
    expect(trips.find((t) => t.path === '/fapi/v1/time')?.account).toBe('');
    expect(trips.find((t) => t.path === '/fapi/v1/order')?.account).toMatch(/^mm-/);
    // This backend has no user-data stream: live's listen-key request is refused (a 4xx; then polling).
    const probes = trips.filter((t) => t.path === '/fapi/v1/listenKey');
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.every((t) => t.method === 'POST' && Number(t.status) >= 400 && Number(t.status) < 500)).toBe(true);
    expect(events('user_stream_unavailable').length).toBe(probes.length);
    expect(trips.filter((t) => t.path !== '/fapi/v1/listenKey').every((t) => t.status === 200 && t.rttMs >= 0)).toBe(true);
    expect(events('latency_recorded')[0]).toMatchObject({ rows: trips.length });
  });

  it('--dry-run reads accounts and logs the orders it would send, sending none', async () => {
    mock.openList('mm-anchor', 'ETHUSDT').push(orderRow({ orderId: 9, symbol: 'ETHUSDT', clientOrderId: 'old' }));
    const run = start({ dryRun: true });
    let result: number | undefined;
    void run.done.then((c) => (result = c));
    await until(() => run.handle() !== undefined, 50_000);
    await until(() => sockets.length === 1);
    await advance(8_000);
    expect(events('dry_run_order').length).toBeGreaterThan(10);
    expect(events('reconcile_found')).toHaveLength(1);
    expect(events('iteration_error')).toEqual([]);
    await advance(53_000, true, 1000);
    const st = events('status').at(-1)!;
    expect(st).toMatchObject({
      dryRun: true,
      feedConnected: true,
      breakers: { ladder: { closed: 24 }, anchor: { closed: 1 }, taker: { closed: 5 } },
    });
    expect(Number(st.ordersPlaced)).toBeGreaterThan(10);
    run.signals.emit('SIGTERM');
    for (let i = 0; i < 200 && result === undefined; i++) {
      fake.tick(100);
      await quiesce(mock, 10);
    }
    expect(result).toBe(0);
    const writes = mock.requests.filter((r) => r.method !== 'GET');
    expect(writes).toEqual([]);
    expect(mock.count('GET', '/fapi/v1/openOrders')).toBeGreaterThan(60);
    expect(mock.openList('mm-anchor', 'ETHUSDT')).toHaveLength(1);
    const all = lines.join('\n');
    for (const s of secrets) expect(all.includes(s)).toBe(false);
  });

  it('bad keys exit 2 naming the problem', async () => {
    writeFileSync(keysPath, JSON.stringify({ base_url: mock.url, accounts: [{ id: 'mm-anchor', key: 'k'.repeat(64) }] }));
    const run = start();
    expect(await run.done).toBe(2);
    expect(lines.join('\n')).toMatch(/accounts\[0\]\.secret \(line 1\): missing/);
  });
});
