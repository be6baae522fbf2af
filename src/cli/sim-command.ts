/** `rocky-bot sim`: run scenario files (or folders of them), print summaries, write reports. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ConfigError } from '../config/config-error.js';
import { loadScenario } from '../scenario/scenario.js';
import { parseDurationMs } from '../config/yaml-reader.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { runScenario } from '../world/run-sim.js';
import { stableJson } from '../report/stable-json.js';
import { formatOneLine, formatSummary } from '../report/summary.js';

interface SimArgs {
  scenario: string[];
  seed?: number;
  duration?: string;
  out?: string;
  quiet: boolean;
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

export const simCommand: CommandModule<object, SimArgs> = {
  command: 'sim',
  describe: 'Run the fleet against the simulated exchange for one or more scenarios',
  builder: (y: Argv<object>) =>
    y
      .option('scenario', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML file(s) or folder(s)' })
      .option('seed', { type: 'number', describe: 'override the scenario seed' })
      .option('duration', { type: 'string', describe: 'override the duration (e.g. 6h, 90m, 1d)' })
      .option('out', { type: 'string', describe: 'report folder (default out/<scenario>/)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'one line per scenario only' }) as unknown as Argv<SimArgs>,
  handler: async (argv: ArgumentsCamelCase<SimArgs>) => {
    process.exitCode = await simMain(argv);
  },
};

export async function simMain(argv: SimArgs): Promise<number> {
  let durationMs: number | undefined;
  if (argv.duration !== undefined) {
    durationMs = parseDurationMs(argv.duration);
    if (durationMs === undefined || durationMs <= 0) {
      process.stderr.write(`rocky-bot sim: --duration: expected a duration such as 6h, 90m or 1d, got "${argv.duration}"\n`);
      return 2;
    }
  }
  if (argv.seed !== undefined && (!Number.isInteger(argv.seed) || argv.seed < 0)) {
    process.stderr.write(`rocky-bot sim: --seed: expected a whole number ≥ 0, got ${argv.seed}\n`);
    return 2;
  }
  let files: string[];
  let scenarios;
  try {
    files = expandScenarioPaths(argv.scenario);
    // Load (and so validate) every scenario before running any: bad input fails fast, nothing written.
    scenarios = files.map((f) => loadScenario(f, { seed: argv.seed, durationMs }));
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`rocky-bot sim: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const several = scenarios.length > 1;
  let failed = 0;
  for (const sc of scenarios) {
    let report;
    try {
      ({ report } = await runScenario(sc));
    } catch (e) {
      if (e instanceof ConfigError) {
        process.stderr.write(`rocky-bot sim: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
    const dir = argv.out ? (several ? path.join(argv.out, sc.name) : argv.out) : path.join('out', sc.name);
    const file = path.join(dir, 'report.json');
    writeFileAtomic(file, stableJson(report));
    if (several || argv.quiet) {
      process.stdout.write(`${formatOneLine(report)}\n`);
    } else {
      process.stdout.write(`${formatSummary(report)}\n\nreport: ${file}\n`);
    }
    const bad = report.expectations.filter((e) => !e.ok);
    if (bad.length) {
      failed++;
      if (!several) process.stdout.write(`\n${bad.length} expectation(s) failed: ${bad.map((e) => e.name).join('; ')}\n`);
    }
  }
  if (several) process.stdout.write(`${scenarios.length - failed} of ${scenarios.length} scenarios met their expectations\n`);
  return failed ? 1 : 0;
}
