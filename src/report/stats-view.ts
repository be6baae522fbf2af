/**
 * What the simulated world lets the report's collectors look at: the one small interface the world
 * hands to RunStats at construction (sim and serve alike). Every method is a read with no side
 * effect on the venue (no rate-limit charge, no order change); prices are at the current virtual time.
 */
import type { Side } from '../engine/types.js';

export interface StatsView {
  /** Virtual time now, ms since the epoch. */
  now(): number;
  /** The Binance mid now: the exchange's mark (mid of the latest tick with time ≤ now). */
  mid(symbol: string): number | undefined;
  /** Lowest bid and highest ask of the tape read so far (undefined before the first tick). */
  tapeRange(symbol: string): { lo: number; hi: number } | undefined;
  position(account: string, symbol: string): { amt: number; realizedPnl: number };
  /** Fees paid so far (USDC). */
  fees(account: string): number;
  /** Signed API requests so far. */
  apiCalls(account: string): number;
  /** Rocky's best bid and ask now. */
  bookTop(symbol: string): { bid?: number; ask?: number };
  /** Every resting order of a symbol, in a fixed order. */
  forEachResting(symbol: string, fn: (account: string, side: Side, price: number, orderId: number) => void): void;
}

/** Where a run sits in time, for the windows. */
export interface StatsTiming {
  startMs: number;
  /** End of the run when known in advance (sim); serve runs open-ended. */
  endMs?: number;
  /** Report window length (ms), a multiple of sampleMs. */
  windowMs: number;
  /** How often the world calls sampleAll (ms): each gated sample stands for this long. */
  sampleMs: number;
}

/** A view with nothing in it: for callers that count engine events only (tests, tools). */
export const EMPTY_VIEW: StatsView = {
  now: () => 0,
  mid: () => undefined,
  tapeRange: () => undefined,
  position: () => ({ amt: 0, realizedPnl: 0 }),
  fees: () => 0,
  apiCalls: () => 0,
  bookTop: () => ({}),
  forEachResting: () => {},
};
