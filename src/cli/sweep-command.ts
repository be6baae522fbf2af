/**
 * `rocky-bot sweep` (many seeds × parameter values, locally, on a queue, or as one shard) and
 * `rocky-bot sweep merge DIR...` (join shards). Parsing and wiring only; the work is in src/sweep.
 * Exit codes: 0 when every run finished (whatever the expectations said: the pass rates are the
 * result), 2 for bad input (flags, scenario, or a run ending on bad data), 3 for an internal error (a bug; ROCKY_DEBUG=1 shows its stack),
 * 130 when interrupted (finished runs are kept; the same command resumes).
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { parseDurationMs } from '../config/yaml-reader.js';
import { folderProblem } from '../io/writable.js';
import { checkQueueUrl } from '../sweep/queue-url.js';
import { parseSetFlag } from '../sweep/overrides.js';
import { buildPlan, cellLabel, runCount } from '../sweep/plan.js';
import { readScenarioText } from '../sweep/scenario-text.js';
import { parseSeeds } from '../sweep/seeds.js';
import { formatSweepSummary } from '../sweep/summary-text.js';
import { mergeSweeps, runSweep } from '../sweep/sweep.js';
import { projectVersion } from '../sweep/version.js';
import { badInput, inputProblem, type CliIo } from './io.js';
import { expandScenarioPaths } from './sim-command.js';

interface CommonArgs {
  out?: string;
  workers?: number;
  worst: number;
  worstBy: string;
  heatmap: string;
  quiet: boolean;
}

interface SweepArgs extends CommonArgs {
  scenario?: string[];
  seeds?: string;
  set?: string[];
  grid: boolean;
  zip: boolean;
  duration?: string;
  queue?: string;
  shard?: string;
}

interface MergeArgs extends CommonArgs {
  dirs: string[];
}

const common = <T>(y: Argv<T>): Argv<T> =>
  y
    .option('out', { type: 'string', describe: 'output folder (default out/sweep-<scenario>/; merge: required)' })
    .option('workers', { type: 'number', describe: `local worker threads (default: the CPUs here, ${availableParallelism()})` })
    .option('worst', { type: 'number', default: 3, describe: 'worst runs per cell whose reports are written (0 = none)' })
    .option('worst-by', {
      type: 'string',
      default: 'excess_usdc.taker',
      describe: 'metric ranking runs after failed expectations (-NAME: lower is worse)',
    })
    .option('heatmap', {
      type: 'string',
      default: 'pass_rate',
      describe: 'metric of the heat map (median per cell), or pass_rate',
    })
    .option('quiet', { type: 'boolean', default: false, describe: 'one line per cell, no progress bar' });

type Run = (job: () => Promise<number>) => void;

const mergeCommand = (io: CliIo, run: Run): CommandModule<object, MergeArgs> => ({
  command: 'merge <dirs..>',
  describe: 'Join the folders of a sharded sweep (--shard i/N) into one sweep.json, sweep.csv and sweep.html',
  builder: (y) =>
    common(y.positional('dirs', { type: 'string', array: true, describe: 'shard output folders' }))
      .example('$0 sweep merge out/shard-0 out/shard-1 --out out/sweep', 'join two shards into one sweep')
      .version(false) as unknown as Argv<MergeArgs>,
  handler: (argv: ArgumentsCamelCase<MergeArgs>) => run(() => mergeMain(argv, io)),
});

export const sweepCommand = (io: CliIo, run: Run): CommandModule<object, SweepArgs> => ({
  command: 'sweep',
  describe: 'Run a scenario over many seeds and parameter values; distributions and pass rates per cell',
  builder: (y: Argv<object>) =>
    common(
      y
        .command(mergeCommand(io, run))
        .option('scenario', { type: 'string', array: true, describe: 'scenario YAML file(s) or folder(s)' })
        .option('seeds', { type: 'string', describe: 'seeds: 1..200, 7, 1,5,9' })
        .option('set', {
          type: 'string',
          array: true,
          describe: 'dotted.path=v1,v2,... (repeatable); several values make an axis',
        })
        .option('grid', { type: 'boolean', default: false, describe: 'every combination of the --set values (the default)' })
        .option('zip', { type: 'boolean', default: false, describe: 'the i-th values of every --set together' })
        .option('duration', { type: 'string', describe: 'override every scenario duration (e.g. 1h, 90m)' })
        .option('queue', { type: 'string', describe: 'run on BullMQ workers: redis://HOST:PORT/DB' })
        .option('shard', { type: 'string', describe: 'run only shard i of N (0-based, i/N); `sweep merge` joins them' })
        .example(
          '$0 sweep --scenario scenarios/drift.yaml --seeds 1..200 --duration 1h --set strategy.taker.interval_s=20,30,40',
          '200 seeds × 3 taker intervals on this machine',
        )
        .example(
          '$0 sweep --scenario scenarios/drift.yaml --seeds 1..200 --shard 0/4 --out out/shard-0',
          'the first of four shards',
        )
        .version(false),
    ) as unknown as Argv<SweepArgs>,
  handler: (argv: ArgumentsCamelCase<SweepArgs>) => run(() => sweepMain(argv, io)),
});

function checkCommon(a: CommonArgs): string | undefined {
  if (a.out !== undefined) {
    const p = folderProblem(a.out);
    if (p) return `--out: ${p}`;
  }
  if (a.workers !== undefined && (!Number.isInteger(a.workers) || a.workers < 1))
    return `--workers: expected a whole number ≥ 1, got ${a.workers}`;
  if (!Number.isInteger(a.worst) || a.worst < 0) return `--worst: expected a whole number ≥ 0, got ${a.worst}`;
  return undefined;
}

export async function sweepMain(a: SweepArgs, io: CliIo): Promise<number> {
  const fail = (msg: string): number => badInput(io, 'sweep', msg);
  const bad = checkCommon(a);
  if (bad) return fail(bad);
  if (!a.scenario?.length) return fail('--scenario: missing; give a scenario file or folder');
  if (!a.seeds) return fail('--seeds: missing; expected seeds such as 1..200');
  if (a.grid && a.zip) return fail('give --grid or --zip, not both');
  let shard;
  if (a.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(a.shard);
    if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2]))
      return fail(`--shard: expected i/N with 0 ≤ i < N (e.g. 0/4), got "${a.shard}"`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  let duration;
  if (a.duration !== undefined) {
    const ms = parseDurationMs(a.duration);
    if (ms === undefined || ms <= 0) return fail(`--duration: expected a duration such as 1h, 90m or 1d, got "${a.duration}"`);
    duration = { text: a.duration, ms };
  }
  let plan;
  let texts;
  try {
    if (a.queue !== undefined) checkQueueUrl(a.queue);
    const seeds = parseSeeds(a.seeds);
    const sets = (a.set ?? []).map(parseSetFlag);
    texts = expandScenarioPaths(a.scenario).map(readScenarioText);
    plan = buildPlan({ scenarios: texts, sets, mode: a.zip ? 'zip' : 'grid', seeds, duration, version: projectVersion() });
  } catch (e) {
    const m = inputProblem(e);
    if (m === undefined) throw e;
    return fail(m);
  }
  const outDir = a.out ?? path.join('out', plan.scenarios.length === 1 ? `sweep-${plan.scenarios[0]!.name}` : 'sweep');
  const workers = a.workers ?? availableParallelism();
  const note = (l: string): void => io.err(`${l}\n`);
  const stop = new AbortController();
  let signal = '';
  const onSignal = (name: string) => (): void => {
    if (stop.signal.aborted) process.exit(name === 'SIGTERM' ? 143 : 130);
    signal = name;
    note(`interrupted (${name}): finishing the runs in flight (again to quit now); the same command resumes`);
    stop.abort();
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  io.signals.on('SIGINT', onInt);
  io.signals.on('SIGTERM', onTerm);
  const t0 = Date.now();
  let outcome;
  try {
    outcome = await runSweep({
      plan,
      texts,
      outDir,
      workers,
      queue: a.queue,
      shard,
      worst: a.worst,
      worstBy: a.worstBy,
      heatmap: a.heatmap,
      progress: !a.quiet,
      note,
      signal: stop.signal,
    });
  } catch (e) {
    const m = inputProblem(e);
    if (m === undefined) throw e;
    return fail(m);
  } finally {
    io.signals.off('SIGINT', onInt);
    io.signals.off('SIGTERM', onTerm);
  }
  const { exec, summary } = outcome;
  const wall = (Date.now() - t0) / 1000;
  const where = a.queue ? 'on the queue' : `on ${workers} worker thread(s)`;
  io.out(
    `sweep ${plan.scenarios.map((s) => s.name).join(', ')}: ${plan.cells.length} cell(s) × ${plan.seeds.length} seed(s) = ${runCount(plan)} runs` +
      `${shard ? `, shard ${shard.index}/${shard.count}: ${exec.total}` : ''}; ${exec.ran} ran ${where}, ${exec.cached} cached; wall ${wall.toFixed(1)} s\n`,
  );
  if (exec.failure) {
    const f = exec.failure;
    const what = f.kind === 'input' ? '' : 'internal error: ';
    io.err(`rocky-bot sweep: run ${cellLabel(plan, f.run.cell)} seed ${f.run.seed} failed: ${what}${f.message}\n`);
    return f.kind === 'input' ? 2 : 3;
  }
  if (stop.signal.aborted) {
    io.err(`rocky-bot sweep: interrupted; finished runs are kept in ${path.join(outDir, 'runs')}\n`);
    return signal === 'SIGTERM' ? 143 : 130;
  }
  if (!summary) {
    io.out(`shard ${shard!.index}/${shard!.count} written to ${outDir}; join the shards with \`rocky-bot sweep merge DIR...\`\n`);
    return 0;
  }
  io.out(
    `${formatSweepSummary(summary, a.quiet)}\nwrote ${['sweep.json', 'sweep.csv', 'sweep.html'].map((f) => path.join(outDir, f)).join(', ')}\n`,
  );
  return 0;
}

export async function mergeMain(a: MergeArgs, io: CliIo): Promise<number> {
  const fail = (msg: string): number => badInput(io, 'sweep merge', msg);
  const bad = checkCommon(a);
  if (bad) return fail(bad);
  if (!a.out) return fail('--out: missing; give the folder for the joined sweep');
  try {
    const summary = await mergeSweeps({
      dirs: a.dirs,
      outDir: a.out,
      workers: a.workers ?? availableParallelism(),
      worst: a.worst,
      worstBy: a.worstBy,
      heatmap: a.heatmap,
      note: (l) => io.err(`${l}\n`),
    });
    io.out(
      `${formatSweepSummary(summary, a.quiet)}\nwrote ${['sweep.json', 'sweep.csv', 'sweep.html'].map((f) => path.join(a.out!, f)).join(', ')}\n`,
    );
    return 0;
  } catch (e) {
    const m = inputProblem(e);
    if (m === undefined) throw e;
    return fail(m);
  }
}
