/**
 * Composition root for the simulated world: the engine's fleet wired to the virtual clock, the
 * simulated feed and one latency-delayed exchange client per account. Live mode has its own root
 * (src/live/run-live.ts); the engine code they run is the same.
 */
import { buildFleet, runFleet } from '../engine/fleet.js';
import type { EngineEvent, EventSink } from '../engine/events.js';
import { snap } from '../engine/decimal.js';
import type { Rng } from '../engine/ports.js';
import { SeededRng } from '../engine/rng.js';
import type { SymbolRules } from '../engine/types.js';
import type { SimExchangeCore } from '../sim-exchange/exchange-core.js';
import { coreForScenario, rulesOf, statsFor, statsViewOf } from './scenario-exchange.js';
import { evaluate } from '../scenario/evaluate.js';
import { FaultModel } from '../sim/faults.js';
import { LatencyModel } from '../sim/latency.js';
import { buildReport, type Report } from '../report/report.js';
import type { ExternalFlow, Scenario } from '../scenario/scenario.js';
import { Scheduler, type SettleMode } from '../sim/scheduler.js';
import { SimAccountExchange } from '../sim/sim-client.js';
import { SimFeed } from '../sim/sim-feed.js';
import type { EventExport } from '../report/events-export.js';
import type { SeriesFile } from '../report/series.js';
import { seriesFile } from '../report/series-file.js';
import { TapeRanges } from '../report/tape-range.js';
import { openPriceSource, type OpenedPriceSource } from '../market-data/price-source.js';

/** How often the report samples every account's position (for max notional and time at cap). */
const SAMPLE_EVERY_MS = 10_000;

export interface SimRunOptions {
  /** Extra observer of every engine event (e.g. a trace writer). */
  onEvent?: (e: EngineEvent, now: number) => void;
  /** How the scheduler waits for resumed strategy code (see scheduler.ts); reports are identical. */
  settle?: SettleMode;
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
}

/** Virtual time between two yields to the event loop (progress, signals); results do not depend on it. */
const SLICE_MS = 5 * 60_000;

