import { EventEmitter } from 'node:events';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keysCheckMain, liveMain, recordMain } from '../../src/cli/live-commands.js';
import type { BinanceFeed } from '../../src/live/binance-feed.js';
import { MockRocky, until } from './helpers.js';

describe('record', () => {
  it('writes the stream to daily CSVs and stops cleanly on SIGINT', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.on('listening', () => r()));
    const paths: string[] = [];
    wss.on('connection', (ws, req) => {
      paths.push(req.url ?? '');
      const E = Date.UTC(2026, 4, 2, 12);
      for (let u = 1; u <= 3; u++) {
        ws.send(
          JSON.stringify({
            stream: 'btcusdt@bookTicker',
            data: { e: 'bookTicker', u, E: E + u, T: E + u - 1, s: 'BTCUSDT', b: '64000.1', B: '1', a: '64000.2', A: '2' },
          }),
        );
      }
      ws.send(
        JSON.stringify({
          stream: 'btcusdt@bookTicker',
          data: { e: 'bookTicker', u: 2, E, T: E, s: 'BTCUSDT', b: '1', B: '1', a: '2', A: '2' },
        }),
      );
    });
    const out = mkdtempSync(path.join(tmpdir(), 'rec-cli-'));
    const signals = new EventEmitter();
    let feed: BinanceFeed | undefined;
    const lines: string[] = [];
    const done = recordMain(
      { symbols: 'btcusdt,ETHUSDT', out, feedUrl: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}` },
      { signals: signals as never, write: (l) => lines.push(l), onStarted: (f) => (feed = f) },
    );
    await until(() => feed !== undefined && feed.lastUpdateId('BTCUSDT') === 3);
    signals.emit('SIGINT');
    expect(await done).toBe(0);
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
    expect(paths[0]).toBe('/public/stream?streams=btcusdt@bookTicker/ethusdt@bookTicker');
    expect(readdirSync(out)).toEqual(['BTCUSDT-bookTicker-2026-05-02.csv']);
    const rows = readFileSync(path.join(out, 'BTCUSDT-bookTicker-2026-05-02.csv'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(4); // header + 3, the out-of-order update dropped
    // The public-data columns, then the local receipt time (received_at, wall ms).
    const [head, recv] = [rows[1]!.slice(0, rows[1]!.lastIndexOf(',')), Number(rows[1]!.split(',')[7])];
    expect(head).toBe(`1,64000.1,1,64000.2,2,${Date.UTC(2026, 4, 2, 12)},${Date.UTC(2026, 4, 2, 12) + 1}`);
    expect(Number.isSafeInteger(recv) && recv > Date.UTC(2024, 0, 1)).toBe(true);
    expect(lines.some((l) => l.includes('"record_stopped"'))).toBe(true);
  });
});

describe('keys check', () => {
  let mock: MockRocky;
  let file: string;
  let secrets: string[];
  beforeEach(async () => {
    mock = await new MockRocky().start();
    const accounts = mock.addRoster();
    secrets = accounts.flatMap((a) => [a.key, a.secret]);
    file = path.join(mkdtempSync(path.join(tmpdir(), 'kc-')), '.keys.json');
    writeFileSync(file, JSON.stringify({ base_url: mock.url, accounts }));
    chmodSync(file, 0o600);
  });
  afterEach(() => mock.stop());

  it('offline: OK with the role split; invalid file exits 2 listing problems', async () => {
    const out: string[] = [];
    expect(await keysCheckMain({ keys: file, online: false }, (s) => out.push(s))).toBe(0);
    expect(out.join('')).toMatch(/OK, 30 accounts \(24 ladders, 1 anchor, 5 takers\)/);
    expect(mock.requests).toHaveLength(0);
    writeFileSync(
      file,
      JSON.stringify({ base_url: 'ftp://x', accounts: [{ id: 'mm-anchor', key: 'a'.repeat(64), secret: '' }] }),
    );
    out.length = 0;
    expect(await keysCheckMain({ keys: file, online: false }, (s) => out.push(s))).toBe(2);
    expect(out.join('')).toMatch(/base_url \(line 1\): expected an http\(s\) URL/);
    expect(out.join('')).toMatch(/accounts\[0\]\.secret \(line 1\): expected a non-empty string \(account mm-anchor\)/);
  });

  it('online: reads every balance with signed requests; a wrong secret is reported without leaking it', async () => {
    const out: string[] = [];
    expect(await keysCheckMain({ keys: file, online: true }, (s) => out.push(s))).toBe(0);
    expect(mock.count('GET', '/fapi/v2/balance')).toBe(30);
    expect(mock.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
    // Break one secret.
    mock.accounts.forEach((v) => {
      if (v.id === 'mm-taker-3') v.secret = 'f'.repeat(64);
    });
    out.length = 0;
    expect(await keysCheckMain({ keys: file, online: true }, (s) => out.push(s))).toBe(1);
    expect(out.join('')).toMatch(/mm-taker-3: FAILED -1022/);
    for (const s of secrets) expect(out.join('').includes(s)).toBe(false);
  });

  it('live rejects bad flags with exit 2 before touching anything', async () => {
    expect(
      await liveMain({
        keys: file,
        dryRun: true,
        keepOrders: false,
        metricsHost: '127.0.0.1',
        adoptOrders: false,
        metricsPort: 70000,
      }),
    ).toBe(2);
    expect(
      await liveMain({
        keys: file,
        dryRun: true,
        keepOrders: false,
        metricsHost: '127.0.0.1',
        adoptOrders: false,
        feedUrl: 'http://x',
      }),
    ).toBe(2);
    expect(mock.requests).toHaveLength(0);
  });
});
