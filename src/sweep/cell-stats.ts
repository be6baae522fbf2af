/**
 * One cell's runs folded in one at a time (in seed order): what is kept is the metric values (the
 * distributions need them all), per expectation a pass count and the failing seeds, and the N worst
 * runs so far — never the runs themselves, so memory is a few numbers per run of one cell.
 */
import { distribution, wilson, type Distribution } from './distribution.js';
import { metricDef } from './metrics.js';
import type { RunResult } from './run-one.js';

export interface PassRate {
  passed: number;
  runs: number;
  pass_rate: number;
  wilson95: [number, number];
}

export interface WorstRun {
  seed: number;
  failed: string[];
  rank_value: number | null;
}

export const passRate = (passed: number, runs: number): PassRate => ({
  passed,
  runs,
  pass_rate: runs ? Math.round((passed / runs) * 1e4) / 1e4 : 0,
  wilson95: wilson(passed, runs),
});

export class CellStats {
  private readonly values = new Map<string, number[]>();
  private readonly expectations = new Map<string, { passed: number; runs: number; failing: number[] }>();
  private readonly failingSeeds: number[] = [];
  private readonly worst: Array<WorstRun & { key: number }> = [];
  private runs = 0;
  private readonly by: string;
  private readonly lowerWorse: boolean;

  /** `worstBy`: metric ranking runs after their failed-expectation count; '-name' = lower is worse. */
  constructor(
    private readonly keepWorst: number,
    worstBy: string,
  ) {
    this.lowerWorse = worstBy.startsWith('-');
    this.by = this.lowerWorse ? worstBy.slice(1) : worstBy;
  }

  /** Add a run; returns the names of the expectations it failed. */
  add(seed: number, r: RunResult): string[] {
    this.runs++;
    for (const [k, v] of Object.entries(r.metrics)) {
      const list = this.values.get(k);
      if (list) list.push(v);
      else this.values.set(k, [v]);
    }
    const failed: string[] = [];
    for (const e of r.expectations) {
      const s = this.expectations.get(e.name) ?? { passed: 0, runs: 0, failing: [] };
      s.runs++;
      if (e.ok) s.passed++;
      else {
        s.failing.push(seed);
        failed.push(e.name);
      }
      this.expectations.set(e.name, s);
    }
    if (failed.length) this.failingSeeds.push(seed);
    this.offerWorst(seed, failed, r.metrics[this.by] ?? null);
    return failed;
  }

  /** Keep the keepWorst worst runs: most failed expectations, then the rank metric, then the lowest seed. */
  private offerWorst(seed: number, failed: string[], value: number | null): void {
    if (this.keepWorst === 0) return;
    const key = value === null ? -Infinity : this.lowerWorse ? -value : value;
    const worse = (
      a: { failed: string[]; key: number; seed: number },
      b: { failed: string[]; key: number; seed: number },
    ): boolean =>
      a.failed.length !== b.failed.length ? a.failed.length > b.failed.length : a.key !== b.key ? a.key > b.key : a.seed < b.seed;
    const cand = { seed, failed, rank_value: value, key };
    let i = this.worst.length;
    while (i > 0 && worse(cand, this.worst[i - 1]!)) i--;
    if (i >= this.keepWorst) return;
    this.worst.splice(i, 0, cand);
    if (this.worst.length > this.keepWorst) this.worst.pop();
  }

  summary(): {
    runs: number;
    metrics: Record<string, Distribution>;
    expectations: Array<{ name: string } & PassRate & { failing_seeds: number[] }>;
    all_expectations: PassRate;
    failing_seeds: number[];
    worst: WorstRun[];
  } {
    const metrics: Record<string, Distribution> = {};
    for (const [k, v] of this.values) metrics[k] = distribution(v, metricDef(k)?.digits ?? 4);
    return {
      runs: this.runs,
      metrics,
      expectations: [...this.expectations].map(([name, s]) => ({
        name,
        ...passRate(s.passed, s.runs),
        failing_seeds: s.failing,
      })),
      all_expectations: passRate(this.runs - this.failingSeeds.length, this.runs),
      failing_seeds: this.failingSeeds,
      worst: this.worst.map(({ seed, failed, rank_value }) => ({ seed, failed, rank_value })),
    };
  }
}
