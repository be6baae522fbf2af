/**
 * The scenario's tape played in server time: one synchronous TickSource per symbol, advanced to
 * `scenario.startMs + server elapsed` whenever someone needs a price (a request's mark) or on the
 * broadcast pump. After the tape ends the last price holds.
 *
 * The exchange's mark is the mid of the latest tick (as in the sim). The websocket feed sees the
 * same ticks, except those inside a feed gap (the mark moves on, as in the sim). Every delivered
 * bookTicker gets a per-symbol update id that only increases.
 */
import type { FaultModel } from '../sim/faults.js';
import type { Tick, TickSource } from '../market-data/tick-source.js';

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
  last: Tick | undefined;
  /** The latest tick not yet broadcast (undefined when none is pending). */
  pending: Tick | undefined;
  ticksRead = 0;
  updateId = 0;

  constructor(
    readonly symbol: string,
    private readonly source: TickSource,
    readonly decimals: number,
  ) {}

  advance(tapeT: number, faults: FaultModel, serverOf: (tapeT: number) => number): void {
    const src = this.source;
    for (let t = src.peek(); t !== undefined && t.t <= tapeT; t = src.peek()) {
      src.next();
      this.ticksRead++;
      this.last = t;
      if (!faults.feedCut(this.symbol, serverOf(t.t))) this.pending = t;
    }
  }

  mark(): number {
    const t = this.last;
    return t === undefined ? Number.NaN : (t.bid + t.ask) / 2;
  }

  /** Take the pending tick as a bookTicker payload stamped with server time. */
  takePending(now: number): BookTickerPayload | undefined {
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

  close(): void {
    this.source.close();
  }
}
