/**
 * The live composition (strategy-loops.md §5, design.md §7), used by `rocky-bot live`:
 * keys → one RockyHost for the base URL + one RockyClient per account → time sync → the session
 * start-up (src/session: exchangeInfo, leverage per symbol, reconciliation — the same code the sim
 * runs) → the user-data stream where the backend offers it (user-stream.ts) → BinanceFeed → buildFleet and the session's run with RealClock → periodic status line
 * (+ optional metrics endpoint) → the session's graceful stop on SIGINT/SIGTERM.
 *
 * Everything process-global (stdout, signals, exit, timers) comes in through LiveEnv so tests run
 * the whole composition against loopback servers with fake timers.
 */
import { randomBytes } from 'node:crypto';
import type { EventSink } from '../engine/events.js';
import { buildFleet } from '../engine/fleet.js';
import type { Exchange } from '../engine/ports.js';
import { SeededRng } from '../engine/rng.js';
import type { AccountSpec } from '../engine/roster.js';
import type { SymbolRules } from '../engine/types.js';
import { BinanceFeed, DEFAULT_FEED_BASE } from './binance-feed.js';
import { DryRunExchange } from './dry-run-exchange.js';
import { loadKeys, Redactor } from '../config/keys.js';
import { loadLiveConfig, symbolSpecs } from '../config/live-config.js';
import { startLatencyRecording, type LatencyRecording } from './latency-recording.js';
import { fanout, JsonLogger } from './logger.js';
import { InstrumentedExchange, Metrics } from './metrics.js';
import { RealClock, systemTimers, type TimerFns } from '../io/real-clock.js';
import { RockyClient } from './rocky-client.js';
import { RockyHost } from './rocky-transport.js';
import { installSignals, type SignalSource } from './signals.js';
import { statusFields } from './status-line.js';
import { startUserStreams, type UserStreams } from './user-stream.js';
import { Session } from '../session/session.js';
import { CredentialError } from '../session/startup-retry.js';
import { StopFlag } from '../session/stop-flag.js';

export interface LiveOptions {
  keysPath: string;
  configPath?: string;
  dryRun?: boolean;
  keepOrders?: boolean;
  metricsPort?: number;
  metricsHost?: string;
  feedUrl?: string;
  /** Overrides the keys file's base_url. */
  baseUrl?: string;
  /** Overrides live.reconcile from the config. */
  reconcile?: 'cancel' | 'adopt';
  /** Record every REST request's round trip to this CSV (src/market-data/latency-log.ts). */
  recordLatencyPath?: string;
  /** Consume the backend's user-data stream when it offers one (default true; false: polling only). */
  userStream?: boolean;
}

export interface LiveEnv {
  timers?: TimerFns;
  write?: (line: string) => void;
  signals?: SignalSource;
  /** Immediate exit (second signal). */
  exit?: (code: number) => void;
  /** Called once the fleet is running (tests use it to drive time and send signals). */
  onRunning?: (h: LiveHandle) => void;
  /** Root seed for jitter; random by default. */
  seed?: string;
}

export interface LiveHandle {
  feed: BinanceFeed;
  metrics: Metrics;
  stop: StopFlag;
  clients: Map<string, Exchange>;
  /** REST requests sent and not yet answered. */
  inFlight(): number;
  /** Trigger the same path as SIGTERM. */
  shutdown(): void;
}

