/**
 * `rocky-bot data fetch`: download daily USD-M archives from Binance's public-data site, verified
 * against their published sha256 (src/live/public-data-fetch.ts). Registered under `data`.
 * Exit 2 for bad input (checked before any download, the --out folder included), 1 for a failed
 * download, 130/143 when interrupted (the partial file is removed); one line per file on stdout.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { interruptible, Interrupted } from '../io/atomic-write.js';
import { folderProblem } from '../io/writable.js';
import type { CliIo } from './io.js';
import {
  DEFAULT_PUBLIC_DATA_BASE_URL,
  PUBLIC_DATA_TYPES,
  PublicDataError,
  expandDates,
  fetchDaily,
  type FetchResult,
  type PublicDataType,
} from '../market-data/public-data-fetch.js';

export interface DataFetchArgs {
  symbol: string;
  type: PublicDataType;
  date: string;
  out: string;
  baseUrl?: string;
}

export interface DataFetchIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** SIGINT/SIGTERM source: a signal stops the download and removes its temp file. */
  signals?: CliIo['signals'];
}

const stdio: DataFetchIo = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  signals: process,
};

export function formatFetchResult(r: FetchResult): string {
  const verb = r.status === 'downloaded' ? 'downloaded' : 'skipped (already present, checksum ok)';
  return `${verb} ${r.file} ${r.bytes} bytes sha256 ${r.sha256}`;
}

export const dataFetchCommand = (io: CliIo, run: (job: () => Promise<number>) => void): CommandModule<object, DataFetchArgs> => ({
  command: 'fetch',
  describe: "Download daily USD-M futures archives from Binance's public-data site, verifying their sha256",
  builder: (y: Argv<object>) =>
    y
      .option('symbol', { type: 'string', demandOption: true, describe: 'symbol, e.g. BTCUSDT' })
      .option('type', { type: 'string', choices: [...PUBLIC_DATA_TYPES], demandOption: true, describe: 'archive type' })
      .option('date', {
        type: 'string',
        demandOption: true,
        describe: 'UTC day YYYY-MM-DD, or an inclusive range YYYY-MM-DD..YYYY-MM-DD',
      })
      .option('out', { type: 'string', default: 'data/binance', describe: 'folder to write the .zip files to' })
      .option('base-url', {
        type: 'string',
        describe: `public-data site (default ${DEFAULT_PUBLIC_DATA_BASE_URL})`,
      })
      .example('$0 data fetch --symbol BTCUSDT --type trades --date 2024-07-18', 'one day of trades into data/binance/')
      .example('$0 data fetch --symbol ETHUSDT --type bookTicker --date 2024-03-01..2024-03-03 --out /tmp/tapes', 'three days')
      .version(false) as unknown as Argv<DataFetchArgs>,
  handler: (argv: ArgumentsCamelCase<DataFetchArgs>) =>
    run(() => dataFetchMain(argv, { out: (l) => io.out(`${l}\n`), err: (l) => io.err(`${l}\n`), signals: io.signals })),
});

/** The command's work, with injectable output for tests. Returns the exit code. */
export async function dataFetchMain(argv: DataFetchArgs, io: DataFetchIo = stdio): Promise<number> {
  const prefix = 'rocky-bot data fetch';
  let dates: string[];
  try {
    dates = expandDates(String(argv.date));
  } catch (e) {
    if (e instanceof PublicDataError) {
      io.err(`${prefix}: --date: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const outProblem = folderProblem(String(argv.out ?? ''));
  if (outProblem) {
    io.err(`${prefix}: --out: ${outProblem}`);
    return 2;
  }
  try {
    const work = (signal?: AbortSignal) =>
      fetchDaily({
        symbol: String(argv.symbol),
        type: argv.type,
        dates,
        outDir: argv.out,
        baseUrl: argv.baseUrl,
        onResult: (r) => io.out(formatFetchResult(r)),
        ...(signal ? { signal } : {}),
      });
    await (io.signals ? interruptible(io.signals, work) : work());
  } catch (e) {
    if (e instanceof Interrupted) {
      io.err(`${prefix}: ${e.message}; the file in progress was removed`);
      return e.signal === 'SIGTERM' ? 143 : 130;
    }
    if (e instanceof PublicDataError) {
      io.err(`${prefix}: ${e.message}`);
      return e.kind === 'bad-input' ? 2 : 1;
    }
    throw e;
  }
  return 0;
}
