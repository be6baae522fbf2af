// One fleet-day in a process of its own, for bench/rows/tape-day.mjs: prints {cpu, rssMB, calls,
// ticks} as JSON. CPU-s of runScenario alone (user + system); peak RSS of the whole process.
//   node bench/ticks-day.mjs SCENARIO.yaml HOURS
import { loadScenario } from '../dist/scenario/scenario.js';
import { runScenario } from '../dist/world/run-sim.js';

const [file, hours] = process.argv.slice(2);
const sc = loadScenario(file, { durationMs: Number(hours) * 3_600_000 });
const c0 = process.cpuUsage();
const { report } = await runScenario(sc, {});
const c = process.cpuUsage(c0);
const ticks = Object.values(report.tape).reduce((n, t) => n + t.ticks_read, 0);
console.log(
  JSON.stringify({
    cpu: (c.user + c.system) / 1e6,
    rssMB: process.resourceUsage().maxRSS / 1024,
    calls: report.api.calls,
    ticks,
  }),
);
