// Sweep throughput (was bench/sweep.js): drift.yaml, 8 seeds × 2 taker intervals, 10 min of
// virtual time each, with 1 worker thread and then with 2, each into a fresh folder (no cache).
// Wall time (the sweep's own figure: runs per minute), both sweep.json checked identical. The
// 1-worker rate is the reference; 2 workers' scaling has no target (the machine has 2 shared cores).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDurationMs } from '../../dist/config/yaml-reader.js';
import { parseSetFlag } from '../../dist/sweep/overrides.js';
import { buildPlan, runCount } from '../../dist/sweep/plan.js';
import { readScenarioText } from '../../dist/sweep/scenario-text.js';
import { runSweep } from '../../dist/sweep/sweep.js';
import { projectVersion } from '../../dist/sweep/version.js';

export default async function rows({ quick }) {
  const seeds = quick ? 2 : 8;
  const duration = quick ? '2m' : '10m';
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
      return { perMin: (runs * 60) / wall, json: readFileSync(path.join(outDir, 'sweep.json'), 'utf8') };
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }
  const one = await timed(1);
  const two = await timed(2);
  if (one.json !== two.json) throw new Error('sweep.json differs between 1 and 2 workers');
  return [
    {
      figure: `sweep, drift.yaml ${duration} × ${runs} runs, 2 worker threads (sweep.json same as 1 worker)`,
      value: two.perMin,
      unit: 'runs/min (wall)',
      reference: `1 worker ${one.perMin.toFixed(1)} runs/min`,
      ratio: two.perMin / one.perMin,
      target: '',
      met: null,
    },
  ];
}
