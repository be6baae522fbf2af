// The sweep on BullMQ against a real redis-server (its own, on a free loopback port): two worker
// processes, one SIGKILLed while it holds a run; the run is retried on the other, no result counts
// twice, and sweep.json is byte for byte the local run's. Without redis-server the test is skipped,
// unless CI_REQUIRE_REDIS=1 (set by .ci/run), where a missing server fails it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, hasRedisServer, runCli, startRedis, TINY } from './helpers.js';

const required = process.env.CI_REQUIRE_REDIS === '1';
const available = hasRedisServer();
if (!available && !required)
  console.warn(
    'sweep-queue.test.ts: SKIPPED — redis-server is not installed (apt-get install redis-server); CI sets CI_REQUIRE_REDIS=1 and fails instead',
  );

const tmp = mkdtempSync(path.join(tmpdir(), 'sweep-queue-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!available && !required)('rocky-bot sweep --queue (BullMQ on redis-server)', () => {
  it('two workers, one killed mid-run: the run is retried elsewhere and sweep.json equals the local run’s', async () => {
    expect(available, 'redis-server is not installed, and CI_REQUIRE_REDIS=1 requires it').toBe(true);
    const local = await runCli(['sweep', ...TINY, '--workers', '2', '--out', path.join(tmp, 'local')]);
    expect(local.code).toBe(0);
    const redis = await startRedis();
    // quick stalled-job detection so the retry happens within seconds
    const workerArgs = [
      'worker',
      '--queue',
      redis.url,
      '--concurrency',
      '1',
      '--lock-duration',
      '1s',
      '--stalled-interval',
      '300ms',
    ];
    const a = cli(workerArgs);
    const b = cli(workerArgs);
    try {
      await Promise.all([a.line(/serving queue/), b.line(/serving queue/)]);
      const sweep = cli(['sweep', ...TINY, '--workers', '1', '--queue', redis.url, '--out', path.join(tmp, 'queued')]);
      // kill worker A the moment it has taken a run (a run lasts far longer than the signal takes)
      const [, victim] = await a.line(/^start (run-\w+)/m);
      a.child.kill('SIGKILL');
      expect(await a.exited).toBe('SIGKILL');
      expect(a.stdout()).not.toMatch(new RegExp(`done ${victim}`));
      expect(await sweep.exited, sweep.stderr()).toBe(0);
      expect(sweep.stdout()).toMatch(/12 ran on the queue, 0 cached/);
      expect(readFileSync(path.join(tmp, 'queued', 'sweep.json'), 'utf8')).toBe(
        readFileSync(path.join(tmp, 'local', 'sweep.json'), 'utf8'),
      );
      // the killed worker's run was run again by B, and B ran every run exactly once
      const done = [...b.stdout().matchAll(/^done (run-\w+)/gm)].map((m) => m[1]);
      expect(done).toContain(victim);
      expect(new Set(done).size).toBe(12);
      expect(done).toHaveLength(12);
      b.child.kill('SIGTERM');
      expect(await b.exited).toBe(0);
    } finally {
      a.child.kill('SIGKILL');
      b.child.kill('SIGKILL');
      await redis.stop();
    }
    // child processes on a shared 2-core machine: generous, the test measures no time
  }, 180_000);
});
