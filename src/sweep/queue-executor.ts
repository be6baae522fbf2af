/**
 * The sweep's side of the queue: each run becomes a BullMQ job (id = its cache key, so it is queued
 * once however often it is added) and the sweep waits for its return value. Runs go out in a window
 * (execute.ts), so Redis holds a bounded number of this sweep's jobs at a time. While nothing
 * finishes, a line every 15 s says what the queue holds and how many workers serve it.
 */
import { Queue, QueueEvents } from 'bullmq';
import type { Executor } from './local-pool.js';
import { connectionFor, JOB_OPTIONS, jobId, pingRedis, queueName } from './queue-common.js';
import type { RunOutcome, RunTask } from './run-one.js';
import type { ProjectVersion } from './version.js';

export async function queueExecutor(
  url: string,
  version: ProjectVersion,
  window: number,
  note: (line: string) => void,
): Promise<Executor> {
  await pingRedis(url);
  const name = queueName(version);
  const connection = connectionFor(url);
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  // Every job in flight listens for its own completion.
  events.setMaxListeners(window * 2 + 16);
  let lastDone = Date.now();
  const watch = setInterval(() => {
    if (Date.now() - lastDone < 15_000) return;
    void Promise.all([queue.getJobCounts('waiting', 'active', 'delayed'), queue.getWorkersCount()])
      .then(([c, w]) =>
        note(
          `queue ${name}: ${c.waiting ?? 0} waiting, ${c.active ?? 0} active; ${w} worker(s) connected` +
            (w === 0 ? ' — start `rocky-bot worker --queue <url>` from the same build' : ''),
        ),
      )
      .catch(() => {});
    lastDone = Date.now();
  }, 1000);
  watch.unref();
  return {
    threads: window,
    async run(task: RunTask): Promise<RunOutcome> {
      const job = await queue.add('run', task, { ...JOB_OPTIONS, jobId: jobId(task.key) });
      // An earlier sweep's failed job with this id stays failed until retried.
      if ((await job.getState()) === 'failed') await job.retry('failed');
      const out = (await job.waitUntilFinished(events)) as RunOutcome;
      lastDone = Date.now();
      return out;
    },
    async close() {
      clearInterval(watch);
      await events.close();
      await queue.close();
    },
  };
}
