/**
 * Summaries of a cell's runs. Quantiles use the linear interpolation between order statistics that
 * numpy (`method="linear"`), R (type 7) and spreadsheets (PERCENTILE.INC) use by default:
 * for sorted x[0..n-1], q(p) = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]) with h = (n − 1)p.
 * Pass rates carry a Wilson score interval (95 %), which stays inside [0, 1] and is honest at
 * 0 and n passes, unlike p ± 1.96·√(p(1−p)/n).
 */

export interface Distribution {
  min: number;
  p5: number;
  median: number;
  p95: number;
  max: number;
  mean: number;
}

export const QUANTILE_METHOD = 'linear interpolation between order statistics (numpy "linear", R type 7)';
export const INTERVAL_METHOD = 'Wilson score interval, 95 % (z = 1.959964)';

/** q in [0, 1] of an ascending-sorted, non-empty list. */
export function quantileSorted(xs: readonly number[], q: number): number {
  const h = (xs.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return xs[lo]! + (h - lo) * (xs[hi]! - xs[lo]!);
}

/** Distribution of values (any order), rounded to `digits` + 2 decimals. */
export function distribution(values: readonly number[], digits: number): Distribution {
  const xs = [...values].sort((a, b) => a - b);
  const f = 10 ** (digits + 2);
  const r = (v: number): number => Math.round(v * f) / f + 0;
  return {
    min: r(xs[0]!),
    p5: r(quantileSorted(xs, 0.05)),
    median: r(quantileSorted(xs, 0.5)),
    p95: r(quantileSorted(xs, 0.95)),
    max: r(xs[xs.length - 1]!),
    // summed in sorted order: the same values give the same float, whatever order runs finished in
    mean: r(xs.reduce((a, b) => a + b, 0) / xs.length),
  };
}

const Z95 = 1.959963984540054;

/** Wilson score interval for `k` successes in `n` trials, [low, high] rounded to 1e-4. */
export function wilson(k: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const r4 = (v: number): number => Math.round(v * 1e4) / 1e4;
  return [r4(Math.max(0, centre - half)), r4(Math.min(1, centre + half))];
}
