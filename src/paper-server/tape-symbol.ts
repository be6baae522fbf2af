/**
 * The websocket's view of one symbol's tape in `serve`: the world's TapeCursor (the tape played in
 * server time, which also gives the venue's mark) feeds it every tick; ticks inside a feed gap are
 * dropped here (the mark moves on, as in the sim). The broadcast pump takes the latest tick not yet
 * sent; every delivered bookTicker gets a per-symbol update id that only increases. Every tick read
 * also goes into the tape's candles (REST klines, ticker/24hr, ticker/price).
 */
import type { FaultModel } from '../sim/faults.js';
import type { TapeCursor } from '../sim/tape-cursor.js';
import type { Tick } from '../market-data/tick-source.js';
import { CandleSet } from './candles.js';

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
  /** Candles of the tape's mid (every tick read, feed gaps included: the Binance market went on). */
  readonly candles = new CandleSet();

  constructor(
    readonly cursor: TapeCursor,
    readonly decimals: number,
    faults: FaultModel,
  ) {
    const symbol = (this.symbol = cursor.symbol);
    cursor.onTick((tick, t) => {
      this.candles.add(t, (tick.bid + tick.ask) / 2);
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
