/**
 * Regression: every committed scenario is re-run and its report compared with the golden copy in
 * test/golden/. A strategy change that bends the funnel or breaks the cap shows up here as a diff.
 * To accept an intended change: `npm run golden:update`, review the diff, commit it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../src/world/run-sim.js';
import { stableJson } from '../src/report/stable-json.js';
import { loadScenario } from '../src/scenario/scenario.js';
import { compareReports } from '../src/report/compare.js';
import type { Report } from '../src/report/report.js';

const dir = path.resolve('scenarios');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('golden scenario reports', () => {
  it.each(files)('%s matches its golden report and its expectations', async (f) => {
    const sc = loadScenario(path.join(dir, f));
    const { report, session } = await runScenario(sc);
    const goldenFile = path.resolve('test/golden', `${sc.name}.json`);
    const golden = readFileSync(goldenFile, 'utf8');
    if (stableJson(report) !== golden) {
      // The readable diff: the two reports side by side, differing rows only (rocky-bot compare).
      const { text } = compareReports(JSON.parse(golden) as Report, JSON.parse(stableJson(report)) as Report, {
        onlyDiff: true,
        names: ['golden', 'this run'],
      });
      expect.fail(`${f}: report differs from test/golden/${sc.name}.json (accept on purpose: npm run golden:update)\n${text}`);
    }
    // The session's graceful stop after the window left no order open on any account.
    expect(session.stop).toMatchObject({ drained: true, stillOpen: [], errors: [] });
    const failed = report.expectations.filter((e) => !e.ok);
    expect(failed, failed.map((e) => `${e.name}: measured ${e.measured}`).join('\n')).toEqual([]);
  });
});
