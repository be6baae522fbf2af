/**
 * The bad-input table: every case of every test/bad-input/*.cases.ts runs in-process through
 * main(argv, io); the first case of each category and every tenth also run through the compiled CLI. Each
 * must exit 2 with a message naming the file, line or flag and what was expected, print no stack
 * trace, leave no file behind and not hang. The counts by category are printed.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BadInputCase } from './case.js';
import { CASE_TIMEOUT_MS, runCompiled, runInProcess, STACK_TRACE, type CaseRun } from './run-case.js';

// Every *.cases.ts beside this file (other suites drop theirs in: tapes.cases.ts, ...).
const here = path.dirname(fileURLToPath(import.meta.url));
const caseFiles = readdirSync(here)
  .filter((f) => f.endsWith('.cases.ts'))
  .sort();
const modules = (await Promise.all(caseFiles.map((f) => import(pathToFileURL(path.join(here, f)).href)))) as Array<{
  cases: BadInputCase[];
}>;
const all: BadInputCase[] = modules.flatMap((m) => m.cases);

function check(c: BadInputCase, r: CaseRun): void {
  expect(r.timedOut, 'finished in time').toBe(false);
  expect(r.output, 'no stack trace').not.toMatch(STACK_TRACE);
  expect(r.output, 'names the file/line/field and what was expected').toMatch(c.message);
  expect(r.code, `exit code (output: ${r.output})`).toBe(c.exit);
  expect(r.leftBehind, 'no file left behind').toEqual([]);
}

describe('bad-input table', () => {
  it('has at least 80 cases, each with a unique name', () => {
    const counts: Record<string, number> = {};
    for (const c of all) counts[c.category] = (counts[c.category] ?? 0) + 1;
    console.log(`bad-input cases by category: ${JSON.stringify(counts)} (total ${all.length})`);
    expect(all.length).toBeGreaterThanOrEqual(80);
    expect(new Set(all.map((c) => c.name)).size).toBe(all.length);
  });

  describe.each([...new Set(all.map((c) => c.category))])('%s (in-process)', (category) => {
    it.each(all.filter((c) => c.category === category).map((c) => [c.name, c] as const))(
      '%s',
      async (_n, c) => check(c, await runInProcess(c)),
      CASE_TIMEOUT_MS + 5000,
    );
  });

  const firstOfCategory = new Set([...new Map(all.map((c) => [c.category, c])).values()].map((c) => c.name));
  const sample = all.filter((c, i) => i % 10 === 0 || firstOfCategory.has(c.name));
  describe('through the compiled CLI (bin/rocky-bot.js)', () => {
    it.each(sample.map((c) => [`${c.category}: ${c.name}`, c] as const))(
      '%s',
      (_n, c) => check(c, runCompiled(c)),
      CASE_TIMEOUT_MS + 5000,
    );
  });
});
