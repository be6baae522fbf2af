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
 * - The feed's per-symbol latency (`feed-latency/<symbol>`) is the scenario's `feed_latency`.
 */
import type { Exchange } from '../engine/ports.js';
import { guardPlacements } from '../session/placement-guard.js';
import type { StopFlag } from '../session/stop-flag.js';
import { FaultModel, NO_FAULTS } from '../sim/faults.js';
import { LatencyModel } from '../sim/latency.js';
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
    const lat = s.feedLatency ? new LatencyModel(s.feedLatency, root.split(`feed-latency/${sym}`)) : undefined;
    feed.addSymbol(world.tapes.get(sym)!, lat);
  }
  const noFaults = new FaultModel(NO_FAULTS, world.startMs);
  const timeout = sc.exchange.request_timeout_ms;
  const trading = new Map<string, Exchange>();
  const session = new Map<string, Exchange>();
  for (const a of world.accounts) {
    const lat = (name: string): LatencyModel => new LatencyModel(sc.exchange.latency, root.split(name));
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
