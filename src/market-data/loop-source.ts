/**
 * Replays a short tape again and again until the run ends: each pass is shifted to start right
 * after the previous one; with `continuous` (default) each pass is rescaled so its first mid
 * equals the previous pass's last mid. `stats().seams` counts wrap-arounds. Needs an opener, since
 * each pass re-reads the tape.
 */
import { snapToTick, MappedSource } from './transform.js';
import { addStats, emptyStats, type ReadPosition, type TapeSource, type TapeStats } from './tape-source.js';
import type { Tick } from './tick-source.js';

export interface LoopOptions {
  /** Time between the last tick of one pass and the first tick of the next. Default: the mean tick interval of the first pass. */
  gapMs?: number;
  /**
   * Scale each new pass so its first mid equals the previous pass's last mid (no price jump at the
   * seam; drift compounds). Default true. With false, every pass repeats the original prices.
   */
  continuous?: boolean;
  tickSize: number;
  pow10: number;
  /** Stop producing ticks at or after this time (a loop is otherwise endless). */
  untilMs: number;
}

export class LoopSource extends MappedSource {
  private current: TapeSource;
  private finished = emptyStats();
  private seams = 0;
  private pendingSeam = false;
  private offset = 0;
  private factor = 1;
  private passFirst: Tick | undefined;
  private passCount = 0;
  private lastOut: Tick | undefined;
  private gapMs: number | undefined;

  constructor(
    private readonly open: () => TapeSource,
    private readonly opts: LoopOptions,
  ) {
    super();
    this.current = open();
    this.gapMs = opts.gapMs;
  }

  override position(): ReadPosition | undefined {
    return this.current.position();
  }

  protected pull(): Tick | undefined {
    for (let emptyPasses = 0; emptyPasses < 2; ) {
      const raw = this.current.next();
      if (raw !== undefined) {
        if (this.passFirst === undefined) this.passFirst = raw;
        this.passCount++;
        const out = this.map(raw);
        if (out.t >= this.opts.untilMs) return undefined;
        if (this.pendingSeam) {
          this.seams++;
          this.pendingSeam = false;
        }
        this.lastOut = out;
        return out;
      }
      // End of a pass.
      this.finished = addStats(this.finished, this.current.stats());
      this.current.close();
      if (this.lastOut === undefined || this.passFirst === undefined) return undefined; // empty tape
      const first = this.passFirst;
      if (this.gapMs === undefined) {
        const span = this.lastOut.t - this.offset - first.t;
        this.gapMs = this.passCount > 1 ? Math.max(1, Math.round(span / (this.passCount - 1))) : 1000;
      }
      this.offset = this.lastOut.t + this.gapMs - first.t;
      if (this.opts.continuous !== false) {
        const lastMid = (this.lastOut.bid + this.lastOut.ask) / 2;
        this.factor = lastMid / ((first.bid + first.ask) / 2);
      }
      this.pendingSeam = true;
      this.passCount = 0;
      this.current = this.open();
      if (this.current.peek() === undefined) emptyPasses++;
    }
    return undefined;
  }

  private map(t: Tick): Tick {
    const out: Tick = { ...t, t: t.t + this.offset };
    if (this.factor !== 1) {
      const { tickSize, pow10 } = this.opts;
      out.bid = snapToTick(t.bid * this.factor, tickSize, pow10);
      out.ask = snapToTick(t.ask * this.factor, tickSize, pow10);
      if (t.ask > t.bid && out.ask <= out.bid) out.ask = snapToTick(out.bid + tickSize, tickSize, pow10);
    }
    return out;
  }

  protected innerStats(): TapeStats {
    const s = addStats(this.finished, this.current.stats());
    s.seams += this.seams;
    return s;
  }

  protected release(): void {
    this.current.close();
  }
}
