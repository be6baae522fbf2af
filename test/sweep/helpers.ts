// Helpers for the sweep's end-to-end tests: the real CLI (bin/rocky-bot.js on dist/) as child
// processes, and a private redis-server per test on a free loopback port with no persistence.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const BIN = path.resolve('bin/rocky-bot.js');

/** The tests' sweep: 2 taker intervals × 6 seeds of 3 simulated minutes (12 runs, seconds in all). */
export const TINY = [
  '--scenario',
  'scenarios/drift.yaml',
  '--seeds',
  '1..6',
  '--duration',
  '3m',
  '--set',
  'strategy.taker.interval_s=20,40',
  '--worst',
  '1',
  '--quiet',
];

export interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  /** Resolves when stdout has a line matching re (with the match). */
  line: (re: RegExp) => Promise<RegExpMatchArray>;
}

export function cli(args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: Array<{ re: RegExp; resolve: (m: RegExpMatchArray) => void }> = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) {
      const m = out.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, sig) => resolve(code ?? sig ?? -1)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    line: (re) => {
      const m = out.match(re);
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        waiters.push({ re, resolve });
        void exited.then((c) => reject(new Error(`exited (${c}) before printing ${re}:\n${out}\n${err}`)));
      });
    },
  };
}

/** Run the CLI to its end. */
export async function runCli(
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const p = cli(args, env);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

export const hasRedisServer = (): boolean => !spawnSync('redis-server', ['--version']).error;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface RedisHandle {
  url: string;
  stop(): Promise<void>;
}

/** A redis-server of our own: 127.0.0.1, a free port, no RDB or AOF, its own temp folder. */
export async function startRedis(): Promise<RedisHandle> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sweep-redis-'));
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      log += d.toString();
      if (/Ready to accept connections/.test(log)) resolve();
    });
    child.on('exit', (c) => reject(new Error(`redis-server exited (${c}):\n${log}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}/0`,
    stop: async () => {
      const gone = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await gone;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
