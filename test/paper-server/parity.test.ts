/**
 * Sim-vs-serve funnel parity (docs/paper-server.md). Slow (about a minute of wall time), so it runs
 * only with PARITY=1: `PARITY=1 npx vitest run test/paper-server/parity.test.ts`.
 */
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/world/run-sim.js';
import { runLive } from '../../src/live/run-live.js';
import { startPaperServer } from '../../src/paper-server/server.js';
import { loadScenario } from '../../src/scenario/scenario.js';
import { fixture } from './helpers.js';

const SECONDS = Number(process.env.PARITY_SECONDS ?? 900);
const SPEED = Number(process.env.PARITY_SPEED ?? 15);

describe.runIf(process.env.PARITY === '1')('sim vs serve funnel parity', () => {
  it('maker funnel shares agree', async () => {
    const f = fixture({ duration: `${SECONDS}s` });
    const sim = (await runScenario(loadScenario(f.scenario))).report;
    const cfg = path.join(f.dir, 'live.yaml');
    writeFileSync(cfg, 'live:\n  status_interval_s: 60\n  recv_window_ms: 60000\n  timeout_ms: 3000\n  drain_timeout_s: 20\n');
    const srv = await startPaperServer({ scenario: f.scenario, keys: f.keysPath, port: 0, speed: SPEED });
    const signals = new EventEmitter();
    await runLive(
      { keysPath: f.keysPath, configPath: cfg, baseUrl: srv.url, feedUrl: srv.wsUrl },
      {
        timers: srv.clock.timers(),
        write: () => {},
        signals: signals as never,
        exit: () => {},
        seed: 'parity',
        onRunning: () => void setTimeout(() => signals.emit('SIGTERM'), srv.clock.wallMs(SECONDS * 1000)),
      },
    );
    const serve = srv.report();
    await srv.close();
    let worst = 0;
    for (const sym of Object.keys(sim.funnel_share)) {
      for (const l of ['anchor', 'L1', 'L2', 'L3'] as const) {
        worst = Math.max(worst, Math.abs(sim.funnel_share[sym]![l] - serve.funnel_share[sym]![l]));
      }
    }
    console.log(
      JSON.stringify({
        seconds: SECONDS,
        speed: SPEED,
        sim: { share: sim.funnel_share, fills: sim.funnel },
        serve: { share: serve.funnel_share, fills: serve.funnel },
        worst_abs_share_diff: worst,
      }),
    );
    expect(worst).toBeLessThan(0.05);
  }, 300_000);
});
