/**
 * The paper server's clock: wall time, optionally accelerated. Server time (ms) runs `speed` times
 * faster than the wall clock from `originMs` (the wall time at start, so at speed 1 server time is
 * wall time and real clients' timestamps pass the recvWindow check).
 *
 * `timers()` gives the same time base as TimerFns for an in-process client (tests run `live` on it,
 * so both sides agree on time at any speed). A client on the plain wall clock only works at speed 1.
 * `at()` makes it the world's clock (WorldClock: state-only callbacks at a server time); every
 * callback not yet run is dropped by `cancelAll()` when the server closes.
 */
import { performance } from 'node:perf_hooks';
import type { TimerFns } from '../io/real-clock.js';
import type { WorldClock } from '../world/world-clock.js';

export class ServerClock implements WorldClock {
  readonly originMs: number;
  private readonly wallStart: number;
  private readonly scheduled = new Set<NodeJS.Timeout>();

  constructor(
    readonly speed = 1,
    originMs = Date.now(),
  ) {
    if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number, got ${speed}`);
    this.originMs = originMs;
    this.wallStart = performance.now();
  }

  /** Server time, ms (integer). */
  now(): number {
    return Math.floor(this.originMs + (performance.now() - this.wallStart) * this.speed);
  }

  /** Server ms elapsed since start. */
  elapsed(): number {
    return this.now() - this.originMs;
  }

  /** Wall milliseconds for `serverMs` of server time. */
  wallMs(serverMs: number): number {
    return Math.max(0, serverMs / this.speed);
  }

  /** Run `fn` at server time `t` (at once if it has passed). */
  at(t: number, fn: () => void): void {
    const h = setTimeout(
      () => {
        this.scheduled.delete(h);
        fn();
      },
      this.wallMs(t - this.now()),
    );
    this.scheduled.add(h);
  }

  /** Drop every `at()` callback not yet run. */
  cancelAll(): void {
    for (const h of this.scheduled) clearTimeout(h);
    this.scheduled.clear();
  }

  setTimeout(fn: () => void, serverMs: number): NodeJS.Timeout {
    return setTimeout(fn, this.wallMs(serverMs));
  }

  setInterval(fn: () => void, serverMs: number): NodeJS.Timeout {
    return setInterval(fn, Math.max(1, this.wallMs(serverMs)));
  }

  /** TimerFns on this clock's time base, for in-process clients (RealClock, BinanceFeed, runLive). */
  timers(): TimerFns {
    return {
      now: () => this.now(),
      setTimeout: (fn, ms) => setTimeout(fn, this.wallMs(ms)),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
  }
}
