/**
 * One symbol's tape played against a clock, the one place both simulated worlds read prices from
 * (`sim` on the virtual clock, `serve` on the server clock).
 *
 * Rules:
 * - World time = tape time + `offsetMs` (0 in the sim; server start − scenario start in serve, so
 *   the tape plays from the scenario's start at the server's start).
 * - Ticks are read lazily, in tape order, up to the tape time of the world time a caller asks
 *   about; nothing happens per tick until someone needs a price, so a 10 Hz tape never floods an
 *   event queue. Time asked about never goes backwards (a later call with an earlier time reads
 *   nothing).
 * - The venue's mark is the mid of the latest tick read (Rocky marks at the Binance mid, design.md
 *   §4). After the tape ends the last price holds.
 * - Every tick read goes to every listener, in registration order, with its world time: the
 *   fleet's feed in the sim when a model needs each tick (feed delay, feed gaps: sim-feed.ts), the
 *   websocket in serve. Listeners see every tick, so a view that drops some decides that itself.
 * - Without listeners nobody needs the ticks in between, only the latest one and the counts: the
 *   cursor skips (tick-span.ts), and the tape's layers take the same ticks without building each
 *   one (ticksRead, `last`, the range and the reading summary come out the same).
 */
import type { Tick, TickSource } from '../market-data/tick-source.js';
import { newSpan, resetSpan } from '../market-data/tick-span.js';

export type TickListener = (tick: Tick, worldT: number) => void;

export class TapeCursor {
  /** The latest tick read (undefined before the first). */
  last: Tick | undefined;
  ticksRead = 0;
  private readonly listeners: TickListener[] = [];
  private readonly span = newSpan();
  /** Skipping: tape time of the next tick (a peek of a source that held it changes nothing). */
  private nextT = Number.NEGATIVE_INFINITY;

  constructor(
    readonly symbol: string,
    private readonly source: TickSource,
    readonly offsetMs = 0,
  ) {}

  onTick(fn: TickListener): void {
    this.listeners.push(fn);
  }

  /** Read every tick with tape time ≤ the tape time of world time `now`. */
  advance(now: number): void {
    const tapeNow = now - this.offsetMs;
    const src = this.source;
    const ls = this.listeners;
    if (ls.length === 0 && src.skip !== undefined) {
      // Most asks read nothing new: the next tick's time is known from the last look at it.
      if (!(this.nextT <= tapeNow)) return;
      const head = src.peek();
      if (head === undefined || !(head.t <= tapeNow)) {
        this.nextT = head === undefined ? Number.POSITIVE_INFINITY : head.t;
        return;
      }
      const span = this.span;
      resetSpan(span);
      const last = src.skip(tapeNow, span);
      if (last !== undefined) {
        this.last = last;
        this.ticksRead += span.n;
      }
      // Look at the next tick as the per-tick loop does (the tape's end checks run now); a look
      // that throws leaves nextT behind, so the next ask looks again and meets the same error.
      const next = src.peek();
      this.nextT = next === undefined ? Number.POSITIVE_INFINITY : next.t;
      return;
    }
    for (let tick = src.peek(); tick !== undefined && tick.t <= tapeNow; tick = src.peek()) {
      src.next();
      this.ticksRead++;
      this.last = tick;
      for (let i = 0; i < ls.length; i++) ls[i]!(tick, tick.t + this.offsetMs);
    }
  }

  /** The mark at world time `now`: mid of the latest tick by then, undefined before the first. */
  markAt(now: number): number | undefined {
    this.advance(now);
    const t = this.last;
    return t === undefined ? undefined : (t.bid + t.ask) / 2;
  }

  close(): void {
    this.source.close();
  }
}
