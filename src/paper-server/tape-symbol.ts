/**
 * The websocket's view of one symbol's tape in `serve`: the world's TapeCursor (the tape played in
 * server time, which also gives the venue's mark) feeds it every tick; ticks inside a feed gap are
 * dropped here (the mark moves on, as in the sim). The broadcast pump takes the latest tick not yet
 * sent; every delivered bookTicker gets a per-symbol update id that only increases.
 */
import type { FaultModel } from '../sim/faults.js';
import type { TapeCursor } from '../sim/tape-cursor.js';
import type { Tick } from '../market-data/tick-source.js';

export interface BookTickerPayload {
  e: 'bookTicker';
  u: number;
  E: number;
  T: number;
  s: string;
  b: string;
  B: string;
  a: string;
  A: string;
}

export class TapeSymbol {
  /** The latest tick not yet broadcast (undefined when none is pending). */
  pending: Tick | undefined;
  updateId = 0;
  readonly symbol: string;

  constructor(
    readonly cursor: TapeCursor,
    readonly decimals: number,
    faults: FaultModel,
  ) {
    const symbol = (this.symbol = cursor.symbol);
    cursor.onTick((tick, t) => {
      if (!faults.feedCut(symbol, t)) this.pending = tick;
    });
  }

  /** Read the tape up to server time `now`, then take the pending tick as a bookTicker stamped `now`. */
  takePending(now: number): BookTickerPayload | undefined {
    this.cursor.advance(now);
    const t = this.pending;
    if (t === undefined) return undefined;
    this.pending = undefined;
    return this.payload(t, now);
  }

  payload(t: Tick, now: number): BookTickerPayload {
    return {
      e: 'bookTicker',
      u: ++this.updateId,
      E: now,
      T: now,
      s: this.symbol,
      b: t.bid.toFixed(this.decimals),
      B: String(t.bidQty),
      a: t.ask.toFixed(this.decimals),
      A: String(t.askQty),
    };
  }
}
