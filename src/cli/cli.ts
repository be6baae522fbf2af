/**
 * rocky-bot command line: one verb per job. Parsing and wiring only; the work lives in the
 * composition roots (run-sim.ts for the simulator, src/live/run-live.ts for live mode).
 *
 * `main(argv, io)` runs one command line and returns its exit code without touching the process
 * (tests call it in-process). A handler only records the job; the job runs after yargs has
 * checked the whole line, so a flag error never starts any work. Exit codes: 0 ok, 1 failure
 * (expectations, downloads, live runtime), 2 bad input, 130/143 interrupted.
 */
import { createRequire } from 'node:module';
import yargs from 'yargs';
import { dataFetchCommand } from './data-fetch-command.js';
import { dataIndexCommand } from './data-index-command.js';
import { dataSynthCommand } from './data-synth-command.js';
import { badInput, type CliIo } from './io.js';
import { keysCheckCommand, liveCommand, recordCommand } from './live-commands.js';
import { compareCommand, reportCommand } from './report-commands.js';
import { schemaCommand } from './schema-command.js';
import { serveCommand } from './serve-command.js';
import { simCommand } from './sim-command.js';
import { sweepCommand } from './sweep-command.js';
import { workerCommand } from './worker-command.js';

/** Options that take several values; every other option given twice is an error rather than a silent array. */
const MULTI = new Set([
  'scenario',
  'set',
  'dirs',
  'files',
  'fault-outage',
  'fault-order-outage',
  'fault-spike',
  'fault-feed-gap',
]);

function repeatedOption(argv: Record<string, unknown>): true {
  for (const [k, v] of Object.entries(argv)) {
    if (k === '_' || k === '$0' || /[A-Z]/.test(k) || MULTI.has(k) || !Array.isArray(v)) continue;
    throw new Error(`--${k}: given ${v.length} times (${v.map((x) => JSON.stringify(x)).join(', ')}); expected one value`);
  }
  return true;
}

const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let job: (() => Promise<number>) | undefined;
  let failure: string | undefined;
  const run = (j: () => Promise<number>): void => {
    job = j;
  };
  const cli = yargs([...argv])
    .scriptName('rocky-bot')
    .exitProcess(false)
    .command(simCommand(io, run))
    .command(reportCommand(io, run))
    .command(compareCommand(io, run))
    .command(liveCommand(io, run))
    .command(keysCheckCommand(io, run))
    .command(recordCommand(io, run))
    .command(serveCommand(io, run))
    .command(sweepCommand(io, run))
    .command(workerCommand(io, run))
    .command({
      command: 'data',
      describe: 'Market data: synthetic tapes and Binance public-data archives',
      builder: (y) =>
        y
          .command(dataSynthCommand(io, run))
          .command(dataFetchCommand(io, run))
          .command(dataIndexCommand(io, run))
          .demandCommand(1, 'name a data command: synth, fetch, index')
          .example('$0 data synth --symbol BTCUSDT --out /tmp/btc.csv', 'a 10-minute synthetic tape')
          .version(false),
      handler: () => {},
    })
    .command(schemaCommand(io, run))
    .demandCommand(1, 'name a command: sim, sweep, worker, report, compare, live, serve, keys, record, data, schema')
    .example('$0 sim --scenario scenarios/drift.yaml', 'run a scenario')
    .example('$0 sim --help', 'the flags of one command')
    .strict()
    .check(repeatedOption)
    .version(VERSION)
    .help()
    .alias('help', 'h')
    .wrap(Math.min(120, process.stdout.columns || 100))
    .fail((msg, err) => {
      failure = msg || (err ? err.message : 'bad command line');
    });
  const output = await new Promise<string>((resolve) => {
    cli
      .parseAsync([...argv], {}, (_err, _argv, out) => resolve(out ?? ''))
      .catch((e: unknown) => {
        failure ??= (e as Error).message;
        resolve('');
      });
  });
  if (failure !== undefined) {
    badInput(io, '', failure);
    io.err('run `rocky-bot --help` for usage\n');
    return 2;
  }
  if (output) {
    io.out(`${output}\n`);
    return 0;
  }
  return job ? job() : 0;
}
