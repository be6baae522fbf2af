/**
 * The last step of every sweep, merge included: summarise the results into sweep.json and
 * sweep.csv, re-run the worst runs of each cell to write their reports (runs are deterministic, so
 * the re-run is the run; its metrics are checked against the stored ones), and draw sweep.html.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { stableJson } from '../report/stable-json.js';
import { aggregate, type AggregateOptions, type Lookup, type SweepSummary } from './aggregate.js';
import { taskFor } from './execute.js';
import { renderSweepHtml } from './html.js';
import type { Executor } from './local-pool.js';
import { runKey, type SweepPlan } from './plan.js';
import type { ScenarioText } from './scenario-text.js';

export interface FinalizeOptions extends AggregateOptions {
  outDir: string;
  /** Metric drawn in the heat map ('pass_rate' = all expectations). */
  heatmap: string;
  /** Scenario texts by plan index, or null where the file is gone or changed (no reports then). */
  texts: ReadonlyArray<ScenarioText | null>;
  /** Pool for the worst runs' re-runs; none = no reports. */
  executor?: Executor;
  note: (line: string) => void;
}

export async function finalize(plan: SweepPlan, lookup: Lookup, o: FinalizeOptions): Promise<SweepSummary> {
  const summary = aggregate(plan, lookup, o, path.join(o.outDir, 'sweep.csv'));
  writeFileAtomic(path.join(o.outDir, 'sweep.json'), stableJson(summary));
  if (o.executor && o.worst > 0) await writeWorstReports(plan, summary, lookup, o);
  writeFileAtomic(
    path.join(o.outDir, 'sweep.html'),
    renderSweepHtml(summary, { heatmap: o.heatmap, exists: (rel) => existsSync(path.join(o.outDir, rel)) }),
  );
  return summary;
}

async function writeWorstReports(plan: SweepPlan, summary: SweepSummary, lookup: Lookup, o: FinalizeOptions): Promise<void> {
  const jobs: Array<Promise<void>> = [];
  for (const c of summary.cells) {
    const cell = plan.cells[c.cell]!;
    const text = o.texts[cell.scenario];
    if (!text) {
      o.note(
        `reports of the worst runs of ${plan.scenarios[cell.scenario]!.file} not written: the file is missing or changed since the sweep`,
      );
      continue;
    }
    for (const w of c.worst) {
      const key = runKey(cell, w.seed);
      const dir = path.join(o.outDir, path.dirname(w.report));
      const task = taskFor(plan, o.texts as ScenarioText[], { index: -1, cell, seed: w.seed, key }, dir);
      jobs.push(
        o.executor!.run(task).then((out) => {
          if (!out.ok) {
            o.note(`report of ${c.label} seed ${w.seed} not written: ${out.message.split('\n')[0]}`);
            return;
          }
          const stored = lookup(key);
          if (stableJson(stored) !== stableJson(out.result))
            o.note(
              `WARNING: re-running ${c.label} seed ${w.seed} gave other metrics than the sweep's run: the run is not reproducible`,
            );
        }),
      );
    }
  }
  await Promise.all(jobs);
}
