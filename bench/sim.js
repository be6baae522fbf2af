#!/usr/bin/env node
// Sim throughput: the whole fleet (30 accounts x 2 symbols) on scenarios/drift.yaml stretched to
// 24 h of virtual time on its 10 Hz synthetic tape. Prints simulated seconds per wall second,
// events per second and peak memory, and, side by side in the same process, the scheduler's two
// settle modes (microtask handshake, the default, vs a macrotask yield per event) on a shorter run.
// Last: the report bookkeeping overhead (collect: false vs on vs on + CSV events).
// Run via `npm run bench` (builds first). Usage: node bench/sim.js [hours=24] [compare-hours=2]
import { performance } from 'node:perf_hooks';
import { runScenario } from '../dist/world/run-sim.js';
import { loadScenario } from '../dist/scenario/scenario.js';

const hours = Number(process.argv[2] ?? 24);
const compareHours = Number(process.argv[3] ?? 2);

async function timed(h, settle) {
  const sc = loadScenario('scenarios/drift.yaml', { durationMs: h * 3_600_000 });
  const t0 = performance.now();
  const { report, eventsFired } = await runScenario(sc, { settle });
  return { sc, report, eventsFired, wall: (performance.now() - t0) / 1000 };
}

const { sc, report, eventsFired, wall } = await timed(hours, 'microtask');
const rssMb = process.resourceUsage().maxRSS / 1024;
const ticks = Object.values(report.tape).reduce((n, t) => n + t.ticks_read, 0);
console.log(`sim  drift.yaml ${hours} h virtual, ${sc.roster.length} accounts x ${sc.symbols.length} symbols, 10 Hz tape`);
console.log(
  `  wall ${wall.toFixed(2)} s | ${(sc.durationMs / 1000 / wall).toFixed(0)} simulated s per wall s | ` +
    `${eventsFired} events (${(eventsFired / wall / 1000).toFixed(0)}k/s) | ${ticks} ticks | ${report.api.calls} API calls | peak RSS ${rssMb.toFixed(0)} MB`,
);

const micro = await timed(compareHours, 'microtask');
const macro = await timed(compareHours, 'macrotask');
console.log(
  `settle modes, ${compareHours} h each: microtask ${micro.wall.toFixed(2)} s, macrotask ${macro.wall.toFixed(2)} s ` +
    `-> handshake is ${(macro.wall / micro.wall).toFixed(2)}x faster; reports identical: ${JSON.stringify(micro.report) === JSON.stringify(macro.report)}`,
);

// The report's time-resolved bookkeeping (windows, counterparty, distances, series, resting
// through the mid) against a baseline that counts the run totals only (collect: false), and with
// the CSV event export on top. Same process, measured in turn 5 times; the least and the median
// CPU time (user + system) of each are printed: on a shared machine that is far steadier than wall
// time, and the least is the figure compared with the budget.
{
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { EventExport } = await import('../dist/report/events-export.js');
  const h = compareHours;
  const dir = mkdtempSync(path.join(tmpdir(), 'rocky-bench-events-'));
  const once = async (kind) => {
    const s = loadScenario('scenarios/drift.yaml', { durationMs: h * 3_600_000 });
    const events = kind === 'events' ? new EventExport(dir, s.startMs) : undefined;
    const c0 = process.cpuUsage();
    await runScenario(s, { collect: kind !== 'baseline', events });
    events?.commit();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6;
  };
  const runs = { baseline: [], report: [], events: [] };
  for (let round = 0; round < 5; round++) for (const k of Object.keys(runs)) runs[k].push(await once(k));
  rmSync(dir, { recursive: true, force: true });
  const least = (k) => Math.min(...runs[k]);
  const median = (k) => [...runs[k]].sort((a, b) => a - b)[2];
  const pct = (x, base) => `${x >= base ? '+' : ''}${((x / base - 1) * 100).toFixed(1)} %`;
  const show = (k) =>
    `${least(k).toFixed(2)} (${pct(least(k), least('baseline'))}; median ${median(k).toFixed(2)}, ${pct(median(k), median('baseline'))})`;
  console.log(
    `report bookkeeping, ${h} h drift, CPU s (least of 5): totals only ${least('baseline').toFixed(2)} (median ${median('baseline').toFixed(2)}) | ` +
      `time-resolved report ${show('report')}, budget +10 % | with --events CSVs ${show('events')}, budget +25 %`,
  );
}
