/**
 * What the sweep (producer) and `rocky-bot worker` (consumer) agree on for the BullMQ path: the
 * queue's name — one per build, so a worker only ever takes runs its own code would produce, and
 * workers of another build simply never see them — the job options, and a quick check that Redis
 * answers.
 */
import { Redis } from 'ioredis';
import { ConfigError } from '../config/config-error.js';
import { redactUrl } from './queue-url.js';
import type { ProjectVersion } from './version.js';

export const queueName = (v: ProjectVersion): string => `rocky-bot-sweep-${v.version}-${v.build}`;

/** Job id of a run: its cache key, so adding a run twice (two sweeps, a resumed sweep) queues it once. */
export const jobId = (key: string): string => `run-${key}`;

/**
 * A worker that dies mid-run (its lock expires) gets the job retried elsewhere; a run that throws
 * on a worker (not a failed run: those come back as values) is tried again twice.
 */
export const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'fixed', delay: 1000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** BullMQ's connection options for a URL (workers need maxRetriesPerRequest: null). */
export const connectionFor = (url: string) => ({ url, maxRetriesPerRequest: null });

/** Fail fast with a one-line reason when Redis is not there (BullMQ itself would retry forever). */
export async function pingRedis(url: string, timeoutMs = 5000): Promise<void> {
  const r = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    await r.connect();
    await r.ping();
  } catch (e) {
    throw new ConfigError('', '--queue', `cannot reach Redis at ${redactUrl(url)} (${(e as Error).message})`);
  } finally {
    r.disconnect();
  }
}
