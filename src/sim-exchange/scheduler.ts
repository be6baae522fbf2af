/**
 * The virtual clock and discrete-event scheduler: the only notion of time in the simulator.
 *
 * Invariants:
 * - Events fire in (time, sequence) order; sequence is the order they were scheduled, so two events
 *   at the same millisecond fire in a fixed order and a run is reproducible byte for byte.
 * - Time never moves backwards; `now()` during an event is that event's time.
 * - Nothing here touches real time. After an event that resumes strategy code (a sleep ending, a
 *   response arriving) the run loop yields once to the host's macrotask queue (setImmediate), which
 *   lets every microtask that resumption started finish before the next event fires. That yield is
 *   not a timer: it waits for no wall-clock time and there is no other I/O in a sim run to
 *   interleave with, so it cannot reorder anything. Events that only mutate exchange state
 *   (request arrivals) fire without it.
 */
import type { Clock } from '../engine/ports.js';

interface SimEvent {
  t: number;
  seq: number;
  fn: () => void;
  /** True when the event resumes awaiting code, so the loop must let microtasks run after it. */
  resumes: boolean;
}

const yieldToMicrotasks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class Scheduler implements Clock {
  private readonly heap: SimEvent[] = [];
  private seq = 0;
  private current: number;
  /** Sleepers per abort signal, so one listener serves every sleep of a fleet (cheap on the hot path). */
  private readonly sleepers = new WeakMap<AbortSignal, Set<() => void>>();
  eventsFired = 0;

  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Run `fn` at virtual time `t` (clamped to now). For state changes that resume no awaiting code. */
  at(t: number, fn: () => void): void {
    this.push({ t: t < this.current ? this.current : t, seq: this.seq++, fn, resumes: false });
  }

  /** Run `fn` at virtual time `t`, where `fn` settles a promise that strategy code awaits. */
  resumeAt(t: number, fn: () => void): void {
    this.push({ t: t < this.current ? this.current : t, seq: this.seq++, fn, resumes: true });
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        if (signal) this.sleepers.get(signal)?.delete(finish);
        resolve();
      };
      if (signal) this.sleepersOf(signal).add(finish);
      this.resumeAt(this.current + Math.max(0, ms), finish);
    });
  }

  /**
   * Fire events in order until the next one lies beyond `endMs` (or none is left), then set the
   * clock to `endMs`. Events after `endMs` stay queued; a later call may continue.
   */
  async runUntil(endMs: number): Promise<void> {
    const heap = this.heap;
    while (heap.length > 0 && heap[0]!.t <= endMs) {
      const ev = this.pop();
      this.current = ev.t;
      this.eventsFired++;
      ev.fn();
      if (ev.resumes) await yieldToMicrotasks();
    }
    if (endMs > this.current) this.current = endMs;
  }

  /** Number of queued events (for tests and diagnostics). */
  get pending(): number {
    return this.heap.length;
  }

  private sleepersOf(signal: AbortSignal): Set<() => void> {
    let set = this.sleepers.get(signal);
    if (!set) {
      const created = new Set<() => void>();
      set = created;
      this.sleepers.set(signal, created);
      signal.addEventListener('abort', () => {
        for (const wake of [...created]) wake();
      }, { once: true });
    }
    return set;
  }

  private push(ev: SimEvent): void {
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(ev, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = ev;
  }

  private pop(): SimEvent {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    const n = h.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(h[r]!, h[l]!) ? r : l;
        if (!before(h[c]!, last)) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}
