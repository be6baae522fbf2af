/**
 * The simulated Binance feed, and the exchange's mark price, from one tick stream per symbol.
 *
 * Ticks are consumed lazily: nothing happens per tick until someone asks for a price, and then the
 * symbol's cursor advances to the current virtual time in one synchronous sweep. So a 10 Hz tape
 * never floods the event queue.
 *
 * Two views of the same tape:
 * - the exchange's mark: the mid of the latest tick with exchange time ≤ now (Rocky marks at the
 *   Binance mid, design.md §4);
 * - the fleet's feed: a tick becomes visible at max(previous visible time, tick time + feed leg),
 *   the leg drawn per tick from the symbol's own seeded stream, so visibility stays in tape order.
 *   Ticks inside a scenario feed gap never become visible (the fleet goes stale; the mark moves on).
 */
import type { PriceFeed } from '../engine/ports.js';
import type { Clock } from '../engine/ports.js';
import type { FaultModel } from './faults.js';
import type { LatencyModel } from './latency.js';
import type { TickSource } from '../market-data/tick-source.js';

interface Pending {
  visibleAt: number;
  mid: number;
}

class SymbolCursor {
  mark: number | undefined;
  feedMid: number | undefined;
  feedSeenAt = -Infinity;
  ticksRead = 0;
  private lastVisible = -Infinity;
  private readonly pending: Pending[] = [];
  private head = 0;

  constructor(
    readonly symbol: string,
    private readonly source: TickSource,
    private readonly latency: LatencyModel | undefined,
    private readonly faults: FaultModel,
  ) {}

  advance(now: number): void {
    const src = this.source;
    for (let tick = src.peek(); tick !== undefined && tick.t <= now; tick = src.peek()) {
      src.next();
      this.ticksRead++;
      const mid = (tick.bid + tick.ask) / 2;
      this.mark = mid;
      if (this.faults.feedCut(this.symbol, tick.t)) continue;
      const visibleAt = Math.max(this.lastVisible, tick.t + (this.latency ? this.latency.sample() : 0));
      this.lastVisible = visibleAt;
      this.pending.push({ visibleAt, mid });
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
  private readonly cursors = new Map<string, SymbolCursor>();

  constructor(
    private readonly clock: Clock,
    private readonly faults: FaultModel,
  ) {}

  addSymbol(symbol: string, source: TickSource, latency?: LatencyModel): void {
    this.cursors.set(symbol, new SymbolCursor(symbol, source, latency, this.faults));
  }

  mid(symbol: string): number | undefined {
    const c = this.cursor(symbol);
    c.advance(this.clock.now());
    return c.feedMid;
  }

  ageMs(symbol: string): number {
    const c = this.cursor(symbol);
    c.advance(this.clock.now());
    return this.clock.now() - c.feedSeenAt;
  }

  /** The exchange's mark price (no feed latency, no feed gaps). */
  mark(symbol: string): number | undefined {
    const c = this.cursor(symbol);
    c.advance(this.clock.now());
    return c.mark;
  }

  ticksRead(symbol: string): number {
    return this.cursor(symbol).ticksRead;
  }

  private cursor(symbol: string): SymbolCursor {
    const c = this.cursors.get(symbol);
    if (!c) throw new Error(`no price source for symbol ${symbol}`);
    return c;
  }
}
