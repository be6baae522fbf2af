/**
 * Constant latency.
 *
 * Rule: every leg takes `ms` plus the spike due at its start, rounded to whole ms (never below 0).
 * No randomness. Useful to take latency noise out of a comparison between two scenarios.
 * Leaves out: any variation of the network at all.
 */
import type { LatencyModel } from './latency.js';

export class ConstantLatency implements LatencyModel {
  constructor(private readonly ms: number) {}

  leg(_at: number, extraMs = 0): number {
    return Math.max(0, Math.round(this.ms + extraMs));
  }
}
