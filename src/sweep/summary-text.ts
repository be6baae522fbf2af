/**
 * The sweep's verdict as text for the terminal: per cell the pass rates with their intervals, the
 * distribution table (min, p5, median, p95, max per metric), and the command that reproduces the
 * first failing seed. --quiet keeps one line per cell.
 */
import type { CellSummary, SweepSummary } from './aggregate.js';
import { formatSeeds } from './seeds.js';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const ci = (w: [number, number]): string => `[${(100 * w[0]).toFixed(1)}, ${(100 * w[1]).toFixed(1)}]`;

export function cellLine(c: CellSummary): string {
  const a = c.all_expectations;
  return `${c.label || `cell ${c.cell}`}: ${a.passed}/${a.runs} runs met every expectation (${pct(a.pass_rate)}, 95% ${ci(a.wilson95)})`;
}

export function formatSweepSummary(s: SweepSummary, quiet: boolean): string {
  const out: string[] = [];
  for (const c of s.cells) {
    out.push(cellLine(c));
    if (quiet) continue;
    for (const e of c.expectations)
      out.push(
        `  ${pad(e.name, 44)} ${String(e.passed).padStart(5)}/${e.runs} ${pct(e.pass_rate).padStart(6)} ${ci(e.wilson95)}`,
      );
    if (c.failing_seeds.length) {
      out.push(`  failing seeds: ${formatSeeds(c.failing_seeds)}`);
      out.push(`  reproduce: ${c.reproduce.replace(/SEED$/, String(c.failing_seeds[0]))}`);
    }
    out.push(`  ${pad('metric', 28)} ${['min', 'p5', 'median', 'p95', 'max'].map((h) => h.padStart(10)).join('')}`);
    for (const [name, d] of Object.entries(c.metrics))
      out.push(`  ${pad(name, 28)} ${[d.min, d.p5, d.median, d.p95, d.max].map((v) => String(v).padStart(10)).join('')}`);
    out.push('');
  }
  return out.join('\n');
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