export async function runScenario(sc: Scenario, opts: SimRunOptions = {}): Promise<SimRunResult> {
  const start = sc.startMs;
  const end = start + sc.durationMs;
  const sched = new Scheduler(start, opts.settle);
  // Root stream named by the seed alone, so `data synth --seed N` writes the very tape a scenario
  // with seed N generates for that symbol.
  const root = new SeededRng(String(sc.seed));
  const faults = new FaultModel(sc.faults, start);
  const feed = new SimFeed(sched, faults);
  const symbols = sc.symbols.map((s) => s.spec.exchange);
  const rules = rulesOf(sc);
  const sources: OpenedPriceSource[] = [];
  const ranges = new TapeRanges();
  for (const s of sc.symbols) {
    const src = openPriceSource(s.source, {
      symbol: s.spec.exchange,
      startMs: start,
      durationMs: sc.durationMs,
      tickSize: Number(s.rules.tickSize),
      rng: root.split(`tape/${s.spec.exchange}`),
      baseDir: sc.baseDir,
    });
    sources.push(src);
    const lat = s.feedLatency ? new LatencyModel(s.feedLatency, root.split(`feed-latency/${s.spec.exchange}`)) : undefined;
    feed.addSymbol(s.spec.exchange, ranges.wrap(s.spec.exchange, src), lat);
  }

  const view = statsViewOf({ core: () => core, now: () => sched.now(), mid: (sym) => feed.mark(sym), ranges });
  const stats = statsFor(
    sc,
    sc.roster,
    view,
    { startMs: start, endMs: end, sampleMs: SAMPLE_EVERY_MS, windowMs: opts.windowMs },
    { collect: opts.collect, events: opts.events },
  );
  const core = coreForScenario(sc, sc.roster, (sym) => feed.mark(sym) ?? Number.NaN, stats);

  const clients = new Map<string, SimAccountExchange>();
  for (const a of sc.roster) {
    clients.set(
      a.id,
      new SimAccountExchange(
        core,
        sched,
        a.id,
        new LatencyModel(sc.exchange.latency, root.split(`latency/${a.id}`)),
        faults,
        root.split(`faults/${a.id}`),
        sc.exchange.request_timeout_ms,
      ),
    );
  }

  // Invariant watched on every placement: no order goes out on a feed older than the staleness
  // limit (plus 1 s for the request's round trip between the loop's check and this event).
  const staleLimitMs = (sc.strategy.feed.max_feed_age_s + 1) * 1000;
  const onEvent = opts.onEvent;
  const events: EventSink = {
    emit: (e) => {
      stats.emit(e);
      if (e.type === 'order_placed' && feed.ageMs(e.symbol) > staleLimitMs) stats.quotesOnStaleFeed++;
      if (onEvent) onEvent(e, sched.now());
    },
  };
  const { tasks } = buildFleet(sc.roster, {
    clock: sched,
    feed,
    rng: root.split('fleet'),
    events,
    exchangeFor: (id) => clients.get(id)!,
    symbols: sc.symbols.map((s) => s.spec),
    rules,
    config: sc.strategy,
    clientOrderIdPrefix: 'sim',
  });

  // Periodic position sampling: a state-only event, it resumes no strategy code.
  const sample = (): void => {
    stats.sampleAll();
    if (sched.now() + SAMPLE_EVERY_MS <= end) sched.at(sched.now() + SAMPLE_EVERY_MS, sample);
  };
  sched.at(start, sample);

  if (sc.externalFlow) scheduleExternalFlow(sc.externalFlow, core, sched, rules, root.split('external-flow'), end);

  const stop = new AbortController();
  void runFleet(tasks, stop.signal);
  // Slices change nothing but when the event loop gets a turn: every event still fires in order.
  for (let t = Math.min(end, start + SLICE_MS); ; t = Math.min(end, t + SLICE_MS)) {
    await sched.runUntil(t);
    if (opts.onProgress || opts.signal) {
      opts.onProgress?.(t - start, sc.durationMs);
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (opts.signal?.aborted) {
        stop.abort();
        for (const s of sources) s.close();
        throw opts.signal.reason;
      }
    }
    if (t >= end) break;
  }
  sample();
  stats.finish();
  stop.abort();
  for (const s of sources) s.close();

  const base = buildReport({
    scenario: sc.name,
    seed: sc.seed,
    durationMs: sc.durationMs,
    roster: sc.roster,
    symbols: sc.symbols,
    strategy: sc.strategy,
    stats,
    position: (acct, sym) => core.positionOf(acct, sym),
    mark: (sym) => feed.mark(sym),
    fees: (acct) => core.feesPaid(acct),
    api: (acct) => core.apiStats(acct),
    ticksRead: (sym) => feed.ticksRead(sym),
    tapeSummary: (sym) => sources[symbols.indexOf(sym)]!.summary(),
  });
  const report = evaluate(base, sc.expect);
  return { report, series: seriesFile(stats, sc), eventsFired: sched.eventsFired };
}

/** The account outside the fleet that external flow trades from. */
export const EXTERNAL_ACCOUNT = 'external-flow';

/**
 * Poisson-timed MARKET orders from outside the fleet, applied at the exchange directly. Rejections
 * (e.g. nothing to hit) are simply dropped: outside participants are not under test.
 */
function scheduleExternalFlow(
  flow: ExternalFlow,
  core: SimExchangeCore,
  sched: Scheduler,
  rules: Record<string, SymbolRules>,
  rng: Rng,
  end: number,
): void {
  if (flow.rate_per_min <= 0) return;
  core.addAccount(EXTERNAL_ACCOUNT, 1e12);
  const meanGapMs = 60_000 / flow.rate_per_min;
  const symbols = Object.keys(flow.qty).filter((s) => rules[s] && flow.qty[s]! > 0);
  if (symbols.length === 0) return;
  const next = (): void => {
    const sym = symbols[Math.floor(rng.next() * symbols.length)]!;
    const side = flow.side === 'random' ? (rng.next() < 0.5 ? 'BUY' : 'SELL') : flow.side;
    try {
      core.placeOrder(EXTERNAL_ACCOUNT, sched.now(), {
        symbol: sym,
        side,
        type: 'MARKET',
        quantity: snap(flow.qty[sym]!, rules[sym]!.stepSize, 'floor'),
      });
    } catch {
      // an empty book or a filter: the outside world shrugs
    }
    const t = sched.now() + Math.max(1, Math.round(-Math.log(1 - rng.next()) * meanGapMs));
    if (t <= end) sched.at(t, next);
  };
  sched.at(sched.now() + Math.round(-Math.log(1 - rng.next()) * meanGapMs), next);
}
