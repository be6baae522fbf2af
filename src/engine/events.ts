/**
 * What the engine tells the outside world. The sim turns these into report counters; live mode
 * writes them as JSON log lines and metrics. The engine never formats or writes anything itself.
 */
import type { Side } from './types.js';

export type EngineEvent =
  /** An exchange or transport error (ExchangeError) ended an iteration; counted on the breaker. */
  | { type: 'iteration_error'; task: string; account: string; symbol: string; code: number; message: string }
  /**
   * Anything else ended an iteration: bad data (a tape error), a bug. Not an API error: the world
   * decides (the sim stops the run; live logs it at error level and counts it on the breaker).
   */
  | { type: 'loop_fault'; task: string; account: string; symbol: string; error: unknown; message: string }
  | { type: 'gate_skip'; task: string; account: string; symbol: string; side: Side; wouldBeNotional: number }
  | { type: 'gate_cancel'; task: string; account: string; symbol: string; side: Side; orderId: number }
  | {
      type: 'order_placed';
      task: string;
      account: string;
      symbol: string;
      side: Side;
      price: string;
      qty: string;
      orderId: number;
    }
  | {
      type: 'order_cancelled';
      task: string;
      account: string;
      symbol: string;
      orderId: number;
      reason: 'drift' | 'gate' | 'taker_previous';
      /** 'duplicate': an extra own-side order (e.g. left by a restart) cancelled so only one stays live. */
      detail?: 'duplicate';
    }
  | { type: 'breaker_skip'; task: string; account: string; symbol: string }
  | { type: 'stale_skip'; task: string; account: string; symbol: string; ageMs: number }
  | { type: 'breaker_transition'; account: string; from: BreakerState; to: BreakerState; reason: string }
  | { type: 'taker_force_reduce'; task: string; account: string; symbol: string; side: Side; notional: number };

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface EventSink {
  emit(event: EngineEvent): void;
}

export const nullSink: EventSink = { emit() {} };
