/**
 * `rocky-bot data fetch`: download daily USD-M archives from Binance's public-data site, verified
 * against their published sha256 (src/live/public-data-fetch.ts). Registered under `data`.
 * Exit 2 for bad input, 1 for a failed download; one line per file on stdout.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
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
}

const stdio: DataFetchIo = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

export function formatFetchResult(r: FetchResult): string {
  const verb = r.status === 'downloaded' ? 'downloaded' : 'skipped (already present, checksum ok)';
  return `${verb} ${r.file} ${r.bytes} bytes sha256 ${r.sha256}`;
}

export const dataFetchCommand: CommandModule<object, DataFetchArgs> = {
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
      }) as unknown as Argv<DataFetchArgs>,
  handler: async (argv: ArgumentsCamelCase<DataFetchArgs>) => {
    process.exitCode = await dataFetchMain(argv);
  },
};

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
  try {
    await fetchDaily({
      symbol: String(argv.symbol),
      type: argv.type,
      dates,
      outDir: argv.out,
      baseUrl: argv.baseUrl,
      onResult: (r) => io.out(formatFetchResult(r)),
    });
  } catch (e) {
    if (e instanceof PublicDataError) {
      io.err(`${prefix}: ${e.message}`);
      return e.kind === 'bad-input' ? 2 : 1;
    }
    throw e;
  }
  return 0;
}
