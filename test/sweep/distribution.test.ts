import { describe, expect, it } from 'vitest';
import { distribution, quantileSorted, wilson } from '../../src/sweep/distribution.js';

describe('distribution', () => {
  it('quantiles match numpy.quantile (method "linear") whatever the input order', () => {
    // numpy.quantile([3, 1, 4, 1, 5, 9, 2, 6], [0.05, 0.5, 0.95]) == [1.0, 3.5, 7.95]
    const d = distribution([3, 1, 4, 1, 5, 9, 2, 6], 2);
    expect(d).toEqual({ min: 1, p5: 1, median: 3.5, p95: 7.95, max: 9, mean: 3.875 });
    expect(distribution([6, 2, 9, 5, 1, 4, 1, 3], 2)).toEqual(d);
    expect(quantileSorted([7], 0.95)).toBe(7);
    expect(quantileSorted([0, 10], 0.05)).toBeCloseTo(0.5, 12);
  });

  it('Wilson intervals match the published table (Newcombe 1998, method 3)', () => {
    expect(wilson(81, 263)).toEqual([0.2553, 0.3662]);
    expect(wilson(15, 148)).toEqual([0.0624, 0.1605]);
    expect(wilson(0, 20)).toEqual([0, 0.1611]);
    expect(wilson(1, 29)).toEqual([0.0061, 0.1718]);
    expect(wilson(20, 20)).toEqual([0.8389, 1]);
    // no runs: nothing is known
    expect(wilson(0, 0)).toEqual([0, 1]);
  });
});
