/**
 * From finished runs to the sweep's verdict: per cell, the distribution of every metric, each
 * expectation's pass rate with its Wilson interval, the failing seeds and the worst runs; and the
 * CSV with one row per run. Runs are read back in plan order from wherever they are stored, one cell
 * at a time, so the output depends only on the plan and the results (never on which worker ran
 * what, or when), and memory holds one cell's values at most.
 */
import { AtomicWriter } from '../io/atomic-write.js';
import { CellStats, type PassRate } from './cell-stats.js';
import { INTERVAL_METHOD, QUANTILE_METHOD, type Distribution } from './distribution.js';
import { METRICS } from './metrics.js';
import { formatOverride, formatValue } from './overrides.js';
import { cellLabel, cellOverrides, runAt, runCount, type PlanCell, type SweepPlan } from './plan.js';
import type { RunResult } from './run-one.js';
import { formatSeeds } from './seeds.js';

export const SWEEP_FORMAT = 'rocky-bot-sweep/1';

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
      const stats = new CellStats(opts.worst, opts.worstBy);
      for (let j = 0; j < n; j++) {
        const i = cell.index * n + j;
        const { seed, r } = get(i);
        const failed = stats.add(seed, r);
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
      const sum = stats.summary();
      cells.push({
        cell: cell.index,
        scenario: plan.scenarios[cell.scenario]!.name,
        label: cellLabel(plan, cell),
        params: Object.fromEntries(cell.params.map((p) => [p.path, p.value])),
        runs: sum.runs,
        metrics: sum.metrics,
        expectations: sum.expectations,
        all_expectations: sum.all_expectations,
        failing_seeds: sum.failing_seeds,
        reproduce: reproduceCommand(plan, cell, 'SEED'),
        worst: sum.worst.map((w) => ({ ...w, report: worstReportPath(cell, w.seed) })),
      });
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

/** CSV (RFC 4180) rows through the one temp-and-rename writer. */
class CsvWriter {
  private readonly w: AtomicWriter;

  constructor(file: string, header: string[]) {
    this.w = new AtomicWriter(file);
    this.row(header);
  }

  row(cells: Array<string | number>): void {
    this.w.write(`${cells.map(csvCell).join(',')}\n`);
  }

  close(): void {
    this.w.commit();
  }

  abort(): void {
    this.w.abort();
  }
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
