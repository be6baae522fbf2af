/**
 * The simulated fleet's links to the world (`sim` only; in `serve` the fleet is a real `live`
 * process): the fleet's feed over the world's tapes, and per account two clients of the venue
 * through the sim client (SimAccountExchange, latency-delayed legs on the scheduler).
 *
 * Rules:
 * - Trading clients carry the loops' calls: the account's own latency stream (`latency/<id>`) and
 *   fault stream (`faults/<id>`) with the scenario's faults; placements are refused once the
 *   session's stop flag is up (the live client does the same itself).
 * - Session clients carry the session's start-up and stop calls: the same venue account and
 *   latency model on streams of their own (`session/latency/<id>`, `session/faults/<id>`), so the
 *   session never shifts a draw of the trading streams, and a fault-free link: the scenario's
 *   faults are about the trading window; start-up failing under faults is live's to test.
 * - The feed's per-symbol delay (`feed-latency/<symbol>`) is the scenario's `feed_latency`.
 * - The models are the scenario's choice (`exchange.latency.model`, `feed_latency.model`;
 *   src/sim/latency.ts, feed-delay.ts); a replayed recording (`live --record-latency`) was read
 *   when the scenario loaded.
 */
import type { Exchange } from '../engine/ports.js';
import { guardPlacements } from '../session/placement-guard.js';
import type { StopFlag } from '../session/stop-flag.js';
import { FaultModel, NO_FAULTS } from '../sim/faults.js';
import { legsOf, RecordedFeedDelay, type FeedDelay } from '../sim/feed-delay.js';
import { ConstantLatency } from '../sim/constant-latency.js';
import type { LatencyModel, LatencySpec } from '../sim/latency.js';
import { LognormalLatency } from '../sim/lognormal-latency.js';
import { ReplayLatency } from '../sim/replay-latency.js';
import type { Rng } from '../engine/ports.js';
import type { Scheduler } from '../sim/scheduler.js';
import { SimAccountExchange } from '../sim/sim-client.js';
import { SimFeed } from '../sim/sim-feed.js';
import type { World } from './build-world.js';

export interface SimLinks {
  feed: SimFeed;
  /** By account id: the loops' clients. */
  trading: Map<string, Exchange>;
  /** By account id: the session's clients (start-up, stop). */
  session: Map<string, Exchange>;
}

export function simLinks(world: World, sched: Scheduler, stop: StopFlag): SimLinks {
  const sc = world.scenario;
  const root = world.rng;
  const feed = new SimFeed(sched, world.faults);
  for (const s of sc.symbols) {
    const sym = s.spec.exchange;
    const f = s.feedLatency;
    let delay: FeedDelay | undefined;
    if (f?.model === 'replay') delay = new RecordedFeedDelay();
    else if (f) delay = legsOf(latencyModel(f, { rng: root.split(`feed-latency/${sym}`), account: '', startMs: world.startMs }));
    feed.addSymbol(world.tapes.get(sym)!, delay);
  }
  const spec = sc.exchange.latency;
  const noFaults = new FaultModel(NO_FAULTS, world.startMs);
  const timeout = sc.exchange.request_timeout_ms;
  const trading = new Map<string, Exchange>();
  const session = new Map<string, Exchange>();
  for (const a of world.accounts) {
    const lat = (name: string): LatencyModel =>
      latencyModel(spec, { rng: root.split(name), account: a.id, startMs: world.startMs });
    const client = new SimAccountExchange(
      world.core,
      sched,
      a.id,
      lat(`latency/${a.id}`),
      world.faults,
      root.split(`faults/${a.id}`),
      timeout,
    );
    trading.set(a.id, guardPlacements(client, stop));
    session.set(
      a.id,
      new SimAccountExchange(
        world.core,
        sched,
        a.id,
        lat(`session/latency/${a.id}`),
        noFaults,
        root.split(`session/faults/${a.id}`),
        timeout,
      ),
    );
  }
  return { feed, trading, session };
}

export interface LatencyContext {
  /** The link's own stream (the lognormal draws from it; the others never draw). */
  rng: Rng;
  /** The account the link belongs to (replay prefers that account's own recorded round trips). */
  account: string;
  /** World time of the scenario's start (replay aligns the recording's first request with it). */
  startMs: number;
}

/** The latency model a spec names (src/sim/latency.ts). */
export function latencyModel(spec: LatencySpec, ctx: LatencyContext): LatencyModel {
  switch (spec.model) {
    case 'lognormal':
      return new LognormalLatency(spec, ctx.rng);
    case 'constant':
      return new ConstantLatency(spec.ms);
    case 'replay':
      return new ReplayLatency(spec.trips, ctx.account, ctx.startMs, spec.min_ms);
  }
}
