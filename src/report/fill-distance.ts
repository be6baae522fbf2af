/**
 * Fill distance: how far each fill's price lies from the Binance mid at that moment, in bps
 * (|price − mid| / mid × 10 000), per symbol × layer, in a fixed-bucket histogram so memory stays
 * flat whatever the run length.
 *
 * Rule: buckets are BUCKET_BPS (0.1 bps) wide from 0 to MAX_BUCKETED_BPS (2 000 bps), plus one
 * overflow bucket; a percentile (nearest rank: the ⌈q·n⌉-th smallest) is reported as the upper edge
 * of the bucket holding that rank, capped at the exact maximum. So a reported percentile is at most
 * 0.1 bps above the true one and never below it; `max` is exact.
 */
export const BUCKET_BPS = 0.1;
export const MAX_BUCKETED_BPS = 2000;
const N = Math.round(MAX_BUCKETED_BPS / BUCKET_BPS);

export class DistanceHistogram {
  private readonly counts = new Uint32Array(N + 1);
  n = 0;
  max = 0;

  add(bps: number): void {
    // The epsilon keeps exact multiples of 0.1 (0.3 / 0.1 = 2.999…) in their own bucket.
    const b = Math.min(N, Math.floor(bps / BUCKET_BPS + 1e-9));
    this.counts[b]!++;
    this.n++;
    if (bps > this.max) this.max = bps;
  }

  /** Nearest-rank percentile q ∈ (0, 1] as described at the top; 0 when empty. */
  quantile(q: number): number {
    if (this.n === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    for (let b = 0; b <= N; b++) {
      seen += this.counts[b]!;
      if (seen >= rank) return b === N ? this.max : Math.min(this.max, (b + 1) * BUCKET_BPS);
    }
    return this.max;
  }

  /** Counts coarsened to `widthBps` buckets up to `upToBps` (the last one holds everything above). */
  coarse(widthBps: number, upToBps: number): number[] {
    const per = Math.max(1, Math.round(widthBps / BUCKET_BPS));
    const out = new Array<number>(Math.ceil(upToBps / widthBps) + 1).fill(0);
    for (let b = 0; b <= N; b++) {
      const c = this.counts[b]!;
      if (c) out[Math.min(out.length - 1, Math.floor(b / per))]! += c;
    }
    return out;
  }
}

/** |price − mid| / mid in bps. */
export function distanceBps(price: number, mid: number): number {
  return (Math.abs(price - mid) / mid) * 10_000;
}
