/**
 * `sim`: one scenario run on the virtual clock. The world (build-world.ts, shared with `serve`),
 * the fleet's simulated links (sim-links.ts), and the session lifecycle `live` runs (src/session):
 *
 *   start − 10 min  the session's start-up through the sim client: exchangeInfo (the fleet's rules
 *                   come from the venue, as live), leverage per account and symbol, reconcile;
 *                   it must be done a minute before the start, so its request weight has left
 *                   every rate-limit window when trading begins;
 *   start           the report window opens; samples and outside flow start; the fleet runs;
 *   end             final sample; the report (the trading window) is built;
 *   end → …         the session's graceful stop: placements refused, loops aborted, in-flight
 *                   calls drained, open orders cancelled and read back until none is open.
 *
 * Determinism: the session's calls use streams of their own and happen in virtual time before
 * the start or after the end, so the trading window (and its report) is the same as without them.
 *
 * Errors end the run at once and reach the caller: a loop fault (bad tape data, a bug; see
 * engine/loop.ts) halts the scheduler, and an error thrown in a scheduler event (the venue's mark
 * read during a request, the position sampler, outside flow) rejects `runUntil`. Either way
 * `runScenario` rejects with that error (a ConfigError for bad data) after closing the tapes; no
 * report is built and no graceful stop runs (the loops' sleeps die with the scheduler).
 */
import type { EngineEvent, EventSink } from '../engine/events.js';
import { buildFleet } from '../engine/fleet.js';
import { ConfigError } from '../config/config-error.js';
import type { EventExport } from '../report/events-export.js';
import type { Report } from '../report/report.js';
import type { SeriesFile } from '../report/series.js';
import type { Scenario } from '../scenario/scenario.js';
import type { StopResult } from '../session/graceful-stop.js';
import { Session, type StartResult } from '../session/session.js';
import { CollectingLog } from '../session/session-log.js';
import { StopFlag } from '../session/stop-flag.js';
import { Scheduler, type SettleMode } from '../sim/scheduler.js';
import { buildWorld, type World } from './build-world.js';
import { simLinks } from './sim-links.js';

/** The session's start-up begins this long before the scenario start (virtual time is free). */
const PREROLL_MS = 10 * 60_000;
/** ... and must be done this long before it (the rate-limit windows are 60 s). */
const STARTUP_CLEAR_MS = 60_000;
/** The graceful stop must be done this long after the end. */
const STOP_LIMIT_MS = 10 * 60_000;
/** The sim's drain timeout for in-flight calls at stop (live's default). */
const DRAIN_TIMEOUT_MS = 15_000;

export interface SimRunOptions {
  /** Extra observer of every engine event (e.g. a trace writer). */
  onEvent?: (e: EngineEvent, now: number) => void;
  /** How the scheduler waits for resumed strategy code (see scheduler.ts); reports are identical. */
  settle?: SettleMode;
  /** Called with the world before the session starts (tests: leave orders of a "previous run"). */
  beforeStart?: (world: World) => void;
  /** Report window length (ms, a multiple of 10 s); the scenario's `report.window` otherwise. */
  windowMs?: number;
  /** false: count only the run totals (the bench's baseline without the time-resolved collectors). */
  collect?: boolean;
  /** Stream every event to CSV files as well (`--events DIR`). */
  events?: EventExport;
  /**
   * Called between slices of virtual time (every SLICE_MS) with the virtual time done so far; the
   * run yields to the event loop there, so a signal handler or a progress bar gets its turn.
   */
  onProgress?: (doneMs: number, totalMs: number) => void;
  /** Checked between slices: an aborted run throws its reason (io/atomic-write.ts Interrupted). */
  signal?: AbortSignal;
}

export interface SimRunResult {
  report: Report;
  /** The pictures' data (series.json), absent with `collect: false`. */
  series?: SeriesFile;
  eventsFired: number;
  /** What the session's start-up and stop did (the report covers the trading window only). */
  session: { start: StartResult; stop: StopResult; log: CollectingLog };
}

/** Virtual time between two yields to the event loop (progress, signals); results do not depend on it. */
const SLICE_MS = 5 * 60_000;

export async function runScenario(sc: Scenario, opts: SimRunOptions = {}): Promise<SimRunResult> {
  const start = sc.startMs;
  const end = start + sc.durationMs;
  const sched = new Scheduler(start - PREROLL_MS, opts.settle);
  const world = buildWorld(sc, sched, {
    accounts: sc.roster,
    startMs: start,
    endMs: end,
    windowMs: opts.windowMs,
    collect: opts.collect,
    events: opts.events,
  });
  const stop = new StopFlag();
  const links = simLinks(world, sched, stop);
  const log = new CollectingLog();
  const session = new Session({
    clock: sched,
    exchanges: links.session,
    symbols: world.symbols,
    leverage: sc.strategy.risk.leverage,
    reconcile: 'cancel',
    strictReconcile: true,
    log,
    stop,
  });
  opts.beforeStart?.(world);
  let started: StartResult;
  try {
    started = await sched.drive(session.start(), start - STARTUP_CLEAR_MS, 'session start-up');
  } catch (e) {
    world.close();
    if (e instanceof ConfigError) throw e; // bad tape data met while starting up
    // On the sim's fault-free session link only the scenario can make start-up fail.
    throw new ConfigError(sc.file, '', `session start-up failed against the simulated venue: ${(e as Error).message}`);
  }
  await sched.runUntil(start);
  world.openReportWindow();
  world.start(end);

  // Invariant watched on every placement: no order goes out on a feed older than the staleness
  // limit (plus 1 s for the request's round trip between the loop's check and this event).
  const staleLimitMs = (sc.strategy.feed.max_feed_age_s + 1) * 1000;
  const onEvent = opts.onEvent;
  const events: EventSink = {
    emit: (e) => {
      if (e.type === 'loop_fault') sched.halt(e.error);
      world.emit(e);
      if (e.type === 'order_placed' && links.feed.ageMs(e.symbol) > staleLimitMs) world.stats.quotesOnStaleFeed++;
      if (onEvent) onEvent(e, sched.now());
    },
  };
  const { tasks } = buildFleet(sc.roster, {
    clock: sched,
    feed: links.feed,
    rng: world.rng.split('fleet'),
    events,
    exchangeFor: (id) => links.trading.get(id)!,
    symbols: sc.symbols.map((s) => s.spec),
    rules: started.rules,
    config: sc.strategy,
    clientOrderIdPrefix: 'sim',
  });
  session.run(tasks);
  let report: Report;
  let series: SeriesFile | undefined;
  try {
    // Slices change nothing but when the event loop gets a turn: every event still fires in order.
    for (let t = Math.min(end, start + SLICE_MS); ; t = Math.min(end, t + SLICE_MS)) {
      await sched.runUntil(t);
      if (opts.onProgress || opts.signal) {
        opts.onProgress?.(t - start, sc.durationMs);
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (opts.signal?.aborted) {
          stop.stop('interrupted');
          throw opts.signal.reason;
        }
      }
      if (t >= end) break;
    }
    world.sample();
    world.finish();
    report = world.report(sc.durationMs);
    series = world.series();
  } catch (e) {
    world.close();
    throw e;
  }

  const stopped = await sched.drive(
    session.stop({ keepOrders: false, drainTimeoutMs: DRAIN_TIMEOUT_MS }),
    end + STOP_LIMIT_MS,
    'graceful stop',
  );
  world.close();
  return { report, series, eventsFired: sched.eventsFired, session: { start: started, stop: stopped, log } };
}
