/** A scripted world for RunStats: time, mids, positions, resting orders set by the test. */
import type { Side } from '../../src/engine/types.js';
import { defaultRoster } from '../../src/engine/roster.js';
import type { Fill } from '../../src/sim-exchange/exchange-core.js';
import type { EventExport } from '../../src/report/events-export.js';
import { RunStats } from '../../src/report/stats.js';
import type { StatsView } from '../../src/report/stats-view.js';

export class FakeWorld implements StatsView {
  t = 0;
  mids = new Map<string, number>();
  ranges = new Map<string, { lo: number; hi: number }>();
  pos = new Map<string, number>();
  realized = new Map<string, number>();
  feesBy = new Map<string, number>();
  calls = 0;
  resting: { symbol: string; account: string; side: Side; price: number; id: number }[] = [];

  now(): number {
    return this.t;
  }
  mid(s: string): number | undefined {
    return this.mids.get(s);
  }
  tapeRange(s: string): { lo: number; hi: number } | undefined {
    return this.ranges.get(s);
  }
  position(a: string, s: string): { amt: number; realizedPnl: number } {
    return { amt: this.pos.get(`${a}/${s}`) ?? 0, realizedPnl: this.realized.get(`${a}/${s}`) ?? 0 };
  }
  fees(a: string): number {
    return this.feesBy.get(a) ?? 0;
  }
  /** `calls` are the anchor's; every other account made none. */
  apiCalls(a: string): number {
    return a === 'mm-anchor' ? this.calls : 0;
  }
  bookTop(): { bid?: number; ask?: number } {
    return {};
  }
  forEachResting(symbol: string, fn: (a: string, side: Side, price: number, id: number) => void): void {
    for (const o of this.resting) if (o.symbol === symbol) fn(o.account, o.side, o.price, o.id);
  }
}

export const ROSTER = defaultRoster();
export const START = 1_000_000;

export function makeStats(
  w: FakeWorld,
  opts: { endMs?: number; windowMs?: number; cap?: number; events?: EventExport } = {},
): RunStats {
  return new RunStats(ROSTER, ['BTCUSDT'], () => 0.001, w, {
    capUsdc: opts.cap ?? 150,
    timing: { startMs: START, endMs: opts.endMs, windowMs: opts.windowMs ?? 60_000, sampleMs: 10_000 },
    events: opts.events,
  });
}

export function fill(t: number, maker: string, taker: string, price: number, qty = 0.001): Fill {
  return {
    t,
    symbol: 'BTCUSDT',
    price,
    qty,
    makerAccount: maker,
    takerAccount: taker,
    makerOrderId: 1,
    takerOrderId: 2,
    takerSide: 'BUY',
    makerFee: 0.01,
    takerFee: 0.02,
  };
}
