/**
 * `rocky-bot live`, `rocky-bot keys check` and `rocky-bot record`: parsing and wiring only; the work
 * lives in src/live. Exit codes: 0 ok, 1 runtime failure, 2 bad input (flags checked before any
 * connection is made).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { DEFAULT_SYMBOLS } from '../engine/roster.js';
import { BinanceFeed, DEFAULT_FEED_BASE } from '../live/binance-feed.js';
import { KeysError, loadKeys, Redactor } from '../config/keys.js';
import { JsonLogger } from '../live/logger.js';
import { RealClock } from '../io/real-clock.js';
import { BookTickerRecorder } from '../market-data/recorder.js';
import { RockyClient } from '../live/rocky-client.js';
import { RockyHost } from '../live/rocky-transport.js';
import { runLive } from '../live/run-live.js';
import { installSignals, type SignalSource } from '../live/signals.js';
import { SeededRng } from '../engine/rng.js';
import { randomBytes } from 'node:crypto';
import { fileProblem, folderProblem } from '../io/writable.js';
import { badInput, processIo, type CliIo } from './io.js';

type Run = (job: () => Promise<number>) => void;

/** Undefined when `v` is a URL with one of `protocols`; otherwise the problem. */
export function urlProblem(v: string, protocols: readonly string[]): string | undefined {
  try {
    if (protocols.includes(new URL(v).protocol)) return undefined;
  } catch {
    /* not a URL */
  }
  return `expected a ${protocols.join('/')} URL, got ${JSON.stringify(v)}`;
}

interface LiveArgs {
  keys: string;
  config?: string;
  dryRun: boolean;
  keepOrders: boolean;
  metricsPort?: number;
  metricsHost: string;
  feedUrl?: string;
  baseUrl?: string;
  adoptOrders: boolean;
  recordLatency?: string;
}

export const liveCommand = (io: CliIo, run: Run): CommandModule<object, LiveArgs> => ({
  command: 'live',
  describe: 'Run the fleet against the real Rocky backend and the Binance bookTicker feed',
  builder: (y: Argv<object>) =>
    y
      .option('keys', { type: 'string', demandOption: true, describe: '.keys.json with base_url and the accounts' })
      .option('config', { type: 'string', describe: 'YAML overrides of the strategy defaults and a live: section' })
      .option('dry-run', {
        type: 'boolean',
        default: false,
        describe: 'run feed and loops, read accounts, log the orders it would send; send none',
      })
      .option('keep-orders', { type: 'boolean', default: false, describe: 'leave open orders on the exchange at shutdown' })
      .option('adopt-orders', {
        type: 'boolean',
        default: false,
        describe: 'at start, keep open orders left by a previous run instead of cancelling them',
      })
      .option('metrics-port', { type: 'number', describe: 'serve Prometheus metrics on this port (/metrics)' })
      .option('metrics-host', { type: 'string', default: '127.0.0.1', describe: 'address for the metrics endpoint' })
      .option('feed-url', {
        type: 'string',
        describe: `bookTicker WebSocket base or full URL (default ${DEFAULT_FEED_BASE}/public/stream?streams=…)`,
      })
      .option('base-url', { type: 'string', describe: "override the keys file's base_url" })
      .option('record-latency', {
        type: 'string',
        describe: "record every REST request's round trip to this CSV (replay it with exchange.latency: { model: replay })",
      })
      .example('$0 live --keys .keys.json --dry-run', 'connect, run every loop, send no order')
      .example('$0 live --keys .keys.json --record-latency logs/latency.csv', 'trade and record the round trips')
      .example('$0 live --keys .keys.json --config live.yaml --metrics-port 9464', 'trade, with overrides and metrics')
      .version(false) as unknown as Argv<LiveArgs>,
  handler: (argv: ArgumentsCamelCase<LiveArgs>) => run(() => liveMain(argv, io)),
});

