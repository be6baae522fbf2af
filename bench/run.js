#!/usr/bin/env node
// `npm run bench`: every benchmark, each in its own process so peak memory is its own.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const benches = [['bench/sim.js'], ['bench/ticks.mjs'], ['bench/sweep.js']].filter(([f]) => existsSync(f));
for (const args of benches) {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
