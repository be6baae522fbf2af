/** The `report:` block of a scenario: how the sim report cuts the run into windows (docs/report.md). */
import { z } from 'zod';
import { duration } from './primitives.js';

/** The report's default window, and the period every window must be a multiple of (the sampler's). */
export const DEFAULT_REPORT_WINDOW_MS = 15 * 60_000;
export const REPORT_SAMPLE_MS = 10_000;

/** A problem with a report window length (ms), or undefined when it is fine. */
export function reportWindowProblem(ms: number | undefined): string | undefined {
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return 'expected a duration such as 15m or 1h';
  if (ms % REPORT_SAMPLE_MS !== 0) return 'expected a multiple of 10 s (the report samples every 10 s), such as 15m or 1h';
  return undefined;
}

export const reportBlock = z
  .strictObject({
    window: duration()
      .default(DEFAULT_REPORT_WINDOW_MS)
      .superRefine((ms, ctx) => {
        const p = reportWindowProblem(ms);
        if (p) ctx.addIssue({ code: 'custom', message: p });
      })
      .describe('length of the report windows; default 15m; sim --window overrides'),
  })
  .prefault({});