export async function liveMain(argv: LiveArgs, io: CliIo = processIo): Promise<number> {
  if (
    argv.metricsPort !== undefined &&
    (!Number.isInteger(argv.metricsPort) || argv.metricsPort < 0 || argv.metricsPort > 65535)
  ) {
    return badInput(io, 'live', `--metrics-port: expected a port 0-65535, got ${argv.metricsPort}`);
  }
  for (const [flag, v, protos] of [
    ['--feed-url', argv.feedUrl, ['ws:', 'wss:']],
    ['--base-url', argv.baseUrl, ['http:', 'https:']],
  ] as const) {
    if (v === undefined) continue;
    const p = urlProblem(v, protos);
    if (p) return badInput(io, 'live', `${flag}: ${p}`);
  }
  if (argv.recordLatency !== undefined) {
    const p = fileProblem(String(argv.recordLatency));
    if (p) return badInput(io, 'live', `--record-latency: ${p}`);
  }
  return runLive(
    {
      keysPath: argv.keys,
      configPath: argv.config,
      dryRun: argv.dryRun,
      keepOrders: argv.keepOrders,
      metricsPort: argv.metricsPort,
      metricsHost: argv.metricsHost,
      feedUrl: argv.feedUrl,
      baseUrl: argv.baseUrl,
      reconcile: argv.adoptOrders ? 'adopt' : undefined,
      recordLatencyPath: argv.recordLatency,
    },
    io === processIo ? {} : { write: (l) => io.out(l), signals: io.signals as never },
  );
}

interface KeysCheckArgs {
  keys: string;
  online: boolean;
}

const keysCheck = (io: CliIo, run: Run): CommandModule<object, KeysCheckArgs> => ({
  command: 'check',
  describe: 'Validate a keys file (roles, duplicates, missing fields, roster, file mode) without trading',
  builder: (y: Argv<object>) =>
    y
      .option('keys', { type: 'string', demandOption: true, describe: 'the .keys.json to check' })
      .option('online', {
        type: 'boolean',
        default: false,
        describe: 'also read each account balance (signed, read-only) to prove the keys work',
      })
      .example('$0 keys check --keys .keys.json', 'offline: fields, roles, duplicates, file mode')
      .example('$0 keys check --keys .keys.json --online', 'also read every balance with a signed request')
      .version(false) as unknown as Argv<KeysCheckArgs>,
  handler: (argv: ArgumentsCamelCase<KeysCheckArgs>) => run(() => keysCheckMain(argv, (s) => io.out(s))),
});

