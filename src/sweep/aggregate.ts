/**
 * From finished runs to the sweep's verdict: per cell, the distribution of every metric, each
 * expectation's pass rate with its Wilson interval, the failing seeds and the worst runs; and the
 * CSV with one row per run. Runs are read back in plan order from wherever they are stored, one cell
 * at a time, so the output depends only on the plan and the results (never on which worker ran
 * what, or when), and memory holds one cell's values at most.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { distribution, INTERVAL_METHOD, QUANTILE_METHOD, wilson, type Distribution } from './distribution.js';
import { METRICS, metricDef } from './metrics.js';
import { formatOverride, formatValue } from './overrides.js';
import { cellLabel, cellOverrides, runAt, runCount, type PlanCell, type SweepPlan } from './plan.js';
import type { RunResult } from './run-one.js';
import { formatSeeds } from './seeds.js';

export const SWEEP_FORMAT = 'rocky-bot-sweep/1';

export interface PassRate {
  passed: number;
  runs: number;
  pass_rate: number;
  wilson95: [number, number];
}

export interface CellSummary {
  cell: number;
  scenario: string;
  label: string;
  params: Record<string, unknown>;
  runs: number;
  metrics: Record<string, Distribution>;
  expectations: Array<{ name: string } & PassRate & { failing_seeds: number[] }>;
  all_expectations: PassRate;
  failing_seeds: number[];
  /** The command that re-runs one seed of this cell alone (replace SEED). */
  reproduce: string;
  worst: Array<{ seed: number; failed: string[]; rank_value: number | null; report: string }>;
}

export interface SweepSummary {
  format: typeof SWEEP_FORMAT;
  version: string;
  build: string;
  scenarios: SweepPlan['scenarios'];
  mode: SweepPlan['mode'];
  parameters: SweepPlan['parameters'];
  fixed: SweepPlan['fixed'];
  duration: string | null;
  seeds: string;
  runs: number;
  method: { quantiles: string; interval: string; worst: string };
  metrics: Array<{ name: string; about: string }>;
  cells: CellSummary[];
}

export interface AggregateOptions {
  /** Worst runs listed per cell. */
  worst: number;
  /** Metric (full name) ranking runs after their failed-expectation count, higher = worse; '-name' = lower is worse. */
  worstBy: string;
}

export type Lookup = (key: string) => RunResult | undefined;

/** Summarise the plan's runs (all must be found) and stream sweep.csv into `csvFile`. */
export function aggregate(plan: SweepPlan, lookup: Lookup, opts: AggregateOptions, csvFile: string): SweepSummary {
  const get = (i: number): { cell: PlanCell; seed: number; r: RunResult } => {
    const run = runAt(plan, i);
    const r = lookup(run.key);
    if (!r) throw new Error(`run ${i} (${cellLabel(plan, run.cell)} seed ${run.seed}) has no result`);
    return { cell: run.cell, seed: run.seed, r };
  };
  // Pass 1: the CSV's columns (metrics and expectations can differ between scenarios and cells).
  const metricNames = new Set<string>();
  const expectNames = new Set<string>();
  const total = runCount(plan);
  for (let i = 0; i < total; i++) {
    const { r } = get(i);
    for (const k of Object.keys(r.metrics)) metricNames.add(k);
    for (const e of r.expectations) expectNames.add(e.name);
  }
  const csv = new CsvWriter(csvFile, [
    'run',
    'scenario',
    'cell',
    ...plan.parameters.map((p) => p.path),
    'seed',
    ...metricNames,
    ...[...expectNames].map((n) => `expect: ${n}`),
    'all_expectations_passed',
  ]);
  const cells: CellSummary[] = [];
  const n = plan.seeds.length;
  try {
    for (const cell of plan.cells) {
      const values = new Map<string, number[]>();
      const rows: Array<{ seed: number; r: RunResult; failed: string[] }> = [];
      for (let j = 0; j < n; j++) {
        const i = cell.index * n + j;
        const { seed, r } = get(i);
        for (const [k, v] of Object.entries(r.metrics)) {
          const list = values.get(k) ?? [];
          list.push(v);
          values.set(k, list);
        }
        const failed = r.expectations.filter((e) => !e.ok).map((e) => e.name);
        rows.push({ seed, r, failed });
        const ok = new Map(r.expectations.map((e) => [e.name, e.ok]));
        csv.row([
          i,
          plan.scenarios[cell.scenario]!.name,
          cell.index,
          ...cell.params.map((p) => formatValue(p.value)),
          seed,
          ...[...metricNames].map((m) => r.metrics[m] ?? ''),
          ...[...expectNames].map((e) => (ok.has(e) ? (ok.get(e) ? 1 : 0) : '')),
          failed.length === 0 ? 1 : 0,
        ]);
      }
      cells.push(summariseCell(plan, cell, values, rows, opts));
    }
    csv.close();
  } catch (e) {
    csv.abort();
    throw e;
  }
  return {
    format: SWEEP_FORMAT,
    version: plan.version,
    build: plan.build,
    scenarios: plan.scenarios,
    mode: plan.mode,
    parameters: plan.parameters,
    fixed: plan.fixed,
    duration: plan.duration,
    seeds: formatSeeds(plan.seeds),
    runs: total,
    method: {
      quantiles: QUANTILE_METHOD,
      interval: INTERVAL_METHOD,
      worst: `runs with the most failed expectations first, then the highest ${opts.worstBy}, then the lowest seed`,
    },
    metrics: METRICS.map((m) => ({ name: m.name, about: m.about })),
    cells,
  };
}

