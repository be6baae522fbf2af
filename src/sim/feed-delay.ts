/**
 * Feed delay model: how long after its exchange time a Binance tick reaches the fleet's feed in
 * the sim (`symbols.<SYM>.feed_latency`; none by default: ticks are seen at their exchange time).
 *
 * Rule of the interface: `delay(tick, t)` is the delay in whole ms (≥ 0) of the tick whose world
 * time is `t`. The feed keeps visibility in tape order whatever the delays (sim-feed.ts).
 *
 * Models:
 *   legs of a latency model (lognormal or constant, latency.ts): one leg per tick, drawn from the
 *     symbol's own stream (`feed-latency/<symbol>`);
 *   replay (RecordedFeedDelay): the delay the tape itself recorded — the local receipt time
 *     `rocky-bot record` keeps beside each tick (its `received_at` column) or the receipt prefix of
 *     a ws_jsonl capture, minus the tick's exchange time — so a recorded live session plays back
 *     with its own feed delays. Leaves out: clock skew between the recording machine and Binance
 *     (negative delays are taken as 0), and ticks recorded without a receipt time are seen at
 *     their exchange time.
 */
import type { Tick } from '../market-data/tick-source.js';
import type { LatencyModel } from './latency.js';

export interface FeedDelay {
  delay(tick: Tick, t: number): number;
}

/** One leg of `model` per tick. */
export function legsOf(model: LatencyModel): FeedDelay {
  return { delay: (_tick, t) => model.leg(t) };
}

/** The receipt delay the tape recorded. */
export class RecordedFeedDelay implements FeedDelay {
  /** Ticks that carried no receipt time (seen at their exchange time). */
  missing = 0;

  delay(tick: Tick): number {
    const d = tick.recvDelayMs;
    if (d === undefined || !Number.isFinite(d)) {
      this.missing++;
      return 0;
    }
    return Math.max(0, Math.round(d));
  }
}
