/**
 * One sim-vs-serve parity run (docs/paper-server.md): the test scenario for `seconds` in `sim`,
 * and the same scenario in `serve` at `speed` with `live` (default strategy config) on the server's
 * clock for the same server time. Compares what the fleet's strategy makes of the venue:
 * - funnel shares: each maker layer's share of maker fills, per symbol;
 * - cap behaviour: per layer, the mean share of samples at which the cap gate would refuse the
 *   next order (time at cap, %), and that no pair ends beyond cap + one order. The ladder layers
 *   (8 accounts × 2 symbols each) are compared; the anchor's figure is one account's random walk
 *   per symbol, so it is reported, not compared.
 */
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Report } from '../../src/report/report.js';
import { runLive } from '../../src/live/run-live.js';
import { startPaperServer } from '../../src/paper-server/server.js';
import { loadScenario } from '../../src/scenario/scenario.js';
import { runScenario } from '../../src/world/run-sim.js';
import { fixture } from './helpers.js';

const MAKERS = ['anchor', 'L1', 'L2', 'L3'] as const;
type Layer = (typeof MAKERS)[number];

export interface ParityResult {
  seconds: number;
  speed: number;
  /** Wall time of the serve + live half, ms. */
  serveWallMs: number;
  sim: Report;
  serve: Report;
  /** Largest |sim − serve| funnel share over symbols × maker layers. */
  worstShareDiff: number;
  /** Largest |sim − serve| share of maker fills over both symbols together, per maker layer. */
  worstPooledShareDiff: number;
  /** Per symbol × layer: [sim, serve] funnel share. */
  shares: Record<string, Record<Layer, [number, number]>>;
  /** Per layer: [sim, serve] mean time at cap (%), over the layer's accounts × symbols. */
  timeAtCap: Record<Layer, [number, number]>;
  /** Largest |sim − serve| mean time at cap of a ladder layer (L1, L2, L3), percentage points. */
  worstCapDiff: number;
  /** What live itself logged: breaker opens, iteration errors by code, stale skips. */
  live: { breakerOpens: number; errors: Record<string, number>; staleSkips: number };
}

/** Each maker layer's share of the maker fills of all symbols together. */
function pooledShares(r: Report): Record<Layer, number> {
  const n = {} as Record<Layer, number>;
  for (const l of MAKERS) n[l] = Object.values(r.funnel).reduce((k, f) => k + f[l].maker_fills, 0);
  const total = MAKERS.reduce((k, l) => k + n[l], 0);
  for (const l of MAKERS) n[l] = total ? n[l] / total : 0;
  return n;
}

function timeAtCapByLayer(r: Report, layerOf: Map<string, string>): Record<Layer, number> {
  const out = {} as Record<Layer, number>;
  for (const l of MAKERS) {
    const xs: number[] = [];
    for (const [acct, perSym] of Object.entries(r.accounts)) {
      if (layerOf.get(acct) !== l) continue;
      for (const p of Object.values(perSym)) xs.push(p.gated_pct);
    }
    out[l] = xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
  }
  return out;
}