function summariseCell(
  plan: SweepPlan,
  cell: PlanCell,
  values: Map<string, number[]>,
  rows: Array<{ seed: number; r: RunResult; failed: string[] }>,
  opts: AggregateOptions,
): CellSummary {
  const metrics: Record<string, Distribution> = {};
  for (const [k, v] of values) metrics[k] = distribution(v, metricDef(k)?.digits ?? 4);
  const names: string[] = [];
  for (const { r } of rows) for (const e of r.expectations) if (!names.includes(e.name)) names.push(e.name);
  const rate = (passed: number, runs: number): PassRate => ({
    passed,
    runs,
    pass_rate: runs ? Math.round((passed / runs) * 1e4) / 1e4 : 0,
    wilson95: wilson(passed, runs),
  });
  const expectations = names.map((name) => {
    let passed = 0;
    let runs = 0;
    const failing: number[] = [];
    for (const { seed, r } of rows) {
      const e = r.expectations.find((x) => x.name === name);
      if (!e) continue;
      runs++;
      if (e.ok) passed++;
      else failing.push(seed);
    }
    return { name, ...rate(passed, runs), failing_seeds: failing };
  });
  const failingSeeds = rows.filter((x) => x.failed.length).map((x) => x.seed);
  const lowerWorse = opts.worstBy.startsWith('-');
  const by = lowerWorse ? opts.worstBy.slice(1) : opts.worstBy;
  const rankValue = (r: RunResult): number | null => {
    const v = r.metrics[by];
    return v === undefined ? null : lowerWorse ? -v : v;
  };
  const worst = [...rows]
    .sort(
      (a, b) =>
        b.failed.length - a.failed.length || (rankValue(b.r) ?? -Infinity) - (rankValue(a.r) ?? -Infinity) || a.seed - b.seed,
    )
    .slice(0, opts.worst)
    .map((x) => ({ seed: x.seed, failed: x.failed, rank_value: x.r.metrics[by] ?? null, report: worstReportPath(cell, x.seed) }));
  return {
    cell: cell.index,
    scenario: plan.scenarios[cell.scenario]!.name,
    label: cellLabel(plan, cell),
    params: Object.fromEntries(cell.params.map((p) => [p.path, p.value])),
    runs: rows.length,
    metrics,
    expectations,
    all_expectations: rate(rows.length - failingSeeds.length, rows.length),
    failing_seeds: failingSeeds,
    reproduce: reproduceCommand(plan, cell, 'SEED'),
    worst,
  };
}

/** Where a worst run's report is written, relative to the sweep's folder. */
export const worstReportPath = (cell: PlanCell, seed: number): string => `reports/cell-${cell.index}-seed-${seed}/report.json`;

/** `rocky-bot sim` re-running one run of the cell alone, byte for byte. */
export function reproduceCommand(plan: SweepPlan, cell: PlanCell, seed: number | string): string {
  const parts = ['rocky-bot sim', `--scenario ${shellWord(plan.scenarios[cell.scenario]!.file)}`];
  if (plan.duration) parts.push(`--duration ${plan.duration}`);
  for (const o of cellOverrides(plan, cell)) parts.push(`--set ${shellWord(formatOverride(o))}`);
  parts.push(`--seed ${seed}`);
  return parts.join(' ');
}

const shellWord = (s: string): string => (/^[A-Za-z0-9_.,=/:+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** CSV (RFC 4180) streamed to a temp file, renamed into place when whole. */
class CsvWriter {
  private readonly fd: number;
  private readonly tmp: string;

  constructor(
    private readonly file: string,
    header: string[],
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.tmp = `${file}.${process.pid}.tmp`;
    this.fd = openSync(this.tmp, 'w');
    this.row(header);
  }

  row(cells: Array<string | number>): void {
    writeSync(this.fd, `${cells.map(csvCell).join(',')}\n`);
  }

  close(): void {
    closeSync(this.fd);
    renameSync(this.tmp, this.file);
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.tmp, { force: true });
  }
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
