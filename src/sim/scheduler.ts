/**
 * The virtual clock and discrete-event scheduler: the only notion of time in the simulator.
 *
 * Invariants:
 * - Events fire in (time, sequence) order; sequence is the order they were scheduled, so two events
 *   at the same millisecond fire in a fixed order and a run is reproducible byte for byte.
 * - Time never moves backwards; `now()` during an event is that event's time.
 * - Nothing here touches real time. After an event that resumes strategy code (a sleep ending, a
 *   response arriving) the resumed code must run to its next await on a simulated promise before
 *   the next event fires. Two ways to wait for that (`SettleMode`):
 *   - `macrotask`: yield once to the host's macrotask queue (setImmediate). All microtasks finish
 *     first. Simple and always right, but a libuv loop turn per event dominates a run.
 *   - `microtask` (default): spin on microtask turns until the resumed code schedules its next
 *     event (the sequence counter moves), which is the moment it blocks again; if it schedules
 *     nothing within SPIN_LIMIT turns (it finished, or awaits something outside the sim), fall back
 *     to a macrotask yield. Requirement on simulated code: await a simulated promise as soon as it
 *     is created (all engine code does). A test runs scenarios in both modes and compares reports.
 *   Neither waits for wall-clock time and a sim run does no other I/O, so nothing can interleave.
 *   Events that only mutate exchange state (request arrivals) need no settling at all.
 * - A run ends early, never silently: an event that throws makes `runUntil` (and `drive`) reject
 *   with that error, and `halt(error)` (for faults caught in strategy code) makes them reject with
 *   `error` right after the current event has settled.
 */
import type { Clock } from '../engine/ports.js';
import { EventQueue, type SimEvent } from './event-queue.js';

export type { SimEvent };

/** An event that calls a function (at, resumeAt, sleep). */
class FnEvent implements SimEvent {
  constructor(
    public t: number,
    public seq: number,
    public resumes: boolean,
    private readonly fn: () => void,
  ) {}
  fire(): void {
    this.fn();
  }
}

/**
 * A sleep: resolves its promise when it fires, or earlier when its signal aborts (then it stays
 * queued but fires as a no-op that resumes nothing). No closure per sleep.
 */
class SleepEvent implements SimEvent {
  t = 0;
  seq = 0;
  resumes = true;
  constructor(
    readonly signal: AbortSignal | undefined,
    private readonly resolve: () => void,
  ) {}
  fire(): void {
    if (this.resumes) this.resolve();
  }
  /** Resolve now (abort); the queued event becomes a no-op. */
  wake(): void {
    this.resumes = false;
    this.resolve();
  }
}

/** A static promise executor: `new Promise(captureResolve)` leaves its resolve in `captured`. */
let captured: (() => void) | undefined;
function captureResolve(resolve: () => void): void {
  captured = resolve;
}

const yieldToMacrotasks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export type SettleMode = 'microtask' | 'macrotask';

/** Microtask turns to wait for resumed code to block again before falling back to a macrotask yield. */
const SPIN_LIMIT = 1000;

export class Scheduler implements Clock {
  private readonly queue = new EventQueue();
  private seq = 0;
  private current: number;
  /** Signals with an abort listener (one per signal serves every sleep of a fleet); the latest one. */
  private readonly watchedAll = new WeakSet<AbortSignal>();
  private watched: AbortSignal | undefined;
  eventsFired = 0;
  private halted: { error: unknown } | undefined;

  constructor(
    startMs: number,
    private readonly settleMode: SettleMode = 'microtask',
  ) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Run `fn` at virtual time `t` (clamped to now). For state changes that resume no awaiting code. */
  at(t: number, fn: () => void): void {
    this.queue.push(new FnEvent(Math.max(t, this.current), this.seq++, false, fn));
  }

  /** Run `fn` at virtual time `t`, where `fn` settles a promise that strategy code awaits. */
  resumeAt(t: number, fn: () => void): void {
    this.queue.push(new FnEvent(Math.max(t, this.current), this.seq++, true, fn));
  }

