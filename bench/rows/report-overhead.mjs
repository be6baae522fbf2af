// The report's time-resolved bookkeeping (was part of bench/sim.js): a 2 h drift run counting the
// run totals only (collect: false) against the time-resolved report and against the report plus
// the CSV event export. Interleaved, five rounds, least CPU-s of each (steadier than the median on
// a shared machine); budgets +10 % and +25 % over totals only. Then the scheduler's settle modes on
// the same run: the microtask handshake (default) against a macrotask yield per event, reports
// checked identical.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EventExport } from '../../dist/report/events-export.js';
import { loadScenario } from '../../dist/scenario/scenario.js';
import { runScenario } from '../../dist/world/run-sim.js';
import { cpuSeconds } from '../measure.mjs';

export default async function rows({ quick }) {
  const h = quick ? 0.25 : 2;
  const dir = mkdtempSync(path.join(tmpdir(), 'rocky-bench-events-'));
  const once = (kind) =>
    cpuSeconds(async () => {
      const s = loadScenario('scenarios/drift.yaml', { durationMs: h * 3_600_000 });
      const events = kind === 'events' ? new EventExport(dir, s.startMs) : undefined;
      await runScenario(s, { collect: kind !== 'baseline', events });
      events?.commit();
    });
  const runs = { baseline: [], report: [], events: [] };
  try {
    for (let round = 0; round < (quick ? 2 : 5); round++) for (const k of Object.keys(runs)) runs[k].push(await once(k));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const least = (k) => Math.min(...runs[k]);
  const base = least('baseline');

  const settle = async (mode) => {
    const s = loadScenario('scenarios/drift.yaml', { durationMs: h * 3_600_000 });
    let report;
    const cpu = await cpuSeconds(async () => {
      report = (await runScenario(s, { settle: mode })).report;
    });
    return { cpu, json: JSON.stringify(report) };
  };
  const micro = await settle('microtask');
  const macro = await settle('macrotask');
  if (micro.json !== macro.json) throw new Error('settle modes gave different reports');
  return [
    {
      figure: `time-resolved report, ${h} h drift (least of ${runs.baseline.length})`,
      value: least('report'),
      unit: 'CPU-s',
      reference: `totals only ${base.toFixed(2)} CPU-s`,
      ratio: least('report') / base,
      target: '≤ 1.10×',
      met: least('report') / base <= 1.1,
    },
    {
      figure: `time-resolved report + --events CSVs, ${h} h drift (least of ${runs.baseline.length})`,
      value: least('events'),
      unit: 'CPU-s',
      reference: `totals only ${base.toFixed(2)} CPU-s`,
      ratio: least('events') / base,
      target: '≤ 1.25×',
      met: least('events') / base <= 1.25,
    },
    {
      figure: `scheduler settle: microtask handshake, ${h} h drift (reports identical)`,
      value: micro.cpu,
      unit: 'CPU-s',
      reference: `macrotask yield ${macro.cpu.toFixed(2)} CPU-s`,
      ratio: micro.cpu / macro.cpu,
      target: '',
      met: null,
    },
  ];
}
