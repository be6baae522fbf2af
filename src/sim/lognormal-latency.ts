/**
 * Lognormal latency (the default request-leg model).
 *
 * Rule: each leg is drawn independently as median × exp(sigma × N(0, 1)) (sigma 0 gives the
 * median every time), plus the spike due at the leg's start, rounded to whole ms and floored at
 * `min_ms`. Two draws of the link's own stream per leg when sigma > 0, none otherwise.
 * Leaves out: correlation between consecutive legs (a slow network stays slow for a while) and
 * fat tails beyond the lognormal's.
 */
import type { Rng } from '../engine/ports.js';
import type { LatencyModel, LognormalLatencySpec } from './latency.js';

export class LognormalLatency implements LatencyModel {
  constructor(
    private readonly cfg: Omit<LognormalLatencySpec, 'model'>,
    private readonly rng: Rng,
  ) {}

  leg(_at: number, extraMs = 0): number {
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
