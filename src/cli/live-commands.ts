/**
 * `rocky-bot live`, `rocky-bot keys check` and `rocky-bot record`: parsing and wiring only; the work
 * lives in src/live. Exit codes: 0 ok, 1 runtime failure, 2 bad input.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { DEFAULT_SYMBOLS } from '../engine/roster.js';
import { BinanceFeed, DEFAULT_FEED_BASE } from '../live/binance-feed.js';
import { KeysError, loadKeys, Redactor } from '../config/keys.js';
import { JsonLogger } from '../live/logger.js';
import { RealClock } from '../io/real-clock.js';
import { BookTickerRecorder } from '../market-data/recorder.js';
import { RockyClient, RockyHost } from '../live/rocky-client.js';
import { runLive } from '../live/run-live.js';
import { installSignals, type SignalSource } from '../live/shutdown.js';
import { SeededRng } from '../engine/rng.js';
import { randomBytes } from 'node:crypto';

/** Set the exit code and make sure the process does end even if a handle lingers. */
function finish(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 3000).unref();
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
}

export const liveCommand: CommandModule<object, LiveArgs> = {
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
      .option('base-url', { type: 'string', describe: "override the keys file's base_url" }) as unknown as Argv<LiveArgs>,
  handler: async (argv: ArgumentsCamelCase<LiveArgs>) => {
    finish(await liveMain(argv));
  },
};

export async function liveMain(argv: LiveArgs): Promise<number> {
  if (
    argv.metricsPort !== undefined &&
    (!Number.isInteger(argv.metricsPort) || argv.metricsPort < 0 || argv.metricsPort > 65535)
  ) {
    process.stderr.write(`rocky-bot live: --metrics-port: expected a port 0-65535, got ${argv.metricsPort}\n`);
    return 2;
  }
  for (const [flag, v, protos] of [
    ['--feed-url', argv.feedUrl, ['ws:', 'wss:']],
    ['--base-url', argv.baseUrl, ['http:', 'https:']],
  ] as const) {
    if (v === undefined) continue;
    let ok = false;
    try {
      ok = (protos as readonly string[]).includes(new URL(v).protocol);
    } catch {
      ok = false;
    }
    if (!ok) {
      process.stderr.write(`rocky-bot live: ${flag}: expected a ${protos.join('/')} URL, got "${v}"\n`);
      return 2;
    }
  }
  return runLive({
    keysPath: argv.keys,
    configPath: argv.config,
    dryRun: argv.dryRun,
    keepOrders: argv.keepOrders,
    metricsPort: argv.metricsPort,
    metricsHost: argv.metricsHost,
    feedUrl: argv.feedUrl,
    baseUrl: argv.baseUrl,
    reconcile: argv.adoptOrders ? 'adopt' : undefined,
  });
}

interface KeysCheckArgs {
  keys: string;
  online: boolean;
}

const keysCheck: CommandModule<object, KeysCheckArgs> = {
  command: 'check',
  describe: 'Validate a keys file (roles, duplicates, missing fields, roster, file mode) without trading',
  builder: (y: Argv<object>) =>
    y.option('keys', { type: 'string', demandOption: true, describe: 'the .keys.json to check' }).option('online', {
      type: 'boolean',
      default: false,
      describe: 'also read each account balance (signed, read-only) to prove the keys work',
    }) as unknown as Argv<KeysCheckArgs>,
  handler: async (argv: ArgumentsCamelCase<KeysCheckArgs>) => {
    finish(await keysCheckMain(argv));
  },
};

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

export const keysCheckCommand: CommandModule<object, object> = {
  command: 'keys',
  describe: 'Keys file tools (keys check --keys FILE)',
  builder: (y: Argv<object>) => y.command(keysCheck).demandCommand(1, 'name a keys command: check'),
  handler: () => {},
};

interface RecordArgs {
  symbols: string;
  out: string;
  feedUrl?: string;
}

export const recordCommand: CommandModule<object, RecordArgs> = {
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
      }) as unknown as Argv<RecordArgs>,
  handler: async (argv: ArgumentsCamelCase<RecordArgs>) => {
    finish(await recordMain(argv));
  },
};

export interface RecordEnv {
  signals?: SignalSource;
  write?: (line: string) => void;
  /** Called once the feed is started (tests). */
  onStarted?: (feed: BinanceFeed) => void;
}

export async function recordMain(argv: RecordArgs, env: RecordEnv = {}): Promise<number> {
  const symbols = argv.symbols
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  if (symbols.length === 0 || symbols.some((s) => !/^[A-Z0-9]{2,30}$/.test(s))) {
    process.stderr.write(`rocky-bot record: --symbols: expected e.g. BTCUSDT,ETHUSDT, got "${argv.symbols}"\n`);
    return 2;
  }
  const log = new JsonLogger({ write: env.write });
  let recorder: BookTickerRecorder;
  try {
    recorder = new BookTickerRecorder(argv.out);
  } catch (e) {
    process.stderr.write(`rocky-bot record: --out: ${(e as Error).message}\n`);
    return 2;
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
