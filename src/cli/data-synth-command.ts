/**
 * `rocky-bot data synth`: write a seeded synthetic bookTicker tape as a data.binance.vision CSV.
 * The committed samples in data/ come from this command (docs/market-data.md gives the lines).
 */
import path from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ConfigError } from '../config/config-error.js';
import { parsePriceSource } from '../market-data/price-source.js';
import type { SyntheticConfig } from '../market-data/synthetic.js';
import { writeSyntheticCsv } from '../market-data/synthetic-csv.js';
import { DEFAULT_RULES } from '../scenario/scenario.js';
import { parseDurationMs } from '../config/yaml-reader.js';

interface SynthArgs {
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
}

export const dataSynthCommand: CommandModule<object, SynthArgs> = {
  command: 'synth',
  describe: 'Write a seeded synthetic bookTicker tape (public-data CSV columns)',
  builder: (y: Argv<object>) =>
    y
      .option('symbol', { type: 'string', demandOption: true, describe: 'exchange symbol, e.g. BTCUSDT' })
      .option('out', { type: 'string', demandOption: true, describe: 'output CSV file' })
      .option('start', { type: 'string', default: '2025-01-01T00:00:00Z', describe: 'time of the first tick (ISO-8601 UTC)' })
      .option('duration', { type: 'string', default: '10m', describe: 'tape length, e.g. 10m, 6h' })
      .option('seed', { type: 'string', default: 'sample', describe: 'seed (same seed, same tape)' })
      .option('tick-size', { type: 'number', describe: 'tick size (default from the symbol rules)' })
      .option('start-price', { type: 'number' })
      .option('drift-pct-per-day', { type: 'number' })
      .option('vol-pct-per-sqrt-day', { type: 'number' })
      .option('rate-hz', { type: 'number' }) as unknown as Argv<SynthArgs>,
  handler: (argv: ArgumentsCamelCase<SynthArgs>) => {
    process.exitCode = synthMain(argv);
  },
};

export function synthMain(a: SynthArgs): number {
  try {
    const startMs = Date.parse(a.start);
    if (!Number.isFinite(startMs)) throw new ConfigError('', '--start', `expected an ISO-8601 time, got "${a.start}"`);
    const durationMs = parseDurationMs(a.duration);
    if (!durationMs || durationMs <= 0)
      throw new ConfigError('', '--duration', `expected a duration such as 10m, got "${a.duration}"`);
    const tick = a.tickSize ?? (DEFAULT_RULES[a.symbol] ? Number(DEFAULT_RULES[a.symbol]!.tickSize) : undefined);
    if (!tick || !(tick > 0)) throw new ConfigError('', '--tick-size', `no default for ${a.symbol}; give a positive tick size`);
    const raw: Record<string, unknown> = { kind: 'synthetic' };
    if (a.startPrice !== undefined) raw.start_price = a.startPrice;
    if (a.driftPctPerDay !== undefined) raw.drift_pct_per_day = a.driftPctPerDay;
    if (a.volPctPerSqrtDay !== undefined) raw.vol_pct_per_sqrt_day = a.volPctPerSqrtDay;
    if (a.rateHz !== undefined) raw.rate_hz = a.rateHz;
    const cfg = parsePriceSource(raw, '<flags>', 'source') as SyntheticConfig;
    const r = writeSyntheticCsv(cfg, {
      symbol: a.symbol,
      startMs,
      durationMs,
      tickSize: tick,
      seed: a.seed,
      out: path.resolve(a.out),
    });
    process.stdout.write(`${a.out}: ${r.rows} rows, ${r.bytes} bytes\n`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`rocky-bot data synth: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
