#!/usr/bin/env node
// Sweep throughput: the same sweep (drift.yaml, N seeds × 2 taker intervals, D of virtual time each)
// with 1 worker thread, then with 2, each into a fresh folder (no cache), in this one process.
// Prints runs per minute for each, their ratio (the scaling), and checks both sweep.json are equal.
// Run via `npm run bench` (builds first). Usage: node bench/sweep.js [seeds=8] [duration=10m]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDurationMs } from '../dist/config/yaml-reader.js';
import { parseSetFlag } from '../dist/sweep/overrides.js';
import { buildPlan, runCount } from '../dist/sweep/plan.js';
import { readScenarioText } from '../dist/sweep/scenario-text.js';
import { runSweep } from '../dist/sweep/sweep.js';
import { projectVersion } from '../dist/sweep/version.js';

const seeds = Number(process.argv[2] ?? 8);
const duration = process.argv[3] ?? '10m';
const texts = [readScenarioText('scenarios/drift.yaml')];
const plan = buildPlan({
  scenarios: texts,
  sets: [parseSetFlag('strategy.taker.interval_s=20,40')],
  mode: 'grid',
  seeds: Array.from({ length: seeds }, (_, i) => i + 1),
  duration: { text: duration, ms: parseDurationMs(duration) },
  version: projectVersion(),
});
const runs = runCount(plan);

async function timed(workers) {
  const outDir = mkdtempSync(path.join(tmpdir(), `bench-sweep-${workers}-`));
  try {
    const t0 = performance.now();
    const { exec } = await runSweep({
      plan,
      texts,
      outDir,
      workers,
      worst: 0,
      worstBy: 'excess_usdc.taker',
      heatmap: 'pass_rate',
      progress: false,
      note: () => {},
    });
    const wall = (performance.now() - t0) / 1000;
    if (exec.ran !== runs) throw new Error(`expected ${runs} runs, ran ${exec.ran}`);
    return { wall, perMin: (runs * 60) / wall, json: readFileSync(path.join(outDir, 'sweep.json'), 'utf8') };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

console.log(
  `sweep  drift.yaml ${duration} x ${seeds} seeds x 2 taker intervals = ${runs} runs; ${availableParallelism()} CPUs, load ${loadavg()[0].toFixed(2)}`,
);
const one = await timed(1);
const two = await timed(2);
console.log(
  `  1 worker  ${one.wall.toFixed(1)} s, ${one.perMin.toFixed(1)} runs/min\n` +
    `  2 workers ${two.wall.toFixed(1)} s, ${two.perMin.toFixed(1)} runs/min\n` +
    `  scaling 2 vs 1: ${(two.perMin / one.perMin).toFixed(2)}x; sweep.json identical: ${one.json === two.json}; load now ${loadavg()[0].toFixed(2)}`,
);
