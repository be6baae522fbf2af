import { describe, expect, it } from 'vitest';
import { CellStats } from '../../src/sweep/cell-stats.js';
import type { RunResult } from '../../src/sweep/run-one.js';

const run = (seed: number, excess: number, failed: string[] = []): RunResult => ({
  key: `k${seed}`,
  seed,
  metrics: { 'excess_usdc.taker': excess },
  expectations: ['a', 'b'].map((name) => ({ name, ok: !failed.includes(name) })),
});

describe('cell stats', () => {
  it('worst runs: most failed expectations first, then the rank metric, then the lowest seed', () => {
    const s = new CellStats(3, 'excess_usdc.taker');
    [run(1, 9), run(2, 1, ['a']), run(3, 0, ['a', 'b']), run(4, 5, ['b']), run(5, 9)].forEach((r) => {
      s.add(r.seed, r);
    });
    expect(s.summary().worst.map((w) => w.seed)).toEqual([3, 4, 2]);
    const lower = new CellStats(2, '-excess_usdc.taker');
    [run(1, 9), run(2, 1), run(3, 1), run(4, 5)].forEach((r) => {
      lower.add(r.seed, r);
    });
    expect(lower.summary().worst.map((w) => [w.seed, w.rank_value])).toEqual([
      [2, 1],
      [3, 1],
    ]);
  });

  it('pass rates per expectation and for all of them, with the failing seeds', () => {
    const s = new CellStats(0, 'x');
    [run(1, 0), run(2, 0, ['a']), run(3, 0, ['a', 'b']), run(4, 0)].forEach((r) => {
      s.add(r.seed, r);
    });
    const sum = s.summary();
    expect(sum.expectations.map((e) => [e.name, e.passed, e.runs, e.failing_seeds])).toEqual([
      ['a', 2, 4, [2, 3]],
      ['b', 3, 4, [3]],
    ]);
    expect(sum.all_expectations).toMatchObject({ passed: 2, runs: 4, pass_rate: 0.5 });
    expect(sum.failing_seeds).toEqual([2, 3]);
    expect(sum.worst).toEqual([]);
  });
});
