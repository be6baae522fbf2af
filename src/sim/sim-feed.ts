/**
 * The simulated Binance feed the fleet reads (the engine's PriceFeed), over the world's tapes
 * (tape-cursor.ts, which also gives the exchange's mark).
 *
 * Rules:
 * - A tick becomes visible to the fleet at max(previous visible time, tick time + feed delay), the
 *   delay from the symbol's feed delay model (feed-delay.ts), so visibility stays in tape order.
 * - Ticks inside a scenario feed gap never become visible (the fleet goes stale; the mark moves on).
 * - Reads are lazy: asking for a price advances the symbol's cursor to the current virtual time in
 *   one synchronous sweep, then releases every tick visible by then.
 * - Only a delay model or a feed gap on the symbol needs each tick (a delay per tick, a cut per
 *   tick time); without both the fleet sees the cursor's latest tick, which lets the cursor skip
 *   the ticks in between (the same mid and age: the listener would have ended on that tick).
 */
import type { Clock, PriceFeed } from '../engine/ports.js';
import type { FaultModel } from './faults.js';
import type { FeedDelay } from './feed-delay.js';
import type { Tick } from '../market-data/tick-source.js';
import type { TapeCursor } from './tape-cursor.js';

interface Pending {
  visibleAt: number;
  mid: number;
}

class FleetView {
  feedMid: number | undefined;
  feedSeenAt = -Infinity;
  private lastVisible = -Infinity;
  /** The fleet sees the cursor's latest tick (no delay, no feed gaps): no per-tick listener. */
  private latest = false;
  private seen: Tick | undefined;
  private readonly pending: Pending[] = [];
  private head = 0;

  constructor(
    readonly cursor: TapeCursor,
    delay: FeedDelay | undefined,
    faults: FaultModel,
  ) {
    const symbol = cursor.symbol;
    if (delay === undefined && !faults.cutsFeed(symbol)) {
      // Neither delay nor gaps: the fleet sees the cursor's latest tick, so it needs no tick in
      // between and the cursor may skip (tape-cursor.ts).
      this.latest = true;
      return;
    }
    if (delay === undefined) {
      // No delay: a tick is visible at its own time, which is ≤ now whenever the cursor reads it,
      // so it is visible at once (what the queue would release on the next advance anyway).
      cursor.onTick((tick, t) => {
        if (faults.feedCut(symbol, t)) return;
        this.feedMid = (tick.bid + tick.ask) / 2;
        this.feedSeenAt = t;
      });
      return;
    }
    cursor.onTick((tick, t) => {
      if (faults.feedCut(symbol, t)) return;
      const visibleAt = Math.max(this.lastVisible, t + delay.delay(tick, t));
      this.lastVisible = visibleAt;
      this.pending.push({ visibleAt, mid: (tick.bid + tick.ask) / 2 });
    });
  }

  advance(now: number): void {
    this.cursor.advance(now);
    if (this.latest) {
      const t = this.cursor.last;
      if (t !== undefined && t !== this.seen) {
        this.seen = t;
        this.feedMid = (t.bid + t.ask) / 2;
        this.feedSeenAt = t.t + this.cursor.offsetMs;
      }
      return;
    }
    const q = this.pending;
    while (this.head < q.length && q[this.head]!.visibleAt <= now) {
      const p = q[this.head++]!;
      this.feedMid = p.mid;
      this.feedSeenAt = p.visibleAt;
    }
    if (this.head > 1024 && this.head * 2 > q.length) {
      q.splice(0, this.head);
      this.head = 0;
    }
  }
}

export class SimFeed implements PriceFeed {
  private readonly views = new Map<string, FleetView>();

  constructor(
    private readonly clock: Clock,
    private readonly faults: FaultModel,
  ) {}

  /** Let the fleet see `cursor`'s symbol, each tick delayed by `delay` (none: at tick time). */
  addSymbol(cursor: TapeCursor, delay?: FeedDelay): void {
    this.views.set(cursor.symbol, new FleetView(cursor, delay, this.faults));
  }

  mid(symbol: string): number | undefined {
    const v = this.view(symbol);
    v.advance(this.clock.now());
    return v.feedMid;
  }

  ageMs(symbol: string): number {
    const v = this.view(symbol);
    v.advance(this.clock.now());
    return this.clock.now() - v.feedSeenAt;
  }

  private view(symbol: string): FleetView {
    const v = this.views.get(symbol);
    if (!v) throw new Error(`no price source for symbol ${symbol}`);
    return v;
  }
}
