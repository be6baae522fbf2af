/**
 * The run's window on a tape: ticks before the scenario end, and (when `check` is on, i.e. a
 * replay without `loop:`) the rule that the tape covers the whole run:
 * - its first tick is at most `toleranceMs` after the run starts (rebasing puts it exactly there);
 * - it does not run out more than `toleranceMs` before the run ends.
 * `toleranceMs` is the source's gap_threshold_ms: a tape may miss the run's edges by no more than
 * it may go silent inside. A breach is a ConfigError naming the file and line read, raised when it
 * becomes known: at the first tick, or the moment the last tick has been read.
 */
import { ConfigError } from '../config/config-error.js';
import { type ReadPosition, type TapeSource, type TapeStats, where } from './tape-source.js';
import type { Tick, TickSpan } from './tick-source.js';
import { foldEach, skipTicks, takeHead } from './tick-span.js';
import { MappedSource } from './transform.js';

export interface CoverOptions {
  startMs: number;
  endMs: number;
  toleranceMs: number;
  /** Require the tape to cover [startMs, endMs]; off for loops (endless) and serve (holds the last price). */
  check: boolean;
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export class CoverSource extends MappedSource {
  private lastT: number | undefined;

  constructor(
    private readonly inner: TapeSource,
    private readonly o: CoverOptions,
  ) {
    super();
  }

  override position(): ReadPosition | undefined {
    return this.inner.position();
  }

  /**
   * Before the end: the inner source skips, once the first tick's check has run (it runs when that
   * tick is pulled, here as the head); a tick this layer holds goes first. A skip that reaches the
   * end goes tick by tick, so the cut and the coverage check are the per-tick ones.
   */
  skip(until: number, span: TickSpan): Tick | undefined {
    if (until >= this.o.endMs) return foldEach(this, until, span);
    let head: Tick | undefined;
    if (this.lastT === undefined || !this.idle()) {
      head = takeHead(this, until, span);
      if (head === undefined) return undefined;
    }
    const last = skipTicks(this.inner, until, span) ?? head;
    if (last !== undefined) this.lastT = last.t;
    return last;
  }

  protected pull(): Tick | undefined {
    const t = this.inner.next();
    const o = this.o;
    if (t === undefined) {
      if (o.check && (this.lastT === undefined || o.endMs - this.lastT > o.toleranceMs)) this.fail(this.endsEarly());
      return undefined;
    }
    if (this.lastT === undefined && o.check && t.t - o.startMs > o.toleranceMs) {
      this.fail(
        `the tape starts ${secs(t.t - o.startMs)} after the run does (${new Date(t.t).toISOString()} vs ${new Date(o.startMs).toISOString()}); ` +
          'expected a tape covering the whole run (rebase: true moves its first tick to the start)',
      );
    }
    if (t.t >= o.endMs) {
      this.inner.close();
      return undefined;
    }
    this.lastT = t.t;
    return t;
  }

  private endsEarly(): string {
    const o = this.o;
    const last = this.lastT === undefined ? 'before the run starts' : `${secs(this.lastT - o.startMs)} into the run`;
    return (
      `the tape ends ${last}, which lasts ${secs(o.endMs - o.startMs)}; expected ticks until the end (within gap_threshold_ms = ${o.toleranceMs}): ` +
      'give a longer tape or more files, a shorter duration, or loop: true'
    );
  }

  private fail(problem: string): never {
    const w = where(this.inner.position());
    this.inner.close();
    throw new ConfigError(w.file, w.at, problem);
  }

  protected innerStats(): TapeStats {
    return this.inner.stats();
  }

  protected release(): void {
    this.inner.close();
  }
}
