/**
 * Runs a bad-input case in-process (main(argv, io) from src/cli/cli.ts, working directory = the
 * case folder) or through the compiled CLI (bin/rocky-bot.js), and reports what a reviewer checks:
 * exit code, output, stack traces, files left behind, time taken.
 */
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/cli.js';
import type { BadInputCase } from './case.js';

export const CASE_TIMEOUT_MS = 20_000;
const BIN = path.resolve('bin/rocky-bot.js');

export interface CaseRun {
  code: number | null;
  output: string;
  /** Files in the case folder afterwards that the case did not bring (relative paths). */
  leftBehind: string[];
  timedOut: boolean;
}

function prepare(c: BadInputCase): { dir: string; args: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'rb-bad-'));
  for (const [rel, content] of Object.entries(c.files)) {
    const f = path.join(dir, rel);
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, content);
  }
  return { dir, args: c.args.map((a) => a.split('{dir}').join(dir)) };
}

function listAll(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      const inner = listAll(p, base);
      out.push(...(inner.length ? inner : [`${path.relative(base, p)}/`]));
    } else out.push(path.relative(base, p));
  }
  return out.sort();
}

function leftovers(c: BadInputCase, dir: string): string[] {
  const brought = new Set(Object.keys(c.files).map((f) => path.normalize(f)));
  const broughtDirs = new Set([...brought].flatMap((f) => [`${path.dirname(f)}/`]));
  return listAll(dir).filter((f) => !brought.has(f) && !broughtDirs.has(f));
}

export async function runInProcess(c: BadInputCase): Promise<CaseRun> {
  const { dir, args } = prepare(c);
  const chunks: string[] = [];
  const io = { out: (t: string) => void chunks.push(t), err: (t: string) => void chunks.push(t), signals: new EventEmitter() };
  const cwd = process.cwd();
  let timer: NodeJS.Timeout | undefined;
  try {
    process.chdir(dir);
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), CASE_TIMEOUT_MS)));
    const r = await Promise.race([main(args, io), timeout]);
    return {
      code: r === 'timeout' ? null : r,
      output: chunks.join(''),
      leftBehind: leftovers(c, dir),
      timedOut: r === 'timeout',
    };
  } catch (e) {
    // An exception escaping main is itself a finding: show it as output (it has the stack).
    return {
      code: null,
      output: `${chunks.join('')}\nTHREW ${(e as Error).stack}`,
      leftBehind: leftovers(c, dir),
      timedOut: false,
    };
  } finally {
    clearTimeout(timer);
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runCompiled(c: BadInputCase): CaseRun {
  const { dir, args } = prepare(c);
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: CASE_TIMEOUT_MS, input: '' });
    return {
      code: r.status,
      output: `${r.stdout}${r.stderr}`,
      leftBehind: leftovers(c, dir),
      timedOut: r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Stack frames or uncaught-error names in output. */
export const STACK_TRACE = /^\s+at\s.+[:(]\d+|\b(TypeError|ReferenceError|RangeError|SyntaxError|AssertionError)\b|THREW /m;
