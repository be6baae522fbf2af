/**
 * One session of the fleet against one venue, the same code for `live` (the Rocky backend, or
 * `serve`) and `sim` (the simulated venue through the sim client):
 *
 *   start  (live: the server-time sync) → exchangeInfo (the fleet's trading rules come from the
 *          venue, never from local config) → leverage for every account and symbol → reconcile
 *          the orders a previous run left (cancel, adopt, or only report) → the rules for
 *          buildFleet. Every start-up call is retried on transient failures with jittered
 *          back-off until the start-up deadline (startup-retry.ts, `startup_retry` log lines); a
 *          key or secret the venue refuses fails at once naming its account (CredentialError);
 *   run    the fleet's loops (runFleet) until stop;
 *   stop   graceful-stop.ts: stop flag → abort the loops → drain in-flight calls → cancel open
 *          orders unless keepOrders → read back until none is open.
 *
 * Rules: every step goes through the Exchange port and the Clock port only (no I/O, no timers), so
 * a virtual clock runs it unchanged. A step that fails throws (start) or is reported in the result
 * (stop); what the world does with that (exit code, failing run) is the caller's. The log lines
 * and their fields are the ones docs/live.md documents.
 */
import { runFleet } from '../engine/fleet.js';
import type { LoopTask } from '../engine/fleet-types.js';
import type { Clock, Exchange, Rng } from '../engine/ports.js';
import type { SymbolRules } from '../engine/types.js';
import { gracefulStop, type StopResult } from './graceful-stop.js';
import { reconcile, type ReconcileMode, type ReconcileResult } from './reconcile.js';
import type { SessionLog } from './session-log.js';
import { retryingExchange, retryTransient, type RetryPolicy } from './startup-retry.js';
import { StopFlag } from './stop-flag.js';

/** How long start-up may take, retries included, unless the caller says (live: live.startup_deadline_s). */
export const DEFAULT_STARTUP_DEADLINE_MS = 60_000;

export interface SessionDeps {
  clock: Clock;
  /** One client per account (by account id), used for start-up and stop; the first answers exchangeInfo. */
  exchanges: Map<string, Exchange>;
  /** Exchange symbols the fleet trades (BTCUSDT). */
  symbols: string[];
  /** Set on every account and symbol at start. */
  leverage: number;
  reconcile: ReconcileMode;
  /** Reconciliation errors abort the start-up (true unless a dry run, which only reports). */
  strictReconcile: boolean;
  log: SessionLog;
  /** Shared with the clients, which refuse placements once it is up. A new one by default. */
  stop?: StopFlag;
  /** Extra fields for the `exchange_info` line, read after exchangeInfo answered. */
  exchangeInfoFields?: () => Record<string, unknown>;
  /** Extra fields for the `leverage_set` line. */
  leverageFields?: Record<string, unknown>;
  /** Run first at start (live: sync the server time), retried like every start-up call. */
  syncTime?: () => Promise<void>;
  /** Start-up must be done within this long, retries included (default 60 s). */
  startupDeadlineMs?: number;
  /** The back-off's jitter (the session's own stream). */
  rng?: Rng;
}

export interface StartResult {
  /** Trading rules by exchange symbol, from the venue's exchangeInfo. */
  rules: Record<string, SymbolRules>;
  reconcile: ReconcileResult;
}

export interface StopOptions {
  keepOrders: boolean;
  /** Longest wait for in-flight calls, ms (default 15 s). */
  drainTimeoutMs?: number;
}

export class Session {
  readonly stopFlag: StopFlag;
  private loops: AbortController | undefined;
  private fleetDone: Promise<void> = Promise.resolve();

  constructor(private readonly d: SessionDeps) {
    this.stopFlag = d.stop ?? new StopFlag();
  }

  /**
   * (time sync →) exchangeInfo → leverage → reconcile, transient failures retried until the
   * deadline. Throws (with a one-line message) when a step fails for good; a CredentialError when a
   * key or secret is refused.
   */
  async start(): Promise<StartResult> {
    const { d } = this;
    const policy: RetryPolicy = {
      clock: d.clock,
      ...(d.rng ? { rng: d.rng } : {}),
      deadlineAt: d.clock.now() + (d.startupDeadlineMs ?? DEFAULT_STARTUP_DEADLINE_MS),
      onRetry: (r) => d.log.warn('startup_retry', r),
    };
    if (d.syncTime) await retryTransient('time sync', d.syncTime, policy);
    const clients = new Map([...d.exchanges].map(([id, ex]) => [id, retryingExchange(ex, id, policy)] as const));
    const first = clients.values().next().value;
    if (first === undefined) throw new Error('no accounts to start a session with');
    const info = await first.exchangeInfo();
    const rules: Record<string, SymbolRules> = {};
    for (const s of d.symbols) {
      const r = info.symbols.find((x) => x.symbol === s);
      if (!r) throw new Error(`exchangeInfo has no symbol ${s}`);
      rules[s] = r;
    }
    d.log.info('exchange_info', { rules, ...d.exchangeInfoFields?.() });
    for (const ex of clients.values()) {
      for (const s of d.symbols) await ex.setLeverage(s, d.leverage);
    }
    d.log.info('leverage_set', { leverage: d.leverage, accounts: d.exchanges.size, symbols: d.symbols, ...d.leverageFields });
    const rec = await reconcile(clients, d.symbols, d.reconcile, d.log);
    d.log.info('reconcile_done', { found: rec.found, cancelled: rec.cancelled, adopted: rec.adopted, errors: rec.errors.length });
    if (rec.errors.length > 0 && d.strictReconcile) {
      throw new Error(`reconciliation failed for ${rec.errors.map((e) => `${e.account}/${e.symbol}: ${e.message}`).join('; ')}`);
    }
    return { rules, reconcile: rec };
  }

  /** Start the fleet's loops; they run until stop(). */
  run(tasks: LoopTask[]): void {
    if (this.loops) throw new Error('session already running');
    this.loops = new AbortController();
    this.fleetDone = runFleet(tasks, this.loops.signal);
  }

  /** Graceful stop (graceful-stop.ts). Safe before run(): then there is nothing to drain. */
  stop(o: StopOptions): Promise<StopResult> {
    const { d } = this;
    return gracefulStop({
      stop: this.stopFlag,
      loops: this.loops ?? new AbortController(),
      fleetDone: this.fleetDone,
      exchanges: d.exchanges,
      symbols: d.symbols,
      keepOrders: o.keepOrders,
      clock: d.clock,
      log: d.log,
      drainTimeoutMs: o.drainTimeoutMs,
    });
  }
}
