/**
 * `rocky-bot worker`: take sweep runs from the queue of this build and run them on a local thread
 * pool, any number of such processes on any number of machines. The simulation runs in threads so
 * this process's event loop stays free to renew job locks; a worker that dies (even SIGKILL) stops
 * renewing, its lock expires after `lockDurationMs`, and another worker's stalled-job check (every
 * `stalledIntervalMs`) puts the job back to be run again. A result is only ever the return value of
 * a job, and the sweep keys results by run, so a retried run is never counted twice.
 */
import { Worker } from 'bullmq';
import { localPool } from './local-pool.js';
import { connectionFor, pingRedis, queueName } from './queue-common.js';
import { redactUrl } from './queue-url.js';
import type { RunOutcome, RunTask } from './run-one.js';
import { projectVersion } from './version.js';

export interface WorkerOptions {
  url: string;
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** Times a job may lose its worker before it is failed. */
  maxStalledCount: number;
  log: (line: string) => void;
  signal: AbortSignal;
}

export async function serveQueue(o: WorkerOptions): Promise<void> {
  await pingRedis(o.url);
  const name = queueName(projectVersion());
  const pool = localPool(o.concurrency);
  const worker = new Worker<RunTask, RunOutcome>(
    name,
    async (job) => {
      const t = job.data;
      o.log(`start ${job.id} ${t.scenario.file} seed ${t.seed}`);
      const t0 = Date.now();
      const out = await pool.run(t);
      o.log(
        `${out.ok ? 'done' : 'failed'} ${job.id} in ${((Date.now() - t0) / 1000).toFixed(1)} s${out.ok ? '' : `: ${out.message.split('\n')[0]}`}`,
      );
      return out;
    },
    {
      connection: connectionFor(o.url),
      concurrency: o.concurrency,
      lockDuration: o.lockDurationMs,
      stalledInterval: o.stalledIntervalMs,
      maxStalledCount: o.maxStalledCount,
    },
  );
  worker.on('error', (e) => o.log(`error: ${e.message}`));
  await worker.waitUntilReady();
  o.log(`serving queue ${name} on ${redactUrl(o.url)} with ${o.concurrency} thread(s)`);
  await new Promise<void>((resolve) => {
    if (o.signal.aborted) resolve();
    o.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  o.log('stopping: finishing the runs in hand');
  await worker.close();
  await pool.close();
}
