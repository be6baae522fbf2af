/**
 * `rocky-bot data index FILE...`: parse bookTicker CSV tapes (plain, .gz, .zip) once into binary
 * tape indexes beside them (`FILE.tapeidx`, market-data/tape-index.ts), which every later replay
 * of FILE reads instead of the text (several times faster), and which a replay rebuilds by itself
 * when FILE has changed. A bad row or a broken archive is the replay's own one-line error, exit 2,
 * and leaves no index behind.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ConfigError } from '../config/config-error.js';
import type { BadRowPolicy } from '../market-data/line-tape-source.js';
import { buildTapeIndex, indexPathFor } from '../market-data/tape-index.js';
import { badInput, inputProblem, processIo, type CliIo } from './io.js';

export interface IndexArgs {
  files: string[];
  onBadRow: string;
  entry?: string;
}

export const dataIndexCommand = (io: CliIo, run: (job: () => Promise<number>) => void): CommandModule<object, IndexArgs> => ({
  command: 'index <files..>',
  describe: 'Parse bookTicker CSV tapes once into binary indexes beside them (FILE.tapeidx), read by later replays',
  builder: (y: Argv<object>) =>
    y
      .positional('files', { type: 'string', array: true, describe: 'bookTicker CSV tapes (.csv, .csv.gz, .zip)' })
      .option('on-bad-row', {
        type: 'string',
        default: 'error',
        describe: 'a bad row stops (error) or is skipped and counted (skip): as the scenario will replay it',
      })
      .option('entry', { type: 'string', describe: 'for .zip tapes: the entry to read (default: the only one)' })
      .example('$0 data index data/BTCUSDT-bookTicker-2024-07-18.zip', 'index one day of public data')
      .version(false) as unknown as Argv<IndexArgs>,
  handler: (argv: ArgumentsCamelCase<IndexArgs>) => run(() => indexMain(argv, io)),
});

export async function indexMain(a: IndexArgs, io: CliIo = processIo): Promise<number> {
  try {
    const policy = String(a.onBadRow ?? 'error');
    if (policy !== 'error' && policy !== 'skip')
      throw new ConfigError('', '--on-bad-row', `expected error or skip, got ${JSON.stringify(policy)}`);
    const opts = { onBadRow: policy as BadRowPolicy, ...(a.entry !== undefined ? { entry: a.entry } : {}) };
    for (const file of a.files ?? []) {
      const n = buildTapeIndex(String(file), opts);
      io.out(`${indexPathFor(String(file))}: ${n} ticks\n`);
    }
    return 0;
  } catch (e) {
    const m = inputProblem(e);
    if (m !== undefined) return badInput(io, 'data index', m);
    throw e;
  }
}
