/**
 * One run of a sweep: load the scenario text with the run's overrides and seed, run it as `sim`
 * would, and keep only its metrics and expectation verdicts (the report itself is dropped unless
 * the run is asked to write its folder). Failures come back as values, not exceptions, so the kind of
 * failure (bad input → exit 2, anything else → internal error) survives a thread or a queue.
 */
import { ConfigError } from '../config/config-error.js';
import { writeRunFolder } from '../report/run-folder.js';
import { runScenario } from '../world/run-sim.js';
import { extractMetrics } from './metrics.js';
import type { Override } from './overrides.js';
import { loadScenarioText, tapeFilesOf, tapeSha256 } from './scenario-text.js';

export interface RunTask {
  scenario: { file: string; text: string };
  overrides: Override[];
  seed: number;
  durationMs: number | null;
  key: string;
  /** SHA-256 of the tapes the sweep planned with: a machine whose tapes differ refuses the run. */
  tapes: string[];
  /** Write the run's folder here too: report.json, series.json and report.html, as `sim` does. */
  reportDir?: string;
}

export interface RunResult {
  key: string;
  seed: number;
  metrics: Record<string, number>;
  expectations: Array<{ name: string; ok: boolean }>;
}

export type RunOutcome = { ok: true; result: RunResult } | { ok: false; kind: 'input' | 'internal'; message: string };

export async function runOne(task: RunTask): Promise<RunOutcome> {
  try {
    const sc = loadScenarioText(task.scenario, {
      overrides: task.overrides,
      seed: task.seed,
      durationMs: task.durationMs ?? undefined,
    });
    tapeFilesOf(sc).forEach((f, i) => {
      if (tapeSha256(f) !== task.tapes[i])
        throw new ConfigError(
          f,
          '',
          `this tape differs from the one the sweep was planned with (SHA-256 ${task.tapes[i]?.slice(0, 12) ?? 'none'}…)`,
        );
    });
    const { report, series } = await runScenario(sc);
    if (task.reportDir) writeRunFolder(task.reportDir, report, series, { html: true });
    return {
      ok: true,
      result: {
        key: task.key,
        seed: task.seed,
        metrics: Object.fromEntries(extractMetrics(report)),
        expectations: report.expectations.map((e) => ({ name: e.name, ok: e.ok })),
      },
    };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, kind: 'input', message: e.message };
    const debug = process.env.ROCKY_DEBUG === '1';
    const message = e instanceof Error ? (debug && e.stack ? e.stack : `${e.name}: ${e.message}`) : String(e);
    return { ok: false, kind: 'internal', message };
  }
}
