/**
 * `rocky-bot data synth`: write a seeded synthetic bookTicker tape as a data.binance.vision CSV.
 * The committed samples in data/ come from this command (docs/market-data.md gives the lines).
 * It states the rows and bytes it will write before writing, and refuses more than
 * MAX_SYNTH_BYTES unless --force. Ctrl-C removes the half-written temp file.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ConfigError } from '../config/config-error.js';
import { parseSeedFlag } from '../config/schema/primitives.js';
import { parsePriceSource } from '../market-data/price-source.js';
import type { SyntheticConfig } from '../market-data/synthetic.js';
import { estimateSyntheticCsv, writeSyntheticCsvAsync } from '../market-data/synthetic-csv.js';
import { DEFAULT_RULES } from '../scenario/scenario.js';
import { parseDurationMs } from '../config/yaml-reader.js';
import { interruptible, Interrupted } from '../io/atomic-write.js';
import { fileProblem } from '../io/writable.js';
import { badInput, inputProblem, processIo, type CliIo } from './io.js';

/** Largest tape written without --force: 256 MiB, about 4 days at 10 Hz. */
export const MAX_SYNTH_BYTES = 256 * 1024 * 1024;

export interface SynthArgs {
  symbol: string;
  out: string;
  start: string;
  duration: string;
  seed: string;
  tickSize?: number;
  startPrice?: number;
  driftPctPerDay?: number;
  volPctPerSqrtDay?: number;
  rateHz?: number;
  force?: boolean;
}

export const dataSynthCommand = (io: CliIo, run: (job: () => Promise<number>) => void): CommandModule<object, SynthArgs> => ({
  command: 'synth',
  describe: 'Write a seeded synthetic bookTicker tape (public-data CSV columns)',
  builder: (y: Argv<object>) =>
    y
      .option('symbol', { type: 'string', demandOption: true, describe: 'exchange symbol, e.g. BTCUSDT' })
      .option('out', { type: 'string', demandOption: true, describe: 'output CSV file' })
      .option('start', { type: 'string', default: '2025-01-01T00:00:00Z', describe: 'time of the first tick (ISO-8601 UTC)' })
      .option('duration', { type: 'string', default: '10m', describe: 'tape length, e.g. 10m, 6h' })
      .option('seed', {
        type: 'string',
        default: 'sample',
        describe: 'seed: a whole number 0 to 2^53 − 1, or a word (same seed, same tape)',
      })
      .option('tick-size', { type: 'number', describe: 'tick size (default from the symbol rules)' })
      .option('start-price', { type: 'number', describe: 'first mid (default calibrated for BTC*/ETH*)' })
      .option('drift-pct-per-day', { type: 'number', describe: 'median trend, % per day (may be negative)' })
      .option('vol-pct-per-sqrt-day', { type: 'number', describe: 'daily volatility, %' })
      .option('rate-hz', { type: 'number', describe: 'book updates per second (default 10)' })
      .option('force', { type: 'boolean', default: false, describe: `write even beyond ${MAX_SYNTH_BYTES / 1024 / 1024} MiB` })
      .example('$0 data synth --symbol BTCUSDT --out data/BTCUSDT-bookTicker-sample.csv', 'the committed 10-minute sample')
      .example(
        '$0 data synth --symbol ETHUSDT --out /tmp/eth.csv --duration 6h --drift-pct-per-day -5 --seed 7',
        'a falling market',
      )
      .version(false) as unknown as Argv<SynthArgs>,
  handler: (argv: ArgumentsCamelCase<SynthArgs>) => run(() => synthMain(argv, io)),
});

const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MiB`;

export async function synthMain(a: SynthArgs, io: CliIo = processIo): Promise<number> {
  try {
    const symbol = String(a.symbol ?? '').toUpperCase();
    if (!/^[A-Z0-9]{2,30}$/.test(symbol))
      throw new ConfigError('', '--symbol', `expected an exchange symbol such as BTCUSDT, got ${JSON.stringify(a.symbol)}`);
    const startMs = Date.parse(a.start);
    if (!Number.isFinite(startMs))
      throw new ConfigError('', '--start', `expected an ISO-8601 time, got ${JSON.stringify(a.start)}`);
    const durationMs = parseDurationMs(a.duration);
    if (!durationMs || durationMs <= 0)
      throw new ConfigError('', '--duration', `expected a duration such as 10m, got ${JSON.stringify(a.duration)}`);
    const seed = parseSeedFlag(String(a.seed));
    if (Array.isArray(seed)) throw new ConfigError('', '--seed', seed[0]!);
    for (const [flag, v] of [
      ['--tick-size', a.tickSize],
      ['--start-price', a.startPrice],
      ['--drift-pct-per-day', a.driftPctPerDay],
      ['--vol-pct-per-sqrt-day', a.volPctPerSqrtDay],
      ['--rate-hz', a.rateHz],
    ] as const) {
      if (v !== undefined && !Number.isFinite(v)) throw new ConfigError('', flag, 'expected a number');
    }
    const tick = a.tickSize ?? (DEFAULT_RULES[symbol] ? Number(DEFAULT_RULES[symbol]!.tickSize) : undefined);
    if (tick === undefined) throw new ConfigError('', '--tick-size', `no default for ${symbol}; give a positive tick size`);
    if (!(tick > 0)) throw new ConfigError('', '--tick-size', `expected a positive tick size, got ${tick}`);
    const raw: Record<string, unknown> = { kind: 'synthetic' };
    if (a.startPrice !== undefined) raw.start_price = a.startPrice;
    if (a.driftPctPerDay !== undefined) raw.drift_pct_per_day = a.driftPctPerDay;
    if (a.volPctPerSqrtDay !== undefined) raw.vol_pct_per_sqrt_day = a.volPctPerSqrtDay;
    if (a.rateHz !== undefined) raw.rate_hz = a.rateHz;
    const cfg = parsePriceSource(raw, '', 'source') as SyntheticConfig;
    if (cfg.start_price === undefined && !/^(BTC|ETH)/.test(symbol))
      throw new ConfigError('', '--start-price', `no calibrated start price for ${symbol}; give --start-price`);
    const out = String(a.out ?? '');
    const p = fileProblem(out);
    if (p) throw new ConfigError('', '--out', p);
    const est = estimateSyntheticCsv(cfg, { symbol, startMs, durationMs, tickSize: tick });
    if (est.bytes > MAX_SYNTH_BYTES && !a.force)
      throw new ConfigError(
        '',
        '--duration',
        `the tape would be about ${est.rows} rows, ${mb(est.bytes)}, over the ${mb(MAX_SYNTH_BYTES)} bound; shorten --duration, lower --rate-hz, or add --force`,
      );
    io.err(`writing ${out}: about ${est.rows} rows, ${mb(est.bytes)}\n`);
    const r = await interruptible(io.signals, (signal) =>
      writeSyntheticCsvAsync(cfg, { symbol, startMs, durationMs, tickSize: tick, seed, out, signal }),
    );
    io.out(`${out}: ${r.rows} rows, ${r.bytes} bytes\n`);
    return 0;
  } catch (e) {
    if (e instanceof Interrupted) {
      io.err(`rocky-bot data synth: ${e.message}; nothing written\n`);
      return e.signal === 'SIGTERM' ? 143 : 130;
    }
    const m = inputProblem(e);
    if (m !== undefined) return badInput(io, 'data synth', m);
    throw e;
  }
}
