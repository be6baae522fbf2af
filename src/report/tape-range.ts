/**
 * The price range of the tape read so far, per symbol: the lowest bid and the highest ask of every
 * tick consumed. A tap on the tick stream (wrap the source the feed reads), so it costs two
 * comparisons per tick and holds two numbers per symbol; a skipped stretch (tick-span.ts) brings
 * its own lowest bid and highest ask. A fill outside this range traded at a
 * price Binance never showed up to that moment.
 */
import type { Tick, TickSource, TickSpan } from '../market-data/tick-source.js';
import { skipTicks } from '../market-data/tick-span.js';

interface Range {
  lo: number;
  hi: number;
}

/** The tap: a TickSource that notes each consumed tick's bid and ask in its range. */
class RangeTap implements TickSource {
  constructor(
    private readonly src: TickSource,
    private readonly r: Range,
  ) {}

  peek(): Tick | undefined {
    return this.src.peek();
  }

  next(): Tick | undefined {
    const t = this.src.next();
    if (t !== undefined) {
      if (t.bid < this.r.lo) this.r.lo = t.bid;
      if (t.ask > this.r.hi) this.r.hi = t.ask;
    }
    return t;
  }

  /** A skipped stretch: its lowest bid and highest ask, from the span. */
  skip(until: number, span: TickSpan): Tick | undefined {
    const t = skipTicks(this.src, until, span);
    if (span.lo < this.r.lo) this.r.lo = span.lo;
    if (span.hi > this.r.hi) this.r.hi = span.hi;
    return t;
  }

  close(): void {
    this.src.close();
  }
}

export class TapeRanges {
  private readonly ranges = new Map<string, Range>();

  wrap(symbol: string, src: TickSource): TickSource {
    const r: Range = { lo: Number.POSITIVE_INFINITY, hi: Number.NEGATIVE_INFINITY };
    this.ranges.set(symbol, r);
    return new RangeTap(src, r);
  }

  range(symbol: string): { lo: number; hi: number } | undefined {
    const r = this.ranges.get(symbol);
    return r === undefined || r.lo > r.hi ? undefined : r;
  }
}
