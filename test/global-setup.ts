/**
 * vitest globalSetup: make sure dist/ is built and not older than src/, so the tests that run the
 * compiled CLI (bin/rocky-bot.js) always run instead of skipping.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newest(p) : st.mtimeMs);
  }
  return t;
}

export default function setup(): void {
  const entry = path.resolve('dist/cli/main.js');
  const stale =
    !existsSync(entry) || statSync(entry).mtimeMs < Math.max(newest(path.resolve('src')), statSync('package.json').mtimeMs);
  if (!stale) return;
  const tsc = path.resolve('node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('globalSetup: building dist/ failed (tsc -p tsconfig.build.json)');
}
