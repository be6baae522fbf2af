/**
 * `rocky-bot sim`: run scenario files (or folders of them), print summaries, write reports.
 * Everything is checked before the first simulation starts: flags, every scenario file, report
 * names (unique within the run, confined to the output folder) and that the output folders can be
 * written. Reports are written through temp-and-rename.
 * Exit codes: 0 every expectation met, 1 some expectation failed, 2 bad input (a scenario, a tape:
 * `file: where: what was expected`), 3 an internal error (a bug: one line, the stack only with
 * ROCKY_DEBUG=1). A run that fails writes no report.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ConfigError } from '../config/config-error.js';
import { parseSeedFlag, type Seed } from '../config/schema/primitives.js';
import { loadScenario, parseSetFlag, type Scenario, type SetOverride } from '../scenario/scenario.js';
import { parseDurationMs } from '../config/yaml-reader.js';
import { interruptible, Interrupted } from '../io/atomic-write.js';
import { folderProblem } from '../io/writable.js';
import { runScenario } from '../world/run-sim.js';
import { EventExport } from '../report/events-export.js';
import { writeRunFolder } from '../report/run-folder.js';
import { formatOneLine, formatSummary } from '../report/summary.js';
import { reportWindowProblem } from '../scenario/scenario.js';
import { badInput, inputProblem, processIo, type CliIo } from './io.js';
import { progressFor } from './progress.js';

export interface SimArgs {
  scenario: string[];
  seed?: string;
  duration?: string;
  out?: string;
  quiet: boolean;
  set?: string[];
  window?: string;
  events?: string;
  /** false with --no-html. */
  html?: boolean;
}

/** Expand folders to their *.yaml files (sorted), keep files as given. */
export function expandScenarioPaths(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new ConfigError(p, '', 'no such scenario file or folder');
    }
    if (st.isDirectory()) {
      const files = readdirSync(p)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort();
      if (files.length === 0) throw new ConfigError(p, '', 'folder holds no .yaml scenario files');
      out.push(...files.map((f) => path.join(p, f)));
    } else {
      out.push(p);
    }
  }
  return out;
}

