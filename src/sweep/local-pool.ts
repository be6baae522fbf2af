/**
 * Runs on this machine: a pool of worker threads (piscina) executing the compiled run entry
 * dist/sweep/pool-worker.js, so a long simulation never blocks the sweep's own event loop (which
 * writes results, draws the progress bar and, in a queue worker, renews job locks).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { RunOutcome, RunTask } from './run-one.js';
import { PACKAGE_ROOT } from './version.js';

export interface Executor {
  readonly threads: number;
  run(task: RunTask): Promise<RunOutcome>;
  close(): Promise<void>;
}

/**
 * The compiled twin of a module of this folder. Under the test runner this file is TypeScript in
 * src/, but worker threads need plain JavaScript: they always load dist/ (built by the tests'
 * global setup, and by `npm ci` for users).
 */
export function compiledModule(name: string): string {
  const here = fileURLToPath(import.meta.url);
  const js = here.endsWith('.ts')
    ? path.join(PACKAGE_ROOT, 'dist', 'sweep', `${name}.js`)
    : path.join(path.dirname(here), `${name}.js`);
  if (!existsSync(js)) throw new Error(`${js} is missing; run \`npm run build\` first`);
  return pathToFileURL(js).href;
}

export function localPool(threads: number): Executor {
  const pool = new Piscina<RunTask, RunOutcome>({
    filename: compiledModule('pool-worker'),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  return {
    threads,
    run: (task) => pool.run(task),
    close: () => pool.destroy(),
  };
}
