/**
 * A stream of Binance bookTicker-shaped ticks, pulled synchronously so the simulator can advance a
 * symbol's price lazily to any virtual time without pushing every tick through the event queue.
 * Implementations stream (memory does not grow with tape length). A source may also skip ahead
 * (`skip`, tick-span.ts): the same ticks taken as by peek/next, without building each one.
 */

export interface Tick {
  /** Exchange time in ms since the epoch (after any re-basing to the scenario start). */
  t: number;
  bid: number;
  ask: number;
  bidQty: number;
  askQty: number;
  /** Binance update id where the tape has one. */
  updateId?: number;
  /**
   * Local receipt time − `t`, ms, where the tape recorded when the tick arrived (the recorder's
   * `received_at` column, a ws_jsonl receipt prefix): the feed delay of a recorded session.
   */
  recvDelayMs?: number;
}

export interface TickSource {
  /** The next tick without consuming it, or undefined when the tape has ended. */
  peek(): Tick | undefined;
  /** Consume and return the next tick, or undefined when the tape has ended. */
  next(): Tick | undefined;
  /** Release file handles. Safe to call twice. */
  close(): void;
  /**
   * Take every tick with t ≤ until, as a peek/next loop would (same counters, same checks), fold
   * each into `span`; returns the last tick taken (undefined: none). Optional.
   */
  skip?(until: number, span: TickSpan): Tick | undefined;
  /**
   * `skip` as seen through a constant time shift: every tick's time is t + shift (computed so,
   * like transform.ts ShiftSource does) for the comparison with `until`, the span and the tick
   * returned. Optional: readers have it, so a re-based tape still skips without a tick per row.
   */
  skipShifted?(until: number, span: TickSpan, shift: number): Tick | undefined;
}

/** What a skip took (tick-span.ts): counts, times, range and gaps of the ticks it consumed. */
export interface TickSpan {
  /** Ticks consumed. */
  n: number;
  /** Time of the first tick consumed since it was last NaN (NaN: none; a layer may clear it). */
  firstT: number;
  /** Time of the latest tick consumed (NaN: none yet; a layer may seed it with an earlier tick's). */
  lastT: number;
  /** Lowest bid and highest ask consumed. */
  lo: number;
  hi: number;
  /** Longest time between consecutive ticks (from the seeded lastT on). */
  longestGap: number;
  /** Gaps longer than this are counted, and listed while the list is shorter than gapCap. */
  gapOver: number;
  gapCount: number;
  gaps: Array<{ from: number; to: number }>;
  gapCap: number;
}
