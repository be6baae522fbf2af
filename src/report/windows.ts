/**
 * The run cut into fixed windows of `windowMs` from the start: per window, the funnel per symbol ×
 * layer, the share of 10 s samples at which each layer was gated, rejections by code, breaker opens,
 * realised PnL and fees per role, and API calls. Memory is O(windows).
 *
 * Rules:
 * - An event at time t belongs to window ⌊(t − start) / windowMs⌋; with a known end, an event at
 *   exactly the end belongs to the last window (the run's final look happens at its end).
 * - Cumulative figures (PnL, fees, API calls) are read (only) at the first sample at or after each window
 *   boundary; the world samples every sampleMs and windowMs is a multiple of it, so that sample lies
 *   on the boundary itself. A window's figure is the difference between its two boundary readings.
 */
import type { Role } from '../engine/roster.js';
import { LAYERS, newLayerCounter, ROLES, type LayerCounter } from './counters.js';
import type { StatsTiming } from './stats-view.js';

export interface Cumulative {
  /** ROLES order. */
  realized: number[];
  fees: number[];
  apiCalls: number;
}

export interface WindowAcc {
  /** [symbol index][layer index]. */
  funnel: LayerCounter[][];
  /** Per layer index. */
  samples: number[];
  samplesGated: number[];
  rejections: Map<number, number>;
  breakerOpens: number;
  realized: number[];
  fees: number[];
  apiCalls: number;
}

export class WindowCollector {
  readonly windows: WindowAcc[] = [];
  private snapIdx = 0;
  private snap: Cumulative | undefined;

  constructor(
    private readonly timing: StatsTiming,
    private readonly symbolCount: number,
  ) {}

  /** Number of windows the run has when its end is known. */
  get plannedCount(): number | undefined {
    const { endMs, startMs, windowMs } = this.timing;
    return endMs === undefined ? undefined : Math.max(1, Math.ceil((endMs - startMs) / windowMs));
  }

  at(t: number): WindowAcc {
    let i = Math.max(0, Math.floor((t - this.timing.startMs) / this.timing.windowMs));
    const planned = this.plannedCount;
    if (planned !== undefined && i >= planned) i = planned - 1;
    return this.ensure(i);
  }

  /** At each sample: close the cumulative figures of the window that ended at or before t. */
  observeCumulative(t: number, read: () => Cumulative): void {
    const raw = Math.max(0, Math.floor((t - this.timing.startMs) / this.timing.windowMs));
    if (this.snap === undefined) {
      this.snap = read();
      this.snapIdx = raw;
      return;
    }
    if (raw > this.snapIdx) {
      const cum = read();
      this.book(this.snapIdx, cum);
      this.snapIdx = raw;
      this.snap = cum;
    }
  }

  /** At the end: book the last open window and make sure every planned window exists. */
  finish(t: number, cum: Cumulative): void {
    const planned = this.plannedCount;
    const last = planned !== undefined ? planned - 1 : Math.max(0, Math.floor((t - this.timing.startMs) / this.timing.windowMs));
    if (this.snap !== undefined && this.snapIdx <= last) {
      this.book(this.snapIdx, cum);
      this.snapIdx = last + 1;
      this.snap = cum;
    }
    this.ensure(last);
  }

  private book(i: number, cum: Cumulative): void {
    const w = this.ensure(i);
    const s = this.snap!;
    for (let r = 0; r < ROLES.length; r++) {
      w.realized[r]! += cum.realized[r]! - s.realized[r]!;
      w.fees[r]! += cum.fees[r]! - s.fees[r]!;
    }
    w.apiCalls += cum.apiCalls - s.apiCalls;
  }

  private ensure(i: number): WindowAcc {
    while (this.windows.length <= i) {
      this.windows.push({
        funnel: Array.from({ length: this.symbolCount }, () => LAYERS.map(newLayerCounter)),
        samples: LAYERS.map(() => 0),
        samplesGated: LAYERS.map(() => 0),
        rejections: new Map(),
        breakerOpens: 0,
        realized: ROLES.map(() => 0),
        fees: ROLES.map(() => 0),
        apiCalls: 0,
      });
    }
    return this.windows[i]!;
  }
}

export const ROLE_INDEX: ReadonlyMap<Role, number> = new Map(ROLES.map((r, i) => [r, i]));
