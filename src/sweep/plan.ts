/**
 * The sweep plan: scenarios × parameter cells × seeds, in one fixed order (scenario as given, then
 * the cells — the first `--set` varies slowest in a grid — then seeds ascending). Every run has a
 * cache key that depends only on what can change its result: the scenario's bytes and its tapes'
 * bytes, the overrides, the duration, the seed and the code (version + build). The plan is plain
 * data (plan.json), so shards, queue workers and `sweep merge` all agree on it without re-reading
 * anything but the plan.
 */
import { createHash } from 'node:crypto';
import { ConfigError } from '../config/config-error.js';
import { formatOverride, type Override, type SetFlag } from './overrides.js';
import { loadScenarioText, tapeFilesOf, tapeSha256, type ScenarioText } from './scenario-text.js';
import type { ProjectVersion } from './version.js';

export const PLAN_FORMAT = 'rocky-bot-sweep-plan/1';

export interface PlanScenario {
  name: string;
  /** Path as given (relative to the working folder). */
  file: string;
  sha256: string;
}

export interface PlanCell {
  index: number;
  /** Index into plan.scenarios. */
  scenario: number;
  /** One value per multi-valued --set, in --set order. */
  params: Override[];
  /** Hash of everything but the seed that decides this cell's results. */
  base: string;
  /** SHA-256 of each tape the cell's scenario reads, in the order it reads them: runs check them. */
  tapes: string[];
}

export interface SweepPlan {
  format: typeof PLAN_FORMAT;
  version: string;
  build: string;
  scenarios: PlanScenario[];
  mode: 'grid' | 'zip';
  /** Multi-valued --set flags: the sweep's axes. */
  parameters: SetFlag[];
  /** Single-valued --set flags: applied to every run. */
  fixed: Override[];
  /** --duration as given, or null for each scenario's own. */
  duration: string | null;
  durationMs: number | null;
  seeds: number[];
  cells: PlanCell[];
}

export interface PlanInputs {
  scenarios: ScenarioText[];
  sets: SetFlag[];
  mode: 'grid' | 'zip';
  seeds: number[];
  duration?: { text: string; ms: number };
  version: ProjectVersion;
}

/** Build and validate the plan: every cell's scenario is loaded once, so bad input fails before any run. */
export function buildPlan(x: PlanInputs): SweepPlan {
  const seen = new Set<string>();
  for (const s of x.sets) {
    if (seen.has(s.path)) throw new ConfigError('', `--set ${s.path}`, 'given twice; give all values in one --set a=v1,v2');
    seen.add(s.path);
    if (s.path === 'seed') throw new ConfigError('', '--set seed', 'seeds are the sweep itself; use --seeds');
    if (s.path === 'duration' && x.duration)
      throw new ConfigError('', '--set duration', 'give either --duration or --set duration=..., not both');
  }
  const parameters = x.sets.filter((s) => s.values.length > 1);
  const fixed = x.sets.filter((s) => s.values.length === 1).map((s) => ({ path: s.path, value: s.values[0] }));
  const combos = combine(parameters, x.mode);
  const cells: PlanCell[] = [];
  const names = new Map<string, string>();
  const scenarios: PlanScenario[] = x.scenarios.map((sc, si) => {
    let name = '';
    for (const params of combos) {
      const overrides = [...fixed, ...params];
      let loaded;
      try {
        loaded = loadScenarioText(sc, { overrides, seed: x.seeds[0] ?? 0, durationMs: x.duration?.ms });
      } catch (e) {
        // Several cells: say which one broke (the loader marks overridden keys `(--set)` already).
        if (e instanceof ConfigError && combos.length > 1) {
          const cellText = ` (in the cell ${params.map(formatOverride).join(' ')})`;
          throw ConfigError.of(
            e.file,
            e.issues.map((i) => ({ where: i.where, problem: `${i.problem}${cellText}` })),
          );
        }
        throw e;
      }
      name ||= loaded.name;
      const tapes = tapeFilesOf(loaded).map(tapeSha256);
      const base = sha256(
        JSON.stringify({
          f: PLAN_FORMAT,
          v: x.version.version,
          b: x.version.build,
          s: sc.sha256,
          t: tapes,
          o: [...overrides].sort((a, b) => (a.path < b.path ? -1 : 1)).map((o) => [o.path, o.value]),
          d: loaded.durationMs,
        }),
      );
      cells.push({ index: cells.length, scenario: si, params, base, tapes });
    }
    const other = names.get(name);
    if (other)
      throw new ConfigError(sc.file, 'name', `scenario name "${name}" is also the name of ${other}; names label the cells`);
    names.set(name, sc.file);
    return { name, file: sc.file, sha256: sc.sha256 };
  });
  return {
    format: PLAN_FORMAT,
    version: x.version.version,
    build: x.version.build,
    scenarios,
    mode: x.mode,
    parameters,
    fixed,
    duration: x.duration?.text ?? null,
    durationMs: x.duration?.ms ?? null,
    seeds: x.seeds,
    cells,
  };
}

/** Grid: the cartesian product, first flag slowest. Zip: the i-th values of every flag together. */
function combine(params: SetFlag[], mode: 'grid' | 'zip'): Override[][] {
  if (params.length === 0) return [[]];
  if (mode === 'zip') {
    const n = params[0]!.values.length;
    for (const p of params)
      if (p.values.length !== n)
        throw new ConfigError(
          '',
          '--zip',
          `every --set needs the same number of values (${params[0]!.path} has ${n}, ${p.path} has ${p.values.length})`,
        );
    return Array.from({ length: n }, (_, i) => params.map((p) => ({ path: p.path, value: p.values[i] })));
  }
  let out: Override[][] = [[]];
  for (const p of params) out = out.flatMap((prefix) => p.values.map((value) => [...prefix, { path: p.path, value }]));
  return out;
}

export interface PlannedRun {
  /** Position in the plan's order (cell-major, then seed). */
  index: number;
  cell: PlanCell;
  seed: number;
  key: string;
}

export const runCount = (plan: SweepPlan): number => plan.cells.length * plan.seeds.length;

/** The i-th run of the plan, computed (runs are never held in a list: memory stays flat). */
export function runAt(plan: SweepPlan, i: number): PlannedRun {
  const n = plan.seeds.length;
  const cell = plan.cells[Math.floor(i / n)]!;
  const seed = plan.seeds[i % n]!;
  return { index: i, cell, seed, key: runKey(cell, seed) };
}

export const runKey = (cell: PlanCell, seed: number): string => sha256(`${cell.base}/${seed}`).slice(0, 32);

/** Identity of a plan (shards and merge check they hold the same one). */
export const planSha256 = (plan: SweepPlan): string => sha256(JSON.stringify(plan));

/** The cell's overrides: the fixed ones, then its parameters. */
export const cellOverrides = (plan: SweepPlan, cell: PlanCell): Override[] => [...plan.fixed, ...cell.params];

/** Human label of a cell: scenario and parameter values. */
export function cellLabel(plan: SweepPlan, cell: PlanCell): string {
  const parts = cell.params.map(formatOverride);
  const sc = plan.scenarios[cell.scenario]!.name;
  return plan.scenarios.length > 1 || parts.length === 0 ? [sc, ...parts].join(' ') : parts.join(' ');
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
