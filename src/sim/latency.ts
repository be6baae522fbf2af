/**
 * Latency model: how long one leg of a request (client → exchange, or exchange → client) takes.
 *
 * Rule: each leg is drawn independently from a lognormal distribution with the given median and
 * shape sigma (sigma 0 gives a constant), plus any scenario latency spike active at send time,
 * floored at `min_ms`. Draws come from the caller's own seeded stream (one per account), so one
 * account's traffic never shifts another's latencies. Known limit: no queueing at the exchange, no
 * correlation between consecutive draws.
 */
import type { Rng } from '../engine/ports.js';

export interface LatencyConfig {
  /** Median one-way latency, ms. */
  median_ms: number;
  /** Lognormal shape; 0 = constant median. */
  sigma: number;
  /** Floor, ms. */
  min_ms: number;
}

export const DEFAULT_LATENCY: LatencyConfig = { median_ms: 25, sigma: 0.5, min_ms: 1 };

export class LatencyModel {
  constructor(
    private readonly cfg: LatencyConfig,
    private readonly rng: Rng,
  ) {}

  /** One leg in whole milliseconds. */
  sample(extraMs = 0): number {
    const { median_ms, sigma, min_ms } = this.cfg;
    let v = median_ms;
    if (sigma > 0) v = median_ms * Math.exp(sigma * standardNormal(this.rng));
    return Math.max(min_ms, Math.round(v + extraMs));
  }
}

/** Box–Muller; uses two draws per call (simple and reproducible). */
export function standardNormal(rng: Rng): number {
  let u = rng.next();
  if (u < 1e-12) u = 1e-12;
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
