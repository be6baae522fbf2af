/**
 * The paper server's clock: wall time, optionally accelerated. Server time (ms) runs `speed` times
 * faster than the wall clock from `originMs` (the wall time at start, so at speed 1 server time is
 * wall time and real clients' timestamps pass the recvWindow check).
 *
 * `timers()` gives the same time base as TimerFns for an in-process client (tests run `live` on it,
 * so both sides agree on time at any speed). A client on the plain wall clock only works at speed 1.
 */
import { performance } from 'node:perf_hooks';
import type { TimerFns } from '../io/real-clock.js';

export class ServerClock {
  readonly originMs: number;
  private readonly wallStart: number;

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
