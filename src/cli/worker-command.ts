/**
 * `rocky-bot worker --queue redis://HOST:PORT/DB`: execute sweep runs from the queue until SIGINT or
 * SIGTERM (then the runs in hand finish and it exits 0). Any number of workers on any number of
 * machines; each serves only the queue of its own build. Exit 2 for bad flags or an unreachable Redis.
 */
import { availableParallelism } from 'node:os';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { parseDurationMs } from '../config/yaml-reader.js';
import { checkQueueUrl } from '../sweep/queue-url.js';
import { badInput, inputProblem, type CliIo } from './io.js';

interface WorkerArgs {
  queue: string;
  concurrency?: number;
  lockDuration: string;
  stalledInterval: string;
  maxStalled: number;
  quiet: boolean;
}

export const workerCommand = (io: CliIo, run: (job: () => Promise<number>) => void): CommandModule<object, WorkerArgs> => ({
  command: 'worker',
  describe: 'Run sweep jobs from a BullMQ queue (start any number, on any machine, from the same build)',
  builder: (y: Argv<object>) =>
    y
      .option('queue', { type: 'string', demandOption: true, describe: 'redis://HOST:PORT/DB' })
      .option('concurrency', {
        type: 'number',
        describe: `runs at once, one thread each (default: the CPUs here, ${availableParallelism()})`,
      })
      .option('lock-duration', {
        type: 'string',
        default: '30s',
        describe: 'a job whose worker stops renewing its lock this long is retried elsewhere',
      })
      .option('stalled-interval', { type: 'string', default: '30s', describe: 'how often this worker looks for such jobs' })
      .option('max-stalled', { type: 'number', default: 3, describe: 'times a job may lose its worker before it fails' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no line per job' })
      .example('$0 worker --queue redis://10.0.0.5:6379/0', 'serve the sweeps queued on that Redis')
      .version(false) as unknown as Argv<WorkerArgs>,
  handler: (argv: ArgumentsCamelCase<WorkerArgs>) => run(() => workerMain(argv, io)),
});

export async function workerMain(a: WorkerArgs, io: CliIo): Promise<number> {
  const fail = (msg: string): number => badInput(io, 'worker', msg);
  const signals = io.signals;
  const lock = parseDurationMs(a.lockDuration);
  const stalled = parseDurationMs(a.stalledInterval);
  if (!lock || lock < 100) return fail(`--lock-duration: expected a duration ≥ 100ms such as 30s, got "${a.lockDuration}"`);
  if (!stalled || stalled < 100)
    return fail(`--stalled-interval: expected a duration ≥ 100ms such as 30s, got "${a.stalledInterval}"`);
  if (a.concurrency !== undefined && (!Number.isInteger(a.concurrency) || a.concurrency < 1))
    return fail(`--concurrency: expected a whole number ≥ 1, got ${a.concurrency}`);
  if (!Number.isInteger(a.maxStalled) || a.maxStalled < 1)
    return fail(`--max-stalled: expected a whole number ≥ 1, got ${a.maxStalled}`);
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
  try {
    checkQueueUrl(a.queue);
    // loaded here, not at start-up: other commands need neither BullMQ nor the thread pool
    const { serveQueue } = await import('../sweep/queue-worker.js');
    await serveQueue({
      url: a.queue,
      concurrency: a.concurrency ?? availableParallelism(),
      lockDurationMs: lock,
      stalledIntervalMs: stalled,
      maxStalledCount: a.maxStalled,
      log: (l) => {
        if (!a.quiet || !/^(start|done) /.test(l)) io.out(`${l}\n`);
      },
      signal: stop.signal,
    });
    return 0;
  } catch (e) {
    const m = inputProblem(e);
    if (m === undefined) throw e;
    return fail(m);
  } finally {
    signals.off('SIGINT', onSignal);
    signals.off('SIGTERM', onSignal);
  }
}
