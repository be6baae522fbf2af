/**
 * Latency model: how long one leg of a request (client → exchange, or exchange → client) takes.
 *
 * Rule of the interface: `leg(at, extraMs)` is the length in whole milliseconds (≥ 0) of one leg
 * that starts at world time `at`, with `extraMs` of scenario latency spike already due at that
 * time added before any floor. Each account's link has its own model instance (its own seeded
 * stream where the model draws), so one account's traffic never shifts another's latencies.
 * Known limits, common to every model here: no queueing at the exchange (legs do not depend on the
 * load), and the two legs of one request are independent calls.
 *
 * Models, chosen per scenario (`exchange.latency.model`, docs/scenarios.md; constructed by
 * src/world/sim-links.ts):
 *   lognormal  (default) lognormal-latency.ts: today's median/sigma/floor draw;
 *   constant   constant-latency.ts: the same length every leg;
 *   replay     replay-latency.ts: half the round trips a `live --record-latency` session recorded.
 */
import type { RoundTrip } from '../market-data/latency-log.js';

export interface LatencyModel {
  /** One leg starting at world time `at`, ms. */
  leg(at: number, extraMs?: number): number;
}

export interface LognormalLatencySpec {
  model: 'lognormal';
  /** Median one-way latency, ms. */
  median_ms: number;
  /** Lognormal shape; 0 = constant median. */
  sigma: number;
  /** Floor, ms. */
  min_ms: number;
}

export interface ConstantLatencySpec {
  model: 'constant';
  /** Every leg, ms. */
  ms: number;
}

export interface ReplayLatencySpec {
  model: 'replay';
  /** The recording (`live --record-latency`), resolved against the scenario's folder. */
  file: string;
  /** Floor, ms. */
  min_ms: number;
  /** Its rows, read (and checked) when the scenario is loaded. */
  trips: readonly RoundTrip[];
}

/** A request link's latency, as the scenario chose it. */
export type LatencySpec = LognormalLatencySpec | ConstantLatencySpec | ReplayLatencySpec;

/** Today's default: lognormal, median 25 ms, sigma 0.5, floor 1 ms. */
export const DEFAULT_LATENCY: LognormalLatencySpec = { model: 'lognormal', median_ms: 25, sigma: 0.5, min_ms: 1 };
