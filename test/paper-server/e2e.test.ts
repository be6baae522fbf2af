/**
 * `live` (the programmatic runLive composition) against `serve` on loopback, both on the server's
 * accelerated clock: the fleet quotes, takers fill ladders, caps hold, and after SIGTERM the server
 * holds zero open orders for the fleet. The second run injects faults (5xx bursts, accepted-but-5xx,
 * timeouts, websocket drops) and checks that no order is duplicated.
 */
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLive } from '../../src/live/run-live.js';
import { startPaperServer, type PaperServer, type ServeFaults } from '../../src/paper-server/server.js';
import { fixture } from './helpers.js';

const SPEED = 8;

interface Run {
  srv: PaperServer;
  code: number;
  lines: Array<Record<string, any>>;
  openAtStop: number;
}

async function rehearse(serverSeconds: number, faults?: Partial<ServeFaults>): Promise<Run> {
  const f = fixture();
  const cfg = path.join(f.dir, 'live.yaml');
  writeFileSync(cfg, 'live:\n  status_interval_s: 30\n  recv_window_ms: 3000\n  timeout_ms: 4000\n  drain_timeout_s: 20\n');
  const srv = await startPaperServer({ scenario: f.scenario, keys: f.keysPath, port: 0, speed: SPEED, faults });
  const lines: Array<Record<string, any>> = [];
  const signals = new EventEmitter();
  let openAtStop = -1;
  try {
    const done = runLive(
      { keysPath: f.keysPath, configPath: cfg, baseUrl: srv.url, feedUrl: srv.wsUrl },
      {
        timers: srv.clock.timers(),
        write: (l) => {
          for (const x of l.split('\n')) if (x) lines.push(JSON.parse(x));
        },
        signals: signals as never,
        exit: () => {},
        seed: 'serve-e2e',
        onRunning: () => {
          setTimeout(
            () => {
              openAtStop = srv.openOrderCount();
              signals.emit('SIGTERM');
            },
            srv.clock.wallMs(serverSeconds * 1000),
          );
        },
      },
    );
    const code = await done;
    return { srv, code, lines, openAtStop };
  } catch (e) {
    await srv.close();
    throw e;
  }
}

const of = (lines: Run['lines'], type: string): Run['lines'] => lines.filter((l) => l.type === type);

describe('live against serve (loopback, accelerated)', () => {
  it('quotes, fills ladders from takers, respects caps, and leaves zero open orders after SIGTERM', async () => {
    const { srv, code, lines, openAtStop } = await rehearse(100);
    try {
      const rep = srv.report();
      expect(code, JSON.stringify(of(lines, 'startup_failed'))).toBe(0);
      expect(openAtStop).toBeGreaterThanOrEqual(20); // the fleet was quoting
      expect(srv.openOrderCount()).toBe(0);
      const fills = (l: 'L1' | 'taker') => Object.values(rep.funnel).reduce((n, f) => n + f[l].fills, 0);
      expect(fills('taker')).toBeGreaterThan(0);
      expect(fills('L1')).toBeGreaterThan(0);
      expect(rep.cap.pairs_beyond).toEqual([]);
      expect(srv.counters().internalErrors).toBe(0);
      const cids = srv.placements.map((p) => `${p.account}/${p.clientOrderId}`);
      expect(new Set(cids).size).toBe(cids.length);
      console.log(
        `e2e: placements ${srv.placements.length}, funnel ${JSON.stringify(rep.funnel_share)}, rejections ${JSON.stringify(rep.rejections_by_code)}`,
      );
    } finally {
      await srv.close();
    }
  }, 40_000);

  it('under 5xx bursts, accepted-but-5xx, timeouts and socket drops: no duplicate orders, zero open after stop', async () => {
    const { srv, code, lines } = await rehearse(110, {
      outages: [
        { kind: '5xx', from_s: 45, to_s: 51 },
        { kind: 'timeout', from_s: 58, to_s: 60 },
      ],
      order_outages: [{ kind: '5xx_after_apply', from_s: 5, to_s: 40 }],
      ws_drop_every_s: 30,
    });
    try {
      const c = srv.counters();
      expect(c.fault5xx).toBeGreaterThan(0);
      expect(c.fault5xxAfterApply).toBeGreaterThan(0);
      expect(c.wsDrops).toBeGreaterThan(0);
      expect(c.internalErrors).toBe(0);
      // No duplicates: every accepted placement carries a client order id never accepted before.
      const cids = srv.placements.map((p) => `${p.account}/${p.clientOrderId}`);
      expect(new Set(cids).size).toBe(cids.length);
      // Accepted-but-5xx placements were resolved by lookup, not re-sent: the client knows each one.
      const applied = srv.placements.filter((p) => p.answered === '5xx_after_apply');
      const clientPlaced = new Set(of(lines, 'order_placed').map((l) => `${l.account}/${l.orderId}`));
      const unknownToClient = applied.filter((p) => !clientPlaced.has(`${p.account}/${p.orderId}`));
      console.log(
        `faults e2e: placements ${srv.placements.length}, accepted-but-5xx ${applied.length} (unknown to client ${unknownToClient.length}), counters ${JSON.stringify(c)}, breaker opens ${of(lines, 'breaker_transition').filter((l) => l.to === 'open').length}, feed reconnects ${of(lines, 'feed_connected').length}`,
      );
      expect(applied.length).toBeGreaterThan(0);
      expect(unknownToClient).toEqual([]);
      expect(of(lines, 'feed_connected').length).toBeGreaterThan(1);
      // Breakers opened on the bursts and closed again afterwards.
      const bt = of(lines, 'breaker_transition');
      expect(bt.some((l) => l.to === 'open')).toBe(true);
      expect(bt.some((l) => l.to === 'closed')).toBe(true);
      expect(srv.openOrderCount()).toBe(0);
      expect(code).toBe(0);
    } finally {
      await srv.close();
    }
  }, 45_000);
});
