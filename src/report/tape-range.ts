/**
 * The price range of the tape read so far, per symbol: the lowest bid and the highest ask of every
 * tick consumed. A tap on the tick stream (wrap the source the feed reads), so it costs two
 * comparisons per tick and holds two numbers per symbol. A fill outside this range traded at a
 * price Binance never showed up to that moment.
 */
import type { Tick, TickSource } from '../market-data/tick-source.js';

export class TapeRanges {
  private readonly lo = new Map<string, number>();
  private readonly hi = new Map<string, number>();

  wrap(symbol: string, src: TickSource): TickSource {
    return {
      peek: () => src.peek(),
      next: (): Tick | undefined => {
        const t = src.next();
        if (t !== undefined) {
          const lo = this.lo.get(symbol);
          if (lo === undefined || t.bid < lo) this.lo.set(symbol, t.bid);
          const hi = this.hi.get(symbol);
          if (hi === undefined || t.ask > hi) this.hi.set(symbol, t.ask);
        }
        return t;
      },
      close: () => src.close(),
    };
  }

  range(symbol: string): { lo: number; hi: number } | undefined {
    const lo = this.lo.get(symbol);
    const hi = this.hi.get(symbol);
    return lo === undefined || hi === undefined ? undefined : { lo, hi };
  }
}
