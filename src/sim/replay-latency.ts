/**
 * Replay of the round trips a live session recorded (`rocky-bot live --record-latency FILE`,
 * src/market-data/latency-log.ts), so a live session can be replayed in the sim with its own
 * request latencies.
 *
 * Rules:
 * - Time-aligned: the recording's first request is aligned with the scenario's start. A leg
 *   starting s ms after the scenario start takes half the round trip of the latest recorded
 *   request sent at most s ms after the recording's first one (before the first: the first's).
 *   Past the recording's end it wraps around to its beginning, so a short recording covers a
 *   long scenario.
 * - The account's own requests when the recording has any (same account id), else every
 *   account's: live accounts share one host and one network, so their latencies are alike.
 * - Only answered requests count (timeouts and broken connections are faults, modelled by
 *   `faults:`, not latency). Each leg = round trip ÷ 2 + the spike due, rounded, floored at min_ms.
 * - No randomness: the same recording gives the same legs.
 * Leaves out: the split of a round trip into its two legs (assumed equal) and the server's own
 * processing time, which the recorded round trip includes (the sim adds none of its own).
 */
import type { RoundTrip } from '../market-data/latency-log.js';
import type { LatencyModel } from './latency.js';

interface Series {
  /** Send time − the recording's first send time, ascending. */
  offsets: number[];
  halves: number[];
}

export class ReplayLatency implements LatencyModel {
  private readonly series: Series;
  /** Length of the recording (last offset + 1 ms); legs wrap around at it. */
  private readonly span: number;

  constructor(
    trips: readonly RoundTrip[],
    account: string,
    private readonly startMs: number,
    private readonly minMs: number,
  ) {
    const answered = trips.filter((r) => r.answered);
    if (answered.length === 0) throw new Error('latency replay: the recording holds no answered request');
    const first = answered.reduce((m, r) => Math.min(m, r.sentAt), Number.POSITIVE_INFINITY);
    const own = answered.filter((r) => r.account === account);
    const use = (own.length > 0 ? own : answered).slice().sort((a, b) => a.sentAt - b.sentAt);
    this.series = { offsets: use.map((r) => r.sentAt - first), halves: use.map((r) => r.rttMs / 2) };
    const last = answered.reduce((m, r) => Math.max(m, r.sentAt), Number.NEGATIVE_INFINITY);
    this.span = last - first + 1;
  }

  leg(at: number, extraMs = 0): number {
    const s = at - this.startMs;
    const off = s < 0 ? s : s % this.span;
    const { offsets, halves } = this.series;
    // Latest offset ≤ off (binary search); before the first: the first.
    let lo = 0;
    let hi = offsets.length - 1;
    if (off < offsets[0]!) hi = 0;
    else
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (offsets[mid]! <= off) lo = mid;
        else hi = mid - 1;
      }
    return Math.max(this.minMs, Math.round(halves[hi]! + extraMs));
  }
}
