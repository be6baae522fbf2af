// The simulated fleet-day: scenarios/drift.yaml (30 accounts × 2 symbols, 10 Hz synthetic tape)
// stretched to 24 h, CPU-s of the whole run (scenario load, tape generation, report), median of
// three; the cost per simulated REST call is that CPU time over the report's API call count. Then
// the scaling row: the same world with the roster repeated ten times (300 accounts, ids suffixed)
// against the 30-account roster, both 1 h, interleaved, median of three. The per-call row's
// reference is the sim's bare round trip (bench/round-trip-floor.mjs): scheduler, sim client and
// latency model with a constant core and empty loops, the part no venue or strategy work is in.
import { loadScenario } from '../../dist/scenario/scenario.js';
import { runScenario } from '../../dist/world/run-sim.js';
import { cpuSeconds, median } from '../measure.mjs';
import { roundTripFloor } from '../round-trip-floor.mjs';

async function day(hours, copies = 1) {
  const sc = loadScenario('scenarios/drift.yaml', { durationMs: hours * 3_600_000 });
  if (copies > 1)
    sc.roster = Array.from({ length: copies }, (_, k) => sc.roster.map((a) => ({ ...a, id: `${a.id}-x${k}` }))).flat();
  let calls = 0;
  const cpu = await cpuSeconds(async () => {
    const { report } = await runScenario(sc, {});
    calls = report.api.calls;
  });
  return { cpu, calls };
}

export default async function rows({ quick }) {
  const hours = quick ? 1 : 24;
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await day(hours));
  const cpu = median(runs.map((r) => r.cpu));
  const calls = runs[0].calls;
  const perCall = (cpu / calls) * 1e6;
  const floors = [];
  for (let i = 0; i < 3; i++) {
    const f = await roundTripFloor(quick ? 0.5 : 4);
    floors.push((f.cpu / f.calls) * 1e6);
  }
  const floor = median(floors);

  const scaleHours = quick ? 0.25 : 1;
  const small = [];
  const big = [];
  for (let i = 0; i < 3; i++) {
    small.push(await day(scaleHours, 1));
    big.push(await day(scaleHours, 10));
  }
  const s = median(small.map((r) => r.cpu));
  const b = median(big.map((r) => r.cpu));
  return [
    {
      figure: `${hours} h fleet-day, 10 Hz synthetic tape, 30 accounts × 2 symbols (${(calls / 1e6).toFixed(2)} M API calls)`,
      value: cpu,
      unit: 'CPU-s',
      reference: '',
      ratio: null,
      target: quick ? '(≤ 3 CPU-s at 24 h)' : '≤ 3 CPU-s',
      met: quick ? null : cpu <= 3,
    },
    {
      figure: `cost per simulated REST call (${hours} h run above)`,
      value: perCall,
      unit: 'µs',
      reference: `bare round trip ${floor.toFixed(2)} µs (bench/round-trip-floor.mjs)`,
      ratio: perCall / floor,
      target: '≤ 0.7 µs',
      met: perCall <= 0.7,
    },
    {
      figure: `300 accounts vs 30, ${scaleHours} h drift (${(big[0].calls / 1e6).toFixed(2)} vs ${(small[0].calls / 1e6).toFixed(2)} M calls)`,
      value: b,
      unit: 'CPU-s',
      reference: `30 accounts ${s.toFixed(2)} CPU-s`,
      ratio: b / s,
      target: '≤ 10×',
      met: b / s <= 10,
    },
  ];
}
