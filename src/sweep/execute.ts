/**
 * Drive the runs a sweep still needs through an executor (local threads or the queue), keeping at
 * most `window` in flight so memory stays flat however many runs the plan holds. Each result is
 * stored as it arrives, in whatever order; the first failed run stops new submissions, lets the
 * ones in flight finish (their results are kept), and is reported.
 */
import type { Executor } from './local-pool.js';
import { cellOverrides, runAt, runCount, type PlannedRun, type SweepPlan } from './plan.js';
import type { ProgressSink } from './progress.js';
import type { ResultCache } from './result-cache.js';
import type { RunTask } from './run-one.js';
import type { ScenarioText } from './scenario-text.js';

export interface Shard {
  index: number;
  count: number;
}

export interface RunFailure {
  run: PlannedRun;
  kind: 'input' | 'internal';
  message: string;
}

export interface ExecuteReport {
  total: number;
  cached: number;
  ran: number;
  failure?: RunFailure;
}

export const inShard = (i: number, shard?: Shard): boolean => !shard || i % shard.count === shard.index;

export function taskFor(plan: SweepPlan, texts: readonly ScenarioText[], run: PlannedRun, reportDir?: string): RunTask {
  const sc = texts[run.cell.scenario]!;
  const task: RunTask = {
    scenario: { file: sc.file, text: sc.text },
    overrides: cellOverrides(plan, run.cell),
    seed: run.seed,
    durationMs: plan.durationMs,
    key: run.key,
    tapes: run.cell.tapes,
  };
  if (reportDir) task.reportDir = reportDir;
  return task;
}

export async function executeRuns(x: {
  plan: SweepPlan;
  texts: readonly ScenarioText[];
  cache: ResultCache;
  executor: Executor;
  window: number;
  shard?: Shard;
  progress: (total: number, cached: number) => ProgressSink;
  /** Stop submitting (e.g. on SIGINT); runs in flight still finish. */
  signal?: AbortSignal;
}): Promise<ExecuteReport> {
  const { plan, cache } = x;
  const all = runCount(plan);
  let total = 0;
  let cached = 0;
  for (let i = 0; i < all; i++) {
    if (!inShard(i, x.shard)) continue;
    total++;
    if (cache.has(runAt(plan, i).key)) cached++;
  }
  const bar = x.progress(total, cached);
  let done = cached;
  let ran = 0;
  let failure: RunFailure | undefined;
  let next = 0;
  const nextTodo = (): PlannedRun | undefined => {
    while (next < all && !failure && !x.signal?.aborted) {
      const i = next++;
      if (!inShard(i, x.shard)) continue;
      const run = runAt(plan, i);
      if (!cache.has(run.key)) return run;
    }
    return undefined;
  };
  const lane = async (): Promise<void> => {
    for (let run = nextTodo(); run; run = nextTodo()) {
      let out;
      try {
        out = await x.executor.run(taskFor(plan, x.texts, run));
      } catch (e) {
        out = { ok: false as const, kind: 'internal' as const, message: e instanceof Error ? e.message : String(e) };
      }
      if (out.ok) {
        if (out.result.key !== run.key) throw new Error(`result for ${out.result.key} came back for run ${run.key}`);
        cache.put(out.result);
        ran++;
        bar.update(++done);
      } else if (!failure) {
        failure = { run, kind: out.kind, message: out.message };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, x.window) }, lane));
  } finally {
    bar.end();
  }
  return failure ? { total, cached, ran, failure } : { total, cached, ran };
}
