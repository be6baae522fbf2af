/**
 * A time series of at most `capacity` buckets, for pictures of runs of any length in flat memory.
 * Buckets start `baseMs` wide from `originMs`; when a time falls past the last bucket, neighbouring
 * buckets are merged in pairs and the width doubles, so a 24 h run keeps as many buckets as a 1 h one
 * (between capacity/2 and capacity). Deterministic: the result depends only on the values added and
 * their times, never on wall time.
 */
export class BucketSeries<T> {
  private buckets: (T | undefined)[] = [];
  private widthMs: number;

  constructor(
    private readonly originMs: number,
    baseMs: number,
    private readonly capacity: number,
    private readonly make: () => T,
    /** Fold `later` (the younger bucket) into `into`. */
    private readonly merge: (into: T, later: T) => void,
  ) {
    if (capacity < 2 || capacity % 2 !== 0) throw new Error('BucketSeries capacity must be even and ≥ 2');
    this.widthMs = baseMs;
  }

  /** The bucket holding time t (created when missing). Times before the origin go to the first. */
  at(t: number): T {
    let i = Math.max(0, Math.floor((t - this.originMs) / this.widthMs));
    while (i >= this.capacity) {
      this.halve();
      i = Math.floor((t - this.originMs) / this.widthMs);
    }
    let b = this.buckets[i];
    if (b === undefined) this.buckets[i] = b = this.make();
    return b;
  }

  get bucketMs(): number {
    return this.widthMs;
  }

  /** [bucket start time, bucket] for every bucket that holds something, in time order. */
  entries(): [number, T][] {
    const out: [number, T][] = [];
    this.buckets.forEach((b, i) => {
      if (b !== undefined) out.push([this.originMs + i * this.widthMs, b]);
    });
    return out;
  }

  private halve(): void {
    const next: (T | undefined)[] = [];
    for (let k = 0; k < this.capacity / 2; k++) {
      const a = this.buckets[2 * k];
      const b = this.buckets[2 * k + 1];
      if (a !== undefined && b !== undefined) this.merge(a, b);
      next[k] = a ?? b;
    }
    this.buckets = next;
    this.widthMs *= 2;
  }
}
