/**
 * The simulated world, built from a scenario by one function for both `sim` (virtual clock) and
 * `serve` (server clock), so the two cannot drift apart: the same tapes from the same seeded
 * streams (same scenario + seed ⇒ same price path), the same funded venue, the same faults, the
 * same stats and report.
 *
 * Rules:
 * - One root stream per world, named by the seed alone (`String(seed)`), so `data synth --seed N`
 *   writes the very tape a scenario with seed N plays. Each component takes its own child:
 *   `tape/<symbol>` here, `external-flow` for outside liquidity; the sim's links take `latency/<id>`,
 *   `faults/<id>`, `feed-latency/<symbol>`, `session/...` and `fleet`; serve takes `serve/...`.
 * - World time of the scenario's start is `startMs` (sim: the scenario's own start; serve: the
 *   server's start); the tapes play from there (tape-cursor.ts) and the fault windows count from
 *   there.
 * - The stats see every fill (through the venue), every event the world is told of (`emit`) and
 *   every periodic sample (`sample`, every 10 s from `start()`, and once more on demand).
 * - The report covers the trading window: from `openReportWindow()` (the sim calls it at the
 *   scenario start, after the session's start-up) to the report; API calls made before the
 *   window opened are not counted in it.
 *
 * Models chosen per scenario are constructed here or in the files this one calls: the venue and
 * its fees (scenario-exchange.ts), funding and liquidation (perp-driver.ts), outside liquidity — none, Poisson outside orders
 * (external-flow.ts, `external_flow:`) and/or the tape's best bid/ask as outside quotes
 * (tape-quotes.ts, `outside_quotes:`); the sim's latency models in sim-links.ts.
 */
import type { EngineEvent } from '../engine/events.js';
import type { Rng } from '../engine/ports.js';
import { SeededRng } from '../engine/rng.js';
import type { AccountSpec } from '../engine/roster.js';
import type { SymbolRules } from '../engine/types.js';
import { openPriceSource, type OpenedPriceSource } from '../market-data/price-source.js';
import { buildReport, type Report } from '../report/report.js';
import type { EventExport } from '../report/events-export.js';
import type { SeriesFile } from '../report/series.js';
import { seriesFile } from '../report/series-file.js';
import type { RunStats } from '../report/stats.js';
import { TapeRanges } from '../report/tape-range.js';
import { evaluate } from '../scenario/evaluate.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Fill, SimExchangeCore } from '../sim-exchange/exchange-core.js';
import { FaultModel, type FaultsConfig } from '../sim/faults.js';
import { TapeCursor } from '../sim/tape-cursor.js';
import { startExternalFlow } from './external-flow.js';
import { coreForScenario, rulesOf, statsFor, statsViewOf } from './scenario-exchange.js';
import { TapeQuotes } from './tape-quotes.js';
import { PerpDriver } from './perp-driver.js';
import { PerpStats } from '../report/perp-stats.js';
import type { VenueListener } from '../sim-exchange/venue-events.js';
import type { WorldClock } from './world-clock.js';

/** How often the report samples every account's position (for max notional and time at cap). */
export const SAMPLE_EVERY_MS = 10_000;

export interface WorldOptions {
  /** Accounts on the venue: the scenario's roster (sim) or the keys file's accounts (serve). */
  accounts: AccountSpec[];
  /** World time of the scenario's start. Default: the scenario's start (the sim's virtual time). */
  startMs?: number;
  /** The faults in force. Default: the scenario's. */
  faults?: FaultsConfig;
  /** End of the run in world time when known in advance (sim); serve runs open-ended. */
  endMs?: number;
  /** Report window length (ms, a multiple of 10 s); the scenario's `report.window` otherwise. */
  windowMs?: number;
  /** false: count only the run totals (the bench's baseline without the time-resolved collectors). */
  collect?: boolean;
  /** Stream every event to CSV files as well (`--events DIR`). */
  events?: EventExport;
  /** serve: a tape may end before the scenario's duration, the last price holds (the sim requires coverage). */
  holdAfterTape?: boolean;
  /** Told of every fill after the stats (tests: ledger invariants after each fill). */
  onFill?: (f: Fill) => void;
  /** Told of every order, account and book change in the venue (serve's user-data stream). */
  listener?: VenueListener;
}

export interface World {
  readonly scenario: Scenario;
  readonly clock: WorldClock;
  /** The root stream (String(seed)); take children with split(name). */
  readonly rng: Rng;
  readonly startMs: number;
  readonly accounts: AccountSpec[];
  /** Exchange symbols, in scenario order. */
  readonly symbols: string[];
  readonly rules: Record<string, SymbolRules>;
  readonly faults: FaultModel;
  /** Each symbol's tape, by exchange symbol. */
  readonly tapes: Map<string, TapeCursor>;
  readonly core: SimExchangeCore;
  readonly stats: RunStats;
  /** Funding and liquidation (undefined when the scenario enables neither). */
  readonly perp: PerpDriver | undefined;
  /** The venue's mark at the current world time (NaN before the first tick). */
  mark(symbol: string): number;
  /** Tell the stats of an engine event (the sim's fleet, or serve's replies to placements). */
  emit(e: EngineEvent): void;
  /** One look at every account × symbol (max notional, time at cap). */
  sample(): void;
  /** Start the world's own activity from now until `endMs`: periodic samples, outside liquidity. */
  start(endMs: number): void;
  /** Count API calls from now on (see the module doc). */
  openReportWindow(): void;
  /** Close the time-resolved collectors at the end of a run of known length (the sim). */
  finish(): void;
  /** The report so far, over `durationMs` of trading, with the scenario's expectations checked. */
  report(durationMs: number): Report;
  /** The pictures' data (series.json); undefined with `collect: false`. */
  series(): SeriesFile | undefined;
  /** Release the tapes. */
  close(): void;
}

