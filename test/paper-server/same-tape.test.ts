/**
 * One world builder: the same scenario and seed give the same price path in `sim` and `serve`.
 * The sim side is every tick the sim run's world read; the serve side is what serve's websocket
 * delivered. The pump sends at most the latest tick per 25 ms, so serve's ticks must be a
 * subsequence of the sim's, from near the start. (Before the world builder, serve seeded its tape
 * with another stream: 1 of the first 600 bids agreed.)
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadScenario } from '../../src/scenario/scenario.js';
import { startPaperServer } from '../../src/paper-server/server.js';
import { runScenario } from '../../src/world/run-sim.js';
import { fixture } from './helpers.js';

const N = 40;

/** The first `n` BTCUSDT bookTickers (bid/ask as sent) from a serve websocket. */
function firstTicks(url: string, n: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const got: string[] = [];
    const ws = new WebSocket(`${url}/public/ws/btcusdt@bookTicker`);
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { b: string; a: string };
      got.push(`${m.b}/${m.a}`);
      if (got.length === n) {
        ws.close();
        resolve(got);
      }
    });
    ws.on('error', reject);
  });
}

describe('sim and serve play the same tape', () => {
  it(`serve's first ${N} websocket ticks are, in order, ticks of the sim's price path`, async () => {
    const f = fixture({ duration: '60s' });
    const sim: string[] = [];
    await runScenario(loadScenario(f.scenario), {
      beforeStart: (w) => w.tapes.get('BTCUSDT')!.onTick((t) => void sim.push(`${t.bid.toFixed(1)}/${t.ask.toFixed(1)}`)),
    });
    const srv = await startPaperServer({ scenario: f.scenario, keys: f.keysPath, port: 0, speed: 4 });
    let served: string[];
    try {
      served = await firstTicks(srv.wsUrl, N);
    } finally {
      await srv.close();
    }
    expect(sim.length).toBeGreaterThan(500); // 60 s at 10 Hz
    let i = 0;
    const at: number[] = [];
    for (const s of served) {
      while (i < sim.length && sim[i] !== s) i++;
      expect(i, `serve tick ${s} (#${at.length}) not found in the sim's path after #${at.at(-1) ?? -1}`).toBeLessThan(sim.length);
      at.push(i++);
    }
    // The websocket connected within a few seconds of the server's start.
    expect(at[0]).toBeLessThan(100);
  }, 30_000);
});
