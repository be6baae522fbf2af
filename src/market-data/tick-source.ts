/**
 * A stream of Binance bookTicker-shaped ticks, pulled synchronously so the simulator can advance a
 * symbol's price lazily to any virtual time without pushing every tick through the event queue.
 * Implementations stream (memory does not grow with tape length).
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
}