export function buildWorld(sc: Scenario, clock: WorldClock, o: WorldOptions): World {
  const startMs = o.startMs ?? sc.startMs;
  const rng = new SeededRng(String(sc.seed));
  const faults = new FaultModel(o.faults ?? sc.faults, startMs);
  const symbols = sc.symbols.map((s) => s.spec.exchange);
  const rules = rulesOf(sc);
  const sources = new Map<string, OpenedPriceSource>();
  const tapes = new Map<string, TapeCursor>();
  // The report's tap on every tape: the price range Binance showed so far (fills outside it).
  const ranges = new TapeRanges();
  for (const s of sc.symbols) {
    const sym = s.spec.exchange;
    const src = openPriceSource(s.source, {
      symbol: sym,
      startMs: sc.startMs,
      durationMs: sc.durationMs,
      tickSize: Number(s.rules.tickSize),
      rng: rng.split(`tape/${sym}`),
      baseDir: sc.baseDir,
      requireCoverage: o.holdAfterTape !== true,
    });
    sources.set(sym, src);
    tapes.set(sym, new TapeCursor(sym, ranges.wrap(sym, src), startMs - sc.startMs));
  }
  const mark = (sym: string): number => tapes.get(sym)?.markAt(clock.now()) ?? Number.NaN;
  const markOrUndefined = (sym: string): number | undefined => {
    const m = mark(sym);
    return Number.isFinite(m) ? m : undefined;
  };
  const view = statsViewOf({ core: () => core, now: () => clock.now(), mid: markOrUndefined, ranges });
  const stats = statsFor(
    sc,
    o.accounts,
    view,
    { startMs, endMs: o.endMs, sampleMs: SAMPLE_EVERY_MS, windowMs: o.windowMs },
    { collect: o.collect, events: o.events },
  );
  const quotes = sc.outsideQuotes ? new TapeQuotes(tapes, rules, sc.outsideQuotes) : undefined;
  const core = coreForScenario(sc, o.accounts, mark, stats, o.onFill, quotes, o.listener);
  const perpOn = sc.exchange.funding !== null || sc.exchange.liquidation !== null;
  const perpStats = perpOn
    ? new PerpStats(o.accounts, sc.exchange.funding !== null, sc.exchange.liquidation !== null)
    : undefined;
  const perp = perpStats ? new PerpDriver(sc, core, clock, symbols, mark, perpStats) : undefined;
  const sample = (): void => stats.sampleAll();
  const callsBefore = new Map<string, number>();

  return {
    scenario: sc,
    clock,
    rng,
    startMs,
    accounts: o.accounts,
    symbols,
    rules,
    faults,
    tapes,
    core,
    stats,
    perp,
    mark,
    emit: (e) => stats.emit(e),
    sample,
    start(endMs) {
      const every = (): void => {
        sample();
        if (clock.now() + SAMPLE_EVERY_MS <= endMs) clock.at(clock.now() + SAMPLE_EVERY_MS, every);
      };
      clock.at(clock.now(), every);
      if (sc.externalFlow) startExternalFlow(sc.externalFlow, core, clock, rules, rng.split('external-flow'), endMs);
      perp?.start(endMs);
    },
    openReportWindow() {
      for (const a of o.accounts) callsBefore.set(a.id, core.apiStats(a.id).calls);
    },
    report(durationMs) {
      const base = buildReport({
        scenario: sc.name,
        seed: sc.seed,
        durationMs,
        roster: o.accounts,
        symbols: sc.symbols,
        strategy: sc.strategy,
        stats,
        position: (acct, sym) => core.positionOf(acct, sym),
        mark: markOrUndefined,
        fees: (acct) => core.feesPaid(acct),
        api: (acct) => {
          const s = core.apiStats(acct);
          return { ...s, calls: s.calls - (callsBefore.get(acct) ?? 0) };
        },
        ticksRead: (sym) => tapes.get(sym)!.ticksRead,
        tapeSummary: (sym) => sources.get(sym)!.summary(),
        ...(perpStats ? { perp: perpStats, funding: (acct: string) => core.fundingOf(acct) } : {}),
      });
      return evaluate(base, sc.expect);
    },
    finish: () => stats.finish(),
    series: () => seriesFile(stats, sc),
    close() {
      for (const t of tapes.values()) t.close();
    },
  };
}