export const simCommand = (io: CliIo, run: (job: () => Promise<number>) => void): CommandModule<object, SimArgs> => ({
  command: 'sim',
  describe: 'Run the fleet against the simulated exchange for one or more scenarios',
  builder: (y: Argv<object>) =>
    y
      .option('scenario', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML file(s) or folder(s)' })
      .option('seed', {
        type: 'string',
        describe: 'override the scenario seed: a whole number 0 to 2^53 − 1, or a word such as calm-1',
      })
      .option('duration', { type: 'string', describe: 'override the duration (e.g. 6h, 90m, 1d)' })
      .option('set', {
        type: 'string',
        array: true,
        describe: 'override one scenario key before validation, e.g. exchange.latency.median_ms=40 (repeatable)',
      })
      .option('out', { type: 'string', describe: 'report folder (default out/<scenario>/; a folder run writes <out>/<name>/)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'one line per scenario only' })
      .option('window', { type: 'string', describe: "report window length (default 15m, or the scenario's report.window)" })
      .option('events', { type: 'string', describe: 'also stream fills/orders/positions/breaker CSVs into this folder' })
      .option('html', { type: 'boolean', default: true, describe: 'write report.html beside report.json (--no-html skips it)' })
      .example('$0 sim --scenario scenarios/drift.yaml', 'run one scenario, report in out/drift/report.json')
      .example('$0 sim --scenario scenarios --quiet', 'run every scenario of a folder, one line each')
      .example('$0 sim --scenario scenarios/calm.yaml --seed 8 --duration 1h --out /tmp/calm', 'another seed, shorter, elsewhere')
      .example('$0 sim --scenario scenarios/drift.yaml --window 1h --events /tmp/ev', 'hourly windows, every event as CSV')
      .version(false) as unknown as Argv<SimArgs>,
  handler: (argv: ArgumentsCamelCase<SimArgs>) => run(() => simMain(argv, io)),
});

interface Planned {
  sc: Scenario;
  dir: string;
  /** --events folder of this scenario. */
  events?: string;
  windowMs?: number;
}

/** Check and load everything; undefined after printing the problem (exit 2). */
function plan(argv: SimArgs, io: CliIo): Planned[] | undefined {
  const bad = (m: string): undefined => void badInput(io, 'sim', m);
  const paths = (argv.scenario ?? []).filter((p) => p !== '');
  if (paths.length === 0) return bad('--scenario: expected one or more scenario files or folders');
  let durationMs: number | undefined;
  if (argv.duration !== undefined) {
    durationMs = parseDurationMs(argv.duration);
    if (durationMs === undefined || durationMs <= 0)
      return bad(`--duration: expected a duration such as 6h, 90m or 1d, got ${JSON.stringify(argv.duration)}`);
  }
  let windowMs: number | undefined;
  if (argv.window !== undefined) {
    windowMs = parseDurationMs(argv.window);
    const p = reportWindowProblem(windowMs);
    if (p) return bad(`--window: ${p}, got ${JSON.stringify(argv.window)}`);
  }
  let seed: Seed | undefined;
  if (argv.seed !== undefined) {
    const s = parseSeedFlag(String(argv.seed));
    if (Array.isArray(s)) return bad(`--seed: ${s[0]}`);
    seed = s;
  }
  if (argv.out !== undefined) {
    const p = folderProblem(argv.out);
    if (p) return bad(`--out: ${p}`);
  }
  let scenarios: Scenario[];
  try {
    const set: SetOverride[] = (argv.set ?? []).map(parseSetFlag);
    const files = expandScenarioPaths(paths);
    // Load (and so validate) every scenario before running any: bad input fails fast, nothing written.
    const errors: string[] = [];
    scenarios = [];
    for (const f of files) {
      try {
        scenarios.push(loadScenario(f, { seed, durationMs, set }));
      } catch (e) {
        const m = inputProblem(e);
        if (m === undefined) throw e;
        errors.push(m);
      }
    }
    if (errors.length) return bad(errors.join('\n'));
  } catch (e) {
    const m = inputProblem(e);
    if (m === undefined) throw e;
    return bad(m);
  }
  const several = scenarios.length > 1;
  const byName = new Map<string, string>();
  for (const sc of scenarios) {
    const prev = byName.get(sc.name);
    if (prev !== undefined)
      return bad(
        `${sc.file}: name: "${sc.name}" is also the name of ${prev}; expected one name per scenario (it names the report folder)`,
      );
    byName.set(sc.name, sc.file);
  }
  const planned: Planned[] = [];
  for (const sc of scenarios) {
    const base = argv.out ?? 'out';
    const dir = argv.out && !several ? argv.out : path.join(base, sc.name);
    const rel = path.relative(path.resolve(base), path.resolve(dir));
    if (rel.startsWith('..') || path.isAbsolute(rel)) return bad(`${sc.file}: name: "${sc.name}" would write outside ${base}`);
    const p = folderProblem(dir);
    if (p) return bad(`${argv.out !== undefined ? '--out' : 'report folder'}: ${p}`);
    const events = argv.events === undefined ? undefined : several ? path.join(argv.events, sc.name) : argv.events;
    const pe = events === undefined ? undefined : folderProblem(events);
    if (pe) return bad(`--events: ${pe}`);
    planned.push({ sc, dir, events, windowMs });
  }
  return planned;
}

export async function simMain(argv: SimArgs, io: CliIo = processIo): Promise<number> {
  let planned: Planned[] | undefined;
  try {
    planned = plan(argv, io);
  } catch (e) {
    return failure(io, e);
  }
  if (!planned) return 2;
  const several = planned.length > 1;
  let failed = 0;
  for (const { sc, dir, events: evDir, windowMs } of planned) {
    let report;
    let series;
    const events = evDir === undefined ? undefined : new EventExport(evDir, sc.startMs);
    const progress = progressFor(sc.name, argv.quiet || several);
    try {
      // SIGINT/SIGTERM abort the run between slices of virtual time; the CSVs' temp files go.
      ({ report, series } = await interruptible(io.signals, (signal) =>
        runScenario(sc, { windowMs, events, signal, onProgress: (d, t) => progress.update(d, t) }),
      ));
      events?.commit();
    } catch (e) {
      events?.discard();
      if (e instanceof Interrupted) {
        io.err(`rocky-bot sim: ${e.message}; no report written\n`);
        return e.signal === 'SIGTERM' ? 143 : 130;
      }
      return failure(io, e);
    } finally {
      progress.done();
    }
    const written = writeRunFolder(dir, report, series, { html: argv.html !== false });
    if (several || argv.quiet) {
      io.out(`${formatOneLine(report)}\n`);
    } else {
      io.out(
        `${formatSummary(report)}\n\nreport: ${written.report}${written.html ? `\nhtml:   ${written.html}` : ''}${events ? `\nevents: ${events.dir}` : ''}\n`,
      );
    }
    const bad = report.expectations.filter((e) => !e.ok);
    if (bad.length) {
      failed++;
      if (!several) io.out(`\n${bad.length} expectation(s) failed: ${bad.map((e) => e.name).join('; ')}\n`);
    }
  }
  if (several) io.out(`${planned.length - failed} of ${planned.length} scenarios met their expectations\n`);
  return failed ? 1 : 0;
}

/** Exit code for an error that ended the command: 2 for bad input, 3 for anything else (a bug). */
function failure(io: CliIo, e: unknown): number {
  const m = inputProblem(e);
  if (m !== undefined) return badInput(io, 'sim', m);
  const debug = process.env.ROCKY_DEBUG === '1';
  const msg = e instanceof Error ? (debug && e.stack ? e.stack : `${e.name}: ${e.message}`) : String(e);
  io.err(`rocky-bot sim: internal error: ${msg}${debug ? '' : ' (ROCKY_DEBUG=1 shows the stack)'}\n`);
  return 3;
}
