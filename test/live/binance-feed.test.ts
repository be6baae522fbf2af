import FakeTimers from '@sinonjs/fake-timers';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { SeededRng } from '../../src/engine/rng.js';
import { BinanceFeed, feedUrl, type FeedEvent } from '../../src/live/binance-feed.js';
import { fakeFns, spin, until } from './helpers.js';

function tick(s: string, u: number, b: number, a: number): string {
  return JSON.stringify({
    stream: `${s.toLowerCase()}@bookTicker`,
    data: { e: 'bookTicker', u, E: 1700000000000 + u, T: 1700000000000 + u, s, b: String(b), B: '1.5', a: String(a), A: '2.5' },
  });
}

describe('feedUrl', () => {
  it('defaults to the 2026 routed /public combined stream', () => {
    expect(feedUrl('wss://fstream.binance.com', ['BTCUSDT', 'ETHUSDT'])).toBe(
      'wss://fstream.binance.com/public/stream?streams=btcusdt@bookTicker/ethusdt@bookTicker',
    );
    expect(feedUrl('ws://h:1/x/stream', ['BTCUSDT'])).toBe('ws://h:1/x/stream?streams=btcusdt@bookTicker');
    expect(feedUrl('ws://h:1/stream?streams=a', ['BTCUSDT'])).toBe('ws://h:1/stream?streams=a');
  });
});

describe('BinanceFeed against a loopback ws server (fake timers)', () => {
  let wss: WebSocketServer;
  let base: string;
  let sockets: WebSocket[];
  let paths: string[];
  let fake: FakeTimers.Clock;
  let feed: BinanceFeed;
  let events: FeedEvent[];

  beforeEach(async () => {
    sockets = [];
    paths = [];
    events = [];
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    wss.on('connection', (ws, req) => {
      sockets.push(ws);
      paths.push(req.url ?? '');
    });
    await new Promise<void>((r) => wss.on('listening', () => r()));
    base = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    fake = FakeTimers.createClock(1_700_000_000_000);
    feed = new BinanceFeed({
      url: base,
      symbols: ['BTCUSDT', 'ETHUSDT'],
      timers: fakeFns(fake),
      rng: new SeededRng('feed-test'),
      initialBackoffMs: 500,
      maxBackoffMs: 30_000,
      onEvent: (e) => events.push(e),
    });
  });

  afterEach(async () => {
    feed.close();
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  });

  const live = (): WebSocket => sockets.filter((s) => s.readyState === s.OPEN).at(-1)!;

  it('subscribes on the routed combined path and computes mid; ageMs grows while nothing arrives', async () => {
    expect(feed.mid('BTCUSDT')).toBeUndefined();
    expect(feed.ageMs('BTCUSDT')).toBe(Infinity);
    feed.start();
    await until(() => sockets.length === 1 && feed.connected);
    expect(paths[0]).toBe('/public/stream?streams=btcusdt@bookTicker/ethusdt@bookTicker');
    live().send(tick('BTCUSDT', 10, 64000, 64000.2));
    await until(() => feed.mid('BTCUSDT') !== undefined);
    expect(feed.mid('BTCUSDT')).toBeCloseTo(64000.1, 6);
    expect(feed.ageMs('BTCUSDT')).toBe(0);
    fake.tick(6_000);
    expect(feed.ageMs('BTCUSDT')).toBe(6_000); // > max_feed_age_s (5 s): loops skip
    live().send(tick('BTCUSDT', 11, 64001, 64001.2));
    await until(() => feed.lastUpdateId('BTCUSDT') === 11);
    expect(feed.ageMs('BTCUSDT')).toBe(0);
  });

  it('drops out-of-order and duplicate updates by update id', async () => {
    feed.start();
    await until(() => feed.connected);
    live().send(tick('BTCUSDT', 100, 64000, 64001));
    live().send(tick('BTCUSDT', 99, 1, 2)); // older
    live().send(tick('BTCUSDT', 100, 1, 2)); // duplicate
    live().send(tick('ETHUSDT', 5, 3000, 3000.1)); // other symbol, own sequence
    await until(() => feed.lastUpdateId('ETHUSDT') === 5);
    expect(feed.mid('BTCUSDT')).toBe(64000.5);
    expect(feed.lastUpdateId('BTCUSDT')).toBe(100);
    expect(feed.stats.droppedOutOfOrder).toBe(2);
    expect(events.some((e) => e.type === 'feed_dropped_out_of_order')).toBe(true);
  });

  it('reconnects with back-off after the server drops the socket, and data resumes', async () => {
    feed.start();
    await until(() => feed.connected);
    live().send(tick('BTCUSDT', 1, 100, 101));
    await until(() => feed.mid('BTCUSDT') !== undefined);
    sockets[0]!.terminate();
    await until(() => events.some((e) => e.type === 'feed_reconnect_scheduled'));
    const sched = events.find((e) => e.type === 'feed_reconnect_scheduled') as { delayMs: number };
    expect(sched.delayMs).toBeGreaterThanOrEqual(250);
    expect(sched.delayMs).toBeLessThan(750);
    await spin();
    expect(sockets.length).toBe(1); // nothing before the back-off elapses
    fake.tick(sched.delayMs);
    await until(() => sockets.length === 2 && feed.connected);
    live().send(tick('BTCUSDT', 2, 200, 201));
    await until(() => feed.lastUpdateId('BTCUSDT') === 2);
    expect(feed.mid('BTCUSDT')).toBe(200.5);
  });

  it('back-off grows while the server keeps refusing, capped at the maximum', async () => {
    // Close every new connection at once.
    wss.on('connection', (ws) => ws.close(1011, 'go away'));
    feed.start();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      await until(() => events.filter((e) => e.type === 'feed_reconnect_scheduled').length > i);
      const d = (events.filter((e) => e.type === 'feed_reconnect_scheduled')[i] as { delayMs: number }).delayMs;
      delays.push(d);
      fake.tick(d);
    }
    expect(delays[3]!).toBeGreaterThan(delays[0]!);
    expect(Math.max(...delays)).toBeLessThanOrEqual(30_000);
    expect(delays[7]!).toBeGreaterThanOrEqual(2_000);
  });

  it('rolls over to a new connection before 24 h without a gap', async () => {
    feed.start();
    await until(() => feed.connected);
    fake.tick(23.5 * 3600_000);
    await until(() => sockets.length === 2 && sockets[1]!.readyState === sockets[1]!.OPEN);
    await until(() => sockets[0]!.readyState === sockets[0]!.CLOSED);
    expect(events.filter((e) => e.type === 'feed_rollover')).toHaveLength(1);
    expect(events.some((e) => e.type === 'feed_reconnect_scheduled')).toBe(false);
    live().send(tick('ETHUSDT', 7, 3000, 3001));
    await until(() => feed.lastUpdateId('ETHUSDT') === 7);
  });

  it('a silent connection is declared dead and replaced', async () => {
    feed.start();
    await until(() => feed.connected);
    // Server stops answering pings: stop the socket from auto-ponging by pausing it.
    sockets[0]!.pause();
    for (let i = 0; i < 4; i++) {
      fake.tick(30_000);
      await spin(5);
    }
    await until(() => events.some((e) => e.type === 'feed_dead'));
    await until(() => events.some((e) => e.type === 'feed_reconnect_scheduled'));
  });
});
