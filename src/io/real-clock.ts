/**
 * Clock on the wall clock. The time source and timer functions are injectable so tests can drive it
 * with @sinonjs/fake-timers (`FakeTimers.createClock()`) without installing fakes globally (which
 * would also freeze undici's and ws's own timers).
 */
import type { Clock } from '../engine/ports.js';

export interface TimerFns {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: TimerFns = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class RealClock implements Clock {
  constructor(private readonly timers: TimerFns = systemTimers) {}

  now(): number {
    return this.timers.now();
  }

  /** Resolves after `ms`, or at once (without throwing) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const onAbort = (): void => {
        this.timers.clearTimeout(handle);
        resolve();
      };
      const handle = this.timers.setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