  /**
   * Queue `ev` to fire at `t` (clamped to now), in sequence after everything queued before; as
   * `at` (resumes false) or `resumeAt` (resumes true). `ev` must not be queued already.
   */
  schedule(ev: SimEvent, t: number, resumes: boolean): void {
    ev.t = Math.max(t, this.current);
    ev.seq = this.seq++;
    ev.resumes = resumes;
    this.queue.push(ev);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    if (signal !== undefined && signal !== this.watched) this.watch(signal);
    const done = new Promise<void>(captureResolve);
    this.schedule(new SleepEvent(signal, captured!), this.current + Math.max(0, ms), true);
    return done;
  }

  /** Stop the run: `runUntil` rejects with `error` (the first one given) once the current event settles. */
  halt(error: unknown): void {
    this.halted ??= { error };
  }

  /**
   * Fire events in order until the next one lies beyond `endMs` (or none is left), then set the
   * clock to `endMs`. Events after `endMs` stay queued; a later call may continue.
   */
  async runUntil(endMs: number): Promise<void> {
    const queue = this.queue;
    const micro = this.settleMode === 'microtask';
    while (queue.length > 0 && queue.firstTime() <= endMs) {
      if (this.halted) throw this.halted.error;
      if (!this.fireNext()) continue;
      if (!micro) {
        await yieldToMacrotasks();
        continue;
      }
      // settle(), inlined: the hot path of every round trip, without an async call per event.
      const mark = this.seq;
      let i = 0;
      do await null;
      while (this.seq === mark && ++i < SPIN_LIMIT);
      if (this.seq === mark) await yieldToMacrotasks();
    }
    if (this.halted) throw this.halted.error;
    if (endMs > this.current) this.current = endMs;
  }

  /**
   * Fire events in order until `task` settles, then return its value (or throw its error). For the
   * phases a world drives from outside the strategy (the session's start-up and graceful stop).
   * Fails with an Error naming `what` when nothing is left to run, or the next event lies beyond
   * `limitMs`, before `task` has settled. Code resumed outside any event (by an abort) runs first.
   */
  async drive<T>(task: Promise<T>, limitMs: number, what: string): Promise<T> {
    let settled = false;
    const done = (): void => {
      settled = true;
    };
    task.then(done, done);
    const queue = this.queue;
    await yieldToMacrotasks();
    while (!settled) {
      if (queue.length === 0 || queue.firstTime() > limitMs) {
        await yieldToMacrotasks();
        if (settled) break;
        if (queue.length === 0) throw new Error(`${what}: nothing left to run, and it has not finished`);
        if (queue.firstTime() > limitMs)
          throw new Error(`${what}: not finished by ${new Date(limitMs).toISOString()} (virtual time)`);
        continue;
      }
      if (this.halted) throw this.halted.error;
      if (this.fireNext()) await this.settleResumed();
    }
    return task;
  }

  /** Fire the earliest event; true when it resumed awaiting code (then settleResumed() must follow). */
  private fireNext(): boolean {
    const ev = this.queue.pop();
    this.current = ev.t;
    this.eventsFired++;
    const resumes = ev.resumes;
    ev.fire();
    return resumes;
  }

  /** Let resumed code run to its next await on a simulated promise (see the module doc). */
  private settleResumed(): Promise<void> {
    return this.settleMode === 'macrotask' ? yieldToMacrotasks() : this.settle();
  }

  /** Wait until resumed code has scheduled its next event (see the module doc). */
  private async settle(): Promise<void> {
    const mark = this.seq;
    for (let i = 0; i < SPIN_LIMIT; i++) {
      await null;
      if (this.seq !== mark) return;
    }
    await yieldToMacrotasks();
  }

  /** Number of queued events (for tests and diagnostics). */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Wake this signal's sleepers when it aborts, in the order they went to sleep (their sequence
   * numbers). One listener per signal; the last signal watched is remembered, so a fleet sharing
   * one signal pays a comparison per sleep.
   */
  private watch(signal: AbortSignal): void {
    this.watched = signal;
    if (this.watchedAll.has(signal)) return;
    this.watchedAll.add(signal);
    signal.addEventListener(
      'abort',
      () => {
        const sleepers: SleepEvent[] = [];
        for (const ev of this.queue.events())
          if (ev instanceof SleepEvent && ev.signal === signal && ev.resumes) sleepers.push(ev);
        sleepers.sort((a, b) => a.seq - b.seq);
        for (const ev of sleepers) ev.wake();
      },
      { once: true },
    );
  }
}