export async function keysCheckMain(
  argv: KeysCheckArgs,
  out: (s: string) => void = (s) => void process.stdout.write(s),
): Promise<number> {
  let keys;
  try {
    keys = await loadKeys(argv.keys);
  } catch (e) {
    if (e instanceof KeysError) {
      out(`${argv.keys}: INVALID\n${e.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      return 2;
    }
    throw e;
  }
  const roles = { ladder: 0, anchor: 0, taker: 0 };
  for (const a of keys.accounts) roles[a.spec.role]++;
  out(
    `${argv.keys}: OK, ${keys.accounts.length} accounts (${roles.ladder} ladders, ${roles.anchor} anchor, ${roles.taker} takers), base_url ${keys.baseUrl}\n`,
  );
  for (const w of keys.warnings) out(`  warning: ${w}\n`);
  if (!argv.online) return 0;
  const redactor = Redactor.forKeys(keys);
  const host = new RockyHost(keys.baseUrl, new RealClock());
  let failed = 0;
  try {
    await host.syncTime();
    out(`  server time offset ${host.timeOffsetMs} ms\n`);
    for (const a of keys.accounts) {
      const c = new RockyClient(host, a.id, a.key, a.secret);
      try {
        const rows = await c.balance();
        const usd = rows
          .filter((r) => Number(r.balance) !== 0)
          .map((r) => `${r.asset} ${r.balance}`)
          .join(', ');
        out(`  ${a.id}: ok (${usd || 'no balance'})\n`);
      } catch (e) {
        failed++;
        out(`  ${a.id}: FAILED ${redactor.redactString((e as Error).message)}\n`);
      }
    }
  } catch (e) {
    out(`  cannot reach ${keys.baseUrl}: ${redactor.redactString((e as Error).message)}\n`);
    failed++;
  } finally {
    await host.close();
  }
  return failed > 0 ? 1 : 0;
}

export const keysCheckCommand = (io: CliIo, run: Run): CommandModule<object, object> => ({
  command: 'keys',
  describe: 'Keys file tools (keys check --keys FILE)',
  builder: (y: Argv<object>) =>
    y
      .command(keysCheck(io, run))
      .demandCommand(1, 'name a keys command: check')
      .example('$0 keys check --keys .keys.json', 'validate a keys file')
      .version(false),
  handler: () => {},
});

interface RecordArgs {
  symbols: string;
  out: string;
  feedUrl?: string;
}

export const recordCommand = (io: CliIo, run: Run): CommandModule<object, RecordArgs> => ({
  command: 'record',
  describe: 'Record the live bookTicker stream to daily CSV files (data.binance.vision columns), replayable by sim',
  builder: (y: Argv<object>) =>
    y
      .option('symbols', {
        type: 'string',
        default: DEFAULT_SYMBOLS.map((s) => s.exchange).join(','),
        describe: 'comma-separated exchange symbols',
      })
      .option('out', { type: 'string', demandOption: true, describe: 'output folder' })
      .option('feed-url', {
        type: 'string',
        describe: `WebSocket base or full URL (default ${DEFAULT_FEED_BASE})`,
      })
      .example('$0 record --out data/recorded', 'BTCUSDT and ETHUSDT into daily CSVs until Ctrl-C')
      .example('$0 record --symbols BTCUSDT --out /tmp/rec --feed-url ws://127.0.0.1:8080', 'record a local serve feed')
      .version(false) as unknown as Argv<RecordArgs>,
  handler: (argv: ArgumentsCamelCase<RecordArgs>) =>
    run(() => recordMain(argv, { signals: io.signals as never, write: (l) => io.out(l), err: (l) => io.err(l) })),
});

export interface RecordEnv {
  signals?: SignalSource;
  write?: (line: string) => void;
  /** Called once the feed is started (tests). */
  onStarted?: (feed: BinanceFeed) => void;
  /** Bad-input messages (default stderr). */
  err?: (text: string) => void;
}

export async function recordMain(argv: RecordArgs, env: RecordEnv = {}): Promise<number> {
  const symbols = argv.symbols
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const io: CliIo = { ...processIo, ...(env.err ? { err: env.err } : {}) };
  if (symbols.length === 0 || symbols.some((s) => !/^[A-Z0-9]{2,30}$/.test(s))) {
    return badInput(io, 'record', `--symbols: expected e.g. BTCUSDT,ETHUSDT, got ${JSON.stringify(argv.symbols)}`);
  }
  if (argv.feedUrl !== undefined) {
    const p = urlProblem(argv.feedUrl, ['ws:', 'wss:']);
    if (p) return badInput(io, 'record', `--feed-url: ${p}`);
  }
  const outProblem = folderProblem(String(argv.out ?? ''));
  if (outProblem) return badInput(io, 'record', `--out: ${outProblem}`);
  const log = new JsonLogger({ write: env.write });
  let recorder: BookTickerRecorder;
  try {
    recorder = new BookTickerRecorder(argv.out);
  } catch (e) {
    return badInput(io, 'record', `--out: ${(e as Error).message}`);
  }
  const feed = new BinanceFeed({
    url: argv.feedUrl ?? DEFAULT_FEED_BASE,
    symbols,
    rng: new SeededRng(randomBytes(8).toString('hex')),
    onEvent: (e) => log.info(e.type, e),
  });
  feed.onTick((t) => recorder.write(t));
  log.info('record_start', { url: feed.url, out: argv.out, symbols });
  feed.start();
  env.onStarted?.(feed);
  const status = setInterval(() => log.info('record_status', { rows: recorder.rows, connected: feed.connected }), 60_000);
  let uninstall = (): void => {};
  await new Promise<void>((resolve) => {
    uninstall = installSignals(
      env.signals ?? process,
      () => resolve(),
      () => process.exit(130),
    );
  });
  uninstall();
  clearInterval(status);
  feed.close();
  await recorder.close();
  log.info('record_stopped', { rows: recorder.rows });
  return 0;
}
