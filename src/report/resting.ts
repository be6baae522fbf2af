/**
 * Resting through the mid: orders that sit on the wrong side of the Binance mid (a BUY priced above
 * it, a SELL below it) — for example a taker's remainder resting 50 bps through the mid until the
 * taker's next iteration. Looked at on every periodic sample (every 10 s in the sim), per role.
 *
 * Rule: an order seen through the mid at n consecutive samples counts n × sampleMs of time; its
 * longest such run is `max_s`. So the resolution is one sample period, and a remainder that lived
 * less than one period between two samples is not seen at all. Memory: the orders through the mid
 * at the latest sample.
 */
import type { Side } from '../engine/types.js';
import { ROLES } from './counters.js';
import type { StatsView } from './stats-view.js';

export interface RestingAcc {
  orders: number;
  samples: number;
  maxRun: number;
}

export class RestingThroughMid {
  readonly byRole: RestingAcc[] = ROLES.map(() => ({ orders: 0, samples: 0, maxRun: 0 }));
  private runs = new Map<number, number>();

  /** roleIdx(account): index into ROLES, undefined for accounts outside the fleet. */
  constructor(private readonly roleIdx: (account: string) => number | undefined) {}

  sample(view: StatsView, symbols: readonly string[]): void {
    const next = new Map<number, number>();
    for (const sym of symbols) {
      const mid = view.mid(sym);
      if (mid === undefined || !Number.isFinite(mid)) continue;
      view.forEachResting(sym, (acct: string, side: Side, price: number, id: number) => {
        if (side === 'BUY' ? price <= mid : price >= mid) return;
        const r = this.roleIdx(acct);
        if (r === undefined) return;
        const run = (this.runs.get(id) ?? 0) + 1;
        next.set(id, run);
        const acc = this.byRole[r]!;
        if (run === 1) acc.orders++;
        acc.samples++;
        if (run > acc.maxRun) acc.maxRun = run;
      });
    }
    this.runs = next;
  }
}
