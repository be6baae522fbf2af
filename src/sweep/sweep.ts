/**
 * A sweep from start to end: write the plan, run what the cache lacks (local threads or the queue),
 * then — unless this is one shard of a larger sweep — summarise (finalize.ts). `sweep merge` joins
 * the shards' folders and ends the same way, so a sharded sweep gives the same sweep.json as one
 * run on one machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config-error.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { stableJson } from '../report/stable-json.js';
import type { SweepSummary } from './aggregate.js';
import { executeRuns, type ExecuteReport, type Shard } from './execute.js';
import { finalize } from './finalize.js';
import type { Executor } from './local-pool.js';
import { cellLabel, planSha256, runAt, runCount, PLAN_FORMAT, type SweepPlan } from './plan.js';
import { progressBar } from './progress.js';
import { readResult, ResultCache } from './result-cache.js';
import { readScenarioText, type ScenarioText } from './scenario-text.js';

export interface SweepOptions {
  plan: SweepPlan;
  /** Scenario texts by plan index. */
  texts: ScenarioText[];
  outDir: string;
  /** Local threads (runs; the worst runs' reports when --queue). */
  workers: number;
  queue?: string;
  shard?: Shard;
  worst: number;
  worstBy: string;
  heatmap: string;
  /** Progress bar on stderr (a TTY only). */
  progress: boolean;
  note: (line: string) => void;
  signal?: AbortSignal;
}

export interface SweepOutcome {
  exec: ExecuteReport;
  /** Null for a shard, or when a run failed or the sweep was interrupted. */
  summary: SweepSummary | null;
}

export const QUEUE_WINDOW = 256;

// The thread pool and the queue client load on first use: every other command starts without them.
const newPool = async (threads: number): Promise<Executor> => (await import('./local-pool.js')).localPool(threads);

export async function runSweep(o: SweepOptions): Promise<SweepOutcome> {
  writeFileAtomic(path.join(o.outDir, 'plan.json'), stableJson(o.plan));
  const cache = new ResultCache(o.outDir);
  cache.clearTemps();
  let pool: Executor | undefined;
  let queue: Executor | undefined;
  const getPool = async (): Promise<Executor> => (pool ??= await newPool(o.workers));
  try {
    const executor = o.queue
      ? (queue = await (await import('./queue-executor.js')).queueExecutor(
          o.queue,
          { version: o.plan.version, build: o.plan.build },
          QUEUE_WINDOW,
          o.note,
        ))
      : await getPool();
    const exec = await executeRuns({
      plan: o.plan,
      texts: o.texts,
      cache,
      executor,
      window: o.queue ? QUEUE_WINDOW : o.workers * 2,
      shard: o.shard,
      progress: (total, cached) => progressBar(total, cached, o.progress),
      signal: o.signal,
    });
    if (exec.failure || o.signal?.aborted) return { exec, summary: null };
    if (o.shard) {
      writeFileAtomic(
        path.join(o.outDir, 'shard.json'),
        stableJson({ plan_sha256: planSha256(o.plan), shard: `${o.shard.index}/${o.shard.count}`, runs: exec.total }),
      );
      return { exec, summary: null };
    }
    const summary = await finalize(o.plan, (k) => cache.get(k), {
      outDir: o.outDir,
      worst: o.worst,
      worstBy: o.worstBy,
      heatmap: o.heatmap,
      texts: o.texts,
      executor: o.worst > 0 ? await getPool() : undefined,
      note: o.note,
    });
    return { exec, summary };
  } finally {
    await queue?.close();
    await (pool as Executor | undefined)?.close();
  }
}

export function readPlan(dir: string): SweepPlan {
  const file = path.join(dir, 'plan.json');
  let plan: SweepPlan;
  try {
    plan = JSON.parse(readFileSync(file, 'utf8')) as SweepPlan;
  } catch (e) {
    throw new ConfigError(
      file,
      '',
      `not a sweep folder: cannot read plan.json (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  if (plan?.format !== PLAN_FORMAT)
    throw new ConfigError(file, 'format', `expected ${PLAN_FORMAT}, got ${JSON.stringify(plan?.format)}`);
  return plan;
}

export interface MergeOptions {
  dirs: string[];
  outDir: string;
  workers: number;
  worst: number;
  worstBy: string;
  heatmap: string;
  note: (line: string) => void;
}

/** Join shard folders (or any folders of the same plan) into one sweep; every run must be present. */
export async function mergeSweeps(o: MergeOptions): Promise<SweepSummary> {
  const plans = o.dirs.map(readPlan);
  const plan = plans[0]!;
  const sha = planSha256(plan);
  plans.forEach((p, i) => {
    if (planSha256(p) !== sha)
      throw new ConfigError(
        path.join(o.dirs[i]!, 'plan.json'),
        '',
        `holds another sweep than ${path.join(o.dirs[0]!, 'plan.json')} (scenarios, parameters, seeds or build differ)`,
      );
  });
  const out = new ResultCache(o.outDir);
  const total = runCount(plan);
  const missing: number[] = [];
  for (let i = 0; i < total; i++) {
    const { key } = runAt(plan, i);
    if (out.has(key)) continue;
    let found = false;
    for (const d of o.dirs) {
      const r = readResult(path.join(d, 'runs', `${key}.json`), key);
      if (r) {
        out.put(r);
        found = true;
        break;
      }
    }
    if (!found) missing.push(i);
  }
  if (missing.length) {
    const first = runAt(plan, missing[0]!);
    const shardCount = shardCountOf(o.dirs);
    const shards = shardCount
      ? [...new Set(missing.map((i) => i % shardCount))].sort((a, b) => a - b).map((s) => `${s}/${shardCount}`)
      : [];
    throw new ConfigError(
      '',
      'sweep merge',
      `${missing.length} of ${total} runs have no result (first: ${cellLabel(plan, first.cell)} seed ${first.seed})${shards.length ? `; missing from shard(s) ${shards.join(', ')}` : ''}`,
    );
  }
  // Worst runs' reports need the scenario as it was: only when the file is still there, unchanged.
  const texts = plan.scenarios.map((s) => {
    if (!existsSync(s.file)) return null;
    const t = readScenarioText(s.file);
    return t.sha256 === s.sha256 ? t : null;
  });
  const pool = o.worst > 0 ? await newPool(o.workers) : undefined;
  try {
    writeFileAtomic(path.join(o.outDir, 'plan.json'), stableJson(plan));
    return await finalize(plan, (k) => out.get(k), { ...o, texts, executor: pool });
  } finally {
    await pool?.close();
  }
}

function shardCountOf(dirs: string[]): number | undefined {
  for (const d of dirs) {
    try {
      const s = JSON.parse(readFileSync(path.join(d, 'shard.json'), 'utf8')) as { shard: string };
      return Number(s.shard.split('/')[1]);
    } catch {
      // not a shard folder
    }
  }
  return undefined;
}
