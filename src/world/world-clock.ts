/**
 * What the simulated world needs of time, whichever clock drives it: read it, and run a
 * state-only callback (one that resumes no awaiting strategy code) at a later time. The sim's
 * Scheduler is one; serve's ServerClock gives one over wall timers (paper-server/clock.ts).
 */
export interface WorldClock {
  now(): number;
  /** Run `fn` at world time `t` (at once if `t` has passed). */
  at(t: number, fn: () => void): void;
}
