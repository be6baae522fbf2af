#!/usr/bin/env node
// Sim throughput: the whole fleet (30 accounts x 2 symbols) on scenarios/drift.yaml, stretched to
// 24 h of virtual time on its 10 Hz synthetic tape. Prints simulated seconds per wall second, events
// per second and peak memory. Run via `npm run bench` (builds first).
import { performance } from 'node:perf_hooks';
import { runScenario } from '../dist/cli/run-sim.js';
import { loadScenario } from '../dist/sim-exchange/scenario.js';

const hours = Number(process.argv[2] ?? 24);
const sc = loadScenario('scenarios/drift.yaml', { durationMs: hours * 3_600_000 });
const t0 = performance.now();
const { report, eventsFired } = await runScenario(sc);
const wall = (performance.now() - t0) / 1000;
const simS = sc.durationMs / 1000;
const ticks = Object.values(report.tape).reduce((n, t) => n + t.ticks_read, 0);
const rssMb = process.resourceUsage().maxRSS / 1024;
console.log(`sim  drift.yaml ${hours} h virtual, ${sc.roster.length} accounts x ${sc.symbols.length} symbols, 10 Hz tape`);
console.log(`  wall ${wall.toFixed(2)} s | ${(simS / wall).toFixed(0)} simulated s per wall s | ` +
  `${eventsFired} events (${(eventsFired / wall / 1000).toFixed(0)}k/s) | ${ticks} ticks | ${report.api.calls} API calls | peak RSS ${rssMb.toFixed(0)} MB`);