/** Exit codes: 0 ok, 1 runtime failure (or orders possibly left open), 2 bad input. */
export async function runLive(opts: LiveOptions, env: LiveEnv = {}): Promise<number> {
  const timers = env.timers ?? systemTimers;
  const clock = new RealClock(timers);
  const redactor = new Redactor();
  const log = new JsonLogger({ write: env.write, redactor, now: () => timers.now() });

  // ---- input -------------------------------------------------------------------------------
  let keys;
  let cfg;
  try {
    keys = await loadKeys(opts.keysPath);
    cfg = loadLiveConfig(opts.configPath);
  } catch (e) {
    log.error('bad_input', { error: (e as Error).message });
    return 2;
  }
  for (const a of keys.accounts) {
    redactor.add(a.key);
    redactor.add(a.secret);
  }
  for (const w of keys.warnings) log.warn('keys_warning', { warning: w });
  const baseUrl = (opts.baseUrl ?? keys.baseUrl).replace(/\/+$/, '');
  const live = cfg.live;
  if (opts.reconcile) live.reconcile = opts.reconcile;
  const symbols = symbolSpecs(live.symbols);
  const exSymbols = symbols.map((s) => s.exchange);
  const seed = env.seed ?? randomBytes(16).toString('hex');
  const rng = new SeededRng(seed);
  const runTag = `rb${Math.floor(timers.now() / 1000).toString(36)}-`;
  log.info('live_start', {
    baseUrl,
    accounts: keys.accounts.length,
    symbols: exSymbols,
    dryRun: !!opts.dryRun,
    keepOrders: !!opts.keepOrders,
    reconcile: opts.dryRun ? 'report' : live.reconcile,
    seed,
    clientOrderIdPrefix: runTag,
  });

  // ---- clients -----------------------------------------------------------------------------
  const stop = new StopFlag();
  let latency: LatencyRecording;
  try {
    latency = startLatencyRecording(opts.recordLatencyPath, log);
  } catch (e) {
    log.error('bad_input', { error: `--record-latency: ${(e as Error).message}` });
    return 2;
  }
  const host = new RockyHost(baseUrl, clock, stop, { timeoutMs: live.timeout_ms, onRoundTrip: latency.onRoundTrip });
  const metrics = new Metrics();
  const raw = new Map<string, RockyClient>();
  const exchanges = new Map<string, Exchange>();
  for (const a of keys.accounts) {
    const c = new RockyClient(host, a.id, a.key, a.secret, { recvWindow: live.recv_window_ms, clientOrderIdPrefix: runTag });
    raw.set(a.id, c);
    const ex: Exchange = opts.dryRun ? new DryRunExchange(c, a.id, log, stop) : c;
    exchanges.set(a.id, new InstrumentedExchange(ex, a.id, metrics));
  }

  const feed = new BinanceFeed({
    url: opts.feedUrl ?? DEFAULT_FEED_BASE,
    symbols: exSymbols,
    timers,
    rng: rng.split('feed'),
    onEvent: (e) =>
      e.type === 'feed_error' || e.type === 'feed_dead' || e.type === 'feed_disconnected'
        ? log.warn(e.type, e)
        : log.info(e.type, e),
  });
  let metricsServer: { port: number; close: () => Promise<void> } | undefined;
  let userStreams: UserStreams | undefined;
  const cleanup = async (): Promise<void> => {
    userStreams?.close();
    feed.close();
    await metricsServer?.close();
    await host.close().catch(() => {});
    latency.close();
  };

  // ---- start-up: time, then the session's exchangeInfo, leverage, reconciliation -------------
  const session = new Session({
    clock,
    exchanges,
    symbols: exSymbols,
    leverage: cfg.strategy.risk.leverage,
    reconcile: opts.dryRun ? 'report' : live.reconcile,
    strictReconcile: !opts.dryRun,
    log,
    stop,
    exchangeInfoFields: () => ({ weightLimit1m: host.weightLimit1m, orderLimit10s: host.orderLimit10s }),
    leverageFields: { dryRun: !!opts.dryRun },
    syncTime: async () => {
      await host.syncTime();
      log.info('time_synced', { offsetMs: host.timeOffsetMs });
    },
    startupDeadlineMs: live.startup_deadline_s * 1000,
    rng: rng.split('startup'),
  });
  let rules: Record<string, SymbolRules>;
  try {
    ({ rules } = await session.start());
  } catch (e) {
    log.error('startup_failed', { error: (e as Error).message });
    await cleanup();
    // A refused key or secret is bad input (the keys file): a restart would not help.
    return e instanceof CredentialError ? 2 : 1;
  }

  // ---- fleet -------------------------------------------------------------------------------
  const roster: AccountSpec[] = keys.accounts.map((a) => a.spec);
  // A loop fault (not an exchange error: bad data, a bug) is logged at error level by the logger and
  // still counted on the account's breaker, so a loop that keeps failing parks its account.
  const parkOnFault: EventSink = {
    emit: (e) => {
      if (e.type === 'loop_fault') fleet?.breakers.get(e.account)?.recordApiError();
    },
  };
  const events = fanout(log, metrics, parkOnFault);
  let fleet: ReturnType<typeof buildFleet> | undefined;
  try {
    fleet = buildFleet(roster, {
      clock,
      feed,
      rng: rng.split('fleet'),
      events,
      exchangeFor: (id) => exchanges.get(id)!,
      symbols,
      rules,
      config: cfg.strategy,
      clientOrderIdPrefix: runTag,
    });
  } catch (e) {
    log.error('fleet_build_failed', { error: (e as Error).message });
    await cleanup();
    return 2;
  }
  for (const id of fleet.breakers.keys()) metrics.set('rocky_breaker_state', { account: id }, 0);
  metrics.addCollector(() => {
    for (const s of exSymbols) {
      const age = feed.ageMs(s);
      metrics.set('rocky_feed_age_seconds', { symbol: s }, Number.isFinite(age) ? age / 1000 : -1);
    }
  });
  if (opts.metricsPort !== undefined) {
    try {
      metricsServer = await metrics.serve(opts.metricsPort, opts.metricsHost ?? '127.0.0.1');
      log.info('metrics_listening', { port: metricsServer.port, path: '/metrics' });
    } catch (e) {
      log.error('metrics_failed', { error: (e as Error).message });
      await cleanup();
      return 2;
    }
  }

  // Fills with fees from the user-data stream where offered, else polling; none in a dry run (reads only).
  if (opts.userStream !== false && !opts.dryRun)
    userStreams = await startUserStreams({ host, baseUrl, accounts: keys.accounts, timers, log, metrics });
  feed.start();
  const startedAt = timers.now();
  session.run(fleet.tasks);
  log.info('fleet_running', { tasks: fleet.tasks.length, names: fleet.tasks.slice(0, 3).map((t) => t.name) });

  // ---- status line -------------------------------------------------------------------------
  const statusOf = {
    roster,
    breakers: fleet.breakers,
    metrics,
    feed,
    symbols: exSymbols,
    capUsdc: cfg.strategy.risk.max_notional_usdc,
    uptimeS: () => Math.round((timers.now() - startedAt) / 1000),
    usedWeight1m: () => host.usedWeight1m,
    dryRun: !!opts.dryRun,
  };
  let statusTimer: unknown;
  const status = (): void => {
    log.info('status', statusFields(statusOf));
    statusTimer = timers.setTimeout(status, live.status_interval_s * 1000);
  };
  statusTimer = timers.setTimeout(status, live.status_interval_s * 1000);

  // ---- shutdown ----------------------------------------------------------------------------
  const signals = env.signals ?? process;
  const exit = env.exit ?? ((code: number) => process.exit(code));
  let resolveStop!: (sig: string) => void;
  const stopRequested = new Promise<string>((r) => (resolveStop = r));
  const uninstall = installSignals(
    signals,
    (sig) => {
      log.info('shutdown_requested', { signal: sig, keepOrders: !!opts.keepOrders });
      resolveStop(sig);
    },
    (sig) => {
      log.error('shutdown_forced', { signal: sig, note: 'second signal: exiting now, open orders may remain' });
      exit(130);
    },
  );
  env.onRunning?.({
    feed,
    metrics,
    stop,
    clients: exchanges,
    inFlight: () => host.inFlight,
    shutdown: () => resolveStop('internal'),
  });

  await stopRequested;
  // Placements are refused from here on (stop flag), before the loops even see the abort.
  stop.stop('signal');
  if (statusTimer !== undefined) timers.clearTimeout(statusTimer);
  // In a dry run the cancels go to the dry-run wrapper: nothing real is cancelled.
  const result = await session.stop({ keepOrders: !!opts.keepOrders, drainTimeoutMs: live.drain_timeout_s * 1000 });
  uninstall();
  await cleanup();
  const clean = result.stillOpen.length === 0 && result.errors.length === 0;
  log.info('live_stopped', {
    ordersPlaced: metrics.sum('rocky_orders_placed_total'),
    refusedAfterStop: [...raw.values()].reduce((n, c) => n + c.stats.refusedStopping, 0),
    clean,
  });
  return clean ? 0 : 1;
}
