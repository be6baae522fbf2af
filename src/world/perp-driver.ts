/**
 * The perpetual's clockwork in a simulated world (sim and serve alike): funding settlements every
 * interval at multiples of it since 00:00 UTC, the premium samples the premium model needs, and the
 * liquidation checks, all as state-only callbacks on the world clock, from `start()` until the end
 * of the run. Nothing is scheduled for a model the scenario leaves off, so a scenario without them
 * runs exactly as before.
 *
 * Order at one instant: a settlement runs before a liquidation check scheduled for the same time
 * when it was scheduled first (the clock runs same-time callbacks in the order they were added).
 * The stats (PerpStats) see every settlement and every liquidation; the last settlements are kept
 * for GET /fapi/v1/fundingRate (at most 1000 per symbol, oldest dropped first).
 */
import type { PerpStats } from '../report/perp-stats.js';
import type { Scenario } from '../scenario/scenario.js';
import type { SimExchangeCore } from '../sim-exchange/exchange-core.js';
import { fundingModelOf, nextSettlement, type FundingModel } from '../sim-exchange/funding.js';
import type { Liquidation } from '../sim-exchange/perp-venue.js';
import type { WorldClock } from './world-clock.js';

export interface FundingSettled {
  symbol: string;
  rate: number;
  t: number;
  mark: number;
}

export const FUNDING_HISTORY_LIMIT = 1000;

export class PerpDriver {
  readonly funding: FundingModel | undefined;
  /** Per symbol, the latest settlements (oldest first). */
  readonly history = new Map<string, FundingSettled[]>();
  private readonly liquidationEveryMs: number;
  /** Told of every liquidation (serve's user-data stream and income history). */
  onLiquidation: ((l: Liquidation) => void) | undefined;

  constructor(
    sc: Scenario,
    private readonly core: SimExchangeCore,
    private readonly clock: WorldClock,
    private readonly symbols: readonly string[],
    private readonly mark: (symbol: string) => number,
    private readonly stats: PerpStats,
  ) {
    this.funding = sc.exchange.funding ? fundingModelOf(sc.exchange.funding) : undefined;
    this.liquidationEveryMs = sc.exchange.liquidation?.check_every ?? 0;
    for (const s of symbols) this.history.set(s, []);
  }

  start(endMs: number): void {
    const clock = this.clock;
    const f = this.funding;
    if (f !== undefined) {
      // Settlements are stamped with their scheduled time (a multiple of the interval): in the sim
      // that is the clock's time; serve's real-time clock runs the callback a little late.
      let due = nextSettlement(clock.now(), f.interval);
      const settle = (): void => {
        for (const sym of this.symbols) this.settle(f, sym, due);
        due += f.interval;
        if (due <= endMs) clock.at(due, settle);
      };
      if (due <= endMs) clock.at(due, settle);
      if (f.sampleEvery > 0) {
        const sample = (): void => {
          const t = clock.now();
          for (const sym of this.symbols) {
            const top = this.core.bookTop(sym);
            const m = this.mark(sym);
            if (top.bid !== undefined && top.ask !== undefined && Number.isFinite(m) && m > 0)
              f.sample(sym, ((top.bid + top.ask) / 2 - m) / m, t);
          }
          if (t + f.sampleEvery <= endMs) clock.at(t + f.sampleEvery, sample);
        };
        clock.at(clock.now() + f.sampleEvery, sample);
      }
    }
    const every = this.liquidationEveryMs;
    if (every > 0) {
      const check = (): void => {
        const t = clock.now();
        for (const l of this.core.liquidationCheck(t)) {
          this.stats.onLiquidation(l);
          this.onLiquidation?.(l);
        }
        if (t + every <= endMs) clock.at(t + every, check);
      };
      clock.at(clock.now() + every, check);
    }
  }

  private settle(f: FundingModel, sym: string, t: number): void {
    const rate = f.rate(sym, t);
    const payments = this.core.settleFunding(sym, rate, t);
    this.stats.onSettlement(sym, rate, payments);
    const h = this.history.get(sym)!;
    h.push({ symbol: sym, rate, t, mark: this.mark(sym) });
    if (h.length > FUNDING_HISTORY_LIMIT) h.shift();
  }
}