export async function parityRun(seconds: number, speed: number, liveSeed = 'parity'): Promise<ParityResult> {
  const f = fixture({ duration: `${seconds}s` });
  const sc = loadScenario(f.scenario);
  const sim = (await runScenario(sc)).report;
  const cfg = path.join(f.dir, 'live.yaml');
  // The request timeout is the sim scenario's (10 s of server time); recvWindow is wide because
  // at speed > 1 a busy event loop delays a request by many server milliseconds.
  writeFileSync(cfg, 'live:\n  status_interval_s: 60\n  recv_window_ms: 9000\n  timeout_ms: 10000\n  drain_timeout_s: 20\n');
  const t0 = performance.now();
  const srv = await startPaperServer({ scenario: f.scenario, keys: f.keysPath, port: 0, speed });
  const signals = new EventEmitter();
  const live: ParityResult['live'] = { breakerOpens: 0, errors: {}, staleSkips: 0 };
  const note = (line: string): void => {
    for (const l of line.split('\n')) {
      if (!l) continue;
      const e = JSON.parse(l) as { type?: string; to?: string; code?: number };
      if (e.type === 'breaker_transition' && e.to === 'open') live.breakerOpens++;
      if (e.type === 'stale_skip') live.staleSkips++;
      if (e.type === 'iteration_error') live.errors[String(e.code)] = (live.errors[String(e.code)] ?? 0) + 1;
    }
  };
  let serve: Report;
  try {
    const code = await runLive(
      { keysPath: f.keysPath, configPath: cfg, baseUrl: srv.url, feedUrl: srv.wsUrl },
      {
        timers: srv.clock.timers(),
        write: note,
        signals: signals as never,
        exit: () => {},
        seed: liveSeed,
        onRunning: () => void setTimeout(() => signals.emit('SIGTERM'), srv.clock.wallMs(seconds * 1000)),
      },
    );
    if (code !== 0) throw new Error(`live exited ${code}`);
    serve = srv.report();
  } finally {
    await srv.close();
  }
  const serveWallMs = performance.now() - t0;
  const shares: ParityResult['shares'] = {};
  let worstShareDiff = 0;
  for (const sym of Object.keys(sim.funnel_share)) {
    shares[sym] = {} as Record<Layer, [number, number]>;
    for (const l of MAKERS) {
      const pair: [number, number] = [sim.funnel_share[sym]![l], serve.funnel_share[sym]![l]];
      shares[sym]![l] = pair;
      worstShareDiff = Math.max(worstShareDiff, Math.abs(pair[0] - pair[1]));
    }
  }
  const ps = pooledShares(sim);
  const pv = pooledShares(serve);
  const worstPooledShareDiff = Math.max(...MAKERS.map((l) => Math.abs(ps[l] - pv[l])));
  const layerOf = new Map(sc.roster.map((a) => [a.id, a.layer as string]));
  const a = timeAtCapByLayer(sim, layerOf);
  const b = timeAtCapByLayer(serve, layerOf);
  const timeAtCap = {} as ParityResult['timeAtCap'];
  let worstCapDiff = 0;
  for (const l of MAKERS) {
    timeAtCap[l] = [a[l], b[l]];
    if (l !== 'anchor') worstCapDiff = Math.max(worstCapDiff, Math.abs(a[l] - b[l]));
  }
  return { seconds, speed, serveWallMs, sim, serve, worstShareDiff, worstPooledShareDiff, shares, timeAtCap, worstCapDiff, live };
}

/** One line of figures for the log. */
export function parityLine(r: ParityResult): string {
  const fills = (rep: Report): string =>
    Object.entries(rep.funnel)
      .map(([s, f]) => `${s} ${f.anchor.fills}/${f.L1.fills}/${f.L2.fills}/${f.L3.fills}/${f.taker.fills}`)
      .join(' ');
  const cap = Object.entries(r.timeAtCap)
    .map(([l, [x, y]]) => `${l} ${x.toFixed(1)}/${y.toFixed(1)}`)
    .join(' ');
  return (
    `parity ${r.seconds}s @${r.speed}x: serve wall ${(r.serveWallMs / 1000).toFixed(1)} s, worst share diff ${r.worstShareDiff.toFixed(4)} (pooled ${r.worstPooledShareDiff.toFixed(4)}), ` +
    `time at cap % sim/serve ${cap} (worst ladder ${r.worstCapDiff.toFixed(1)} pp), fills a/L1/L2/L3/taker sim ${fills(r.sim)} | serve ${fills(r.serve)}, ` +
    `max notional sim ${r.sim.cap.max_abs_notional_usdc} serve ${r.serve.cap.max_abs_notional_usdc}; ` +
    `live: breaker opens ${r.live.breakerOpens}, errors ${JSON.stringify(r.live.errors)}, stale skips ${r.live.staleSkips}`
  );
}
