/**
 * The worker-thread entry of the local pool (piscina loads the compiled dist/sweep/pool-worker.js):
 * one task in, one outcome out. Threads are reused across runs; nothing survives a run but what
 * module caches hold (the parsed scenario is not cached: each run re-parses its own text).
 */
import { runOne, type RunOutcome, type RunTask } from './run-one.js';

export default function run(task: RunTask): Promise<RunOutcome> {
  return runOne(task);
}
