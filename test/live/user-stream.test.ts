/**
 * live's user-data stream against serve on loopback (both on serve's accelerated clock): with the
 * stream, every fill the venue made for live's accounts reaches live as a `fill` line with its
 * price, quantity, fee and maker flag (checked against serve's userTrades); without it (serve
 * started with no listenKey routes), live warns once per account, falls back to polling, and
 * still quotes and fills.
 */
import { EventEmitter } from 'node:events';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLive } from '../../src/live/run-live.js';
import { startPaperServer, type PaperServer } from '../../src/paper-server/server.js';
import { fixture, signed, type TestAccount } from '../paper-server/helpers.js';

const SPEED = 8;
const IDS = ['mm-l1-buy-05bps', 'mm-l1-sell-05bps', 'mm-anchor', 'mm-taker-1', 'mm-taker-2'];

async function rehearse(userStream: boolean, serverSeconds: number) {
  const f = fixture();
  const accounts = f.accounts.filter((a) => IDS.includes(a.id));
  const keys = JSON.parse(readFileSync(f.keysPath, 'utf8')) as { accounts: TestAccount[] };
  keys.accounts = accounts;
  writeFileSync(f.keysPath, JSON.stringify(keys));
  chmodSync(f.keysPath, 0o600);
  const cfg = path.join(f.dir, 'live.yaml');
  writeFileSync(cfg, 'live:\n  status_interval_s: 30\n  recv_window_ms: 3000\n  timeout_ms: 4000\n  drain_timeout_s: 20\n');
  const srv = await startPaperServer({ scenario: f.scenario, keys: f.keysPath, port: 0, speed: SPEED, userStream });
  const lines: Array<Record<string, any>> = [];
  const signals = new EventEmitter();
  const code = await runLive(
    { keysPath: f.keysPath, configPath: cfg, baseUrl: srv.url, feedUrl: srv.wsUrl },
    {
      timers: srv.clock.timers(),
      write: (l) => {
        for (const x of l.split('\n')) if (x) lines.push(JSON.parse(x));
      },
      signals: signals as never,
      exit: () => {},
      seed: 'user-stream',
      onRunning: () => {
        setTimeout(() => signals.emit('SIGTERM'), srv.clock.wallMs(serverSeconds * 1000));
      },
    },
  );
  return { srv, code, lines, accounts };
}

const fillsOf = (srv: PaperServer): number => Object.values(srv.report().funnel).reduce((n, f) => n + f.taker.fills, 0);

describe('live consumes the user-data stream (serve on loopback)', () => {
  it('sees every fill of its accounts as a fill line with price, quantity, fee and maker flag', async () => {
    const { srv, code, lines, accounts } = await rehearse(true, 80);
    try {
      expect(code).toBe(0);
      expect(lines.filter((l) => l.type === 'user_stream_connected')).toHaveLength(accounts.length);
      const fills = lines.filter((l) => l.type === 'fill' && l.source === 'user_stream');
      expect(fillsOf(srv)).toBeGreaterThan(0);
      // Every fill serve recorded for these accounts, and no other, reached live with the same fields.
      const now = srv.clock.now();
      const want: string[] = [];
      for (const a of accounts) {
        for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
          const r = await signed(srv.url, a, 'GET', '/fapi/v1/userTrades', { symbol, limit: 1000 }, now);
          for (const t of r.body)
            want.push(`${a.id}/${t.id}/${Number(t.price)}/${Number(t.qty)}/${Number(t.commission)}/${t.maker}`);
        }
      }
      const got = fills.map((l) => `${l.account}/${l.tradeId}/${l.price}/${l.qty}/${l.fee}/${l.maker}`);
      expect(got.sort()).toEqual(want.sort());
      expect(fills.some((l) => l.maker === true) && fills.some((l) => l.maker === false)).toBe(true);
      expect(fills.every((l) => l.feeAsset === 'USDT' && l.fee > 0)).toBe(true);
      console.log(
        `user stream: ${fills.length} fills seen as fills, fees ${fills.reduce((s, l) => s + l.fee, 0).toFixed(6)} USDT`,
      );
    } finally {
      await srv.close();
    }
  }, 60_000);

  it('without a user-data stream, warns once per account and keeps working by polling', async () => {
    const { srv, code, lines, accounts } = await rehearse(false, 60);
    try {
      expect(code).toBe(0);
      const warned = lines.filter((l) => l.type === 'user_stream_unavailable');
      expect(warned.map((l) => l.account).sort()).toEqual(accounts.map((a) => a.id).sort());
      expect(warned.every((l) => l.fallback === 'polling')).toBe(true);
      expect(lines.filter((l) => l.type === 'fill')).toEqual([]);
      expect(fillsOf(srv)).toBeGreaterThan(0); // the fleet still quotes and its takers still fill
      expect(srv.openOrderCount()).toBe(0);
    } finally {
      await srv.close();
    }
  }, 60_000);
});
