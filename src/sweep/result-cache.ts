/**
 * Finished runs on disk: OUT/runs/<key>.json, one small file per run, written temp-then-rename so a
 * killed sweep leaves only whole files. The key (plan.ts) covers everything that decides a result,
 * so a file found under its key is that run's result whatever sweep wrote it: re-running after an
 * interruption, adding seeds, or merging shards all reuse it. Only the sweep process writes here.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { stableJson } from '../report/stable-json.js';
import type { RunResult } from './run-one.js';

export class ResultCache {
  readonly dir: string;

  constructor(outDir: string) {
    this.dir = path.join(outDir, 'runs');
    mkdirSync(this.dir, { recursive: true });
  }

  /** Remove temp files a killed sweep may have left (they are never whole results). */
  clearTemps(): void {
    for (const f of readdirSync(this.dir)) if (f.endsWith('.tmp')) rmSync(path.join(this.dir, f), { force: true });
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }

  has(key: string): boolean {
    return existsSync(this.file(key));
  }

  /** The cached result, or undefined when absent or unreadable (then the run is simply run again). */
  get(key: string): RunResult | undefined {
    return readResult(this.file(key), key);
  }

  put(r: RunResult): void {
    writeFileAtomic(this.file(r.key), stableJson(r));
  }
}

/** Read one result file, checking it is what its name says. */
export function readResult(file: string, key: string): RunResult | undefined {
  let v: RunResult;
  try {
    v = JSON.parse(readFileSync(file, 'utf8')) as RunResult;
  } catch {
    return undefined;
  }
  if (v?.key !== key || typeof v.metrics !== 'object' || !Array.isArray(v.expectations)) return undefined;
  return v;
}
