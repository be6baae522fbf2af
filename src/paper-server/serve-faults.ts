/**
 * The paper server's faults, per REST request on /fapi, by server time since start:
 * - outage windows: `5xx` (not applied, answered 503), `5xx_after_apply` (applied, then 503),
 *   `timeout` (not applied and never answered: the socket is held until the client gives up or
 *   `maxHoldMs` passes);
 * - `error_rate`: a random 503 without applying, from the server's seeded fault stream;
 * - `order_outages`: the same windows, for order placements (POST /fapi/v1/order) only;
 * - latency: `latency_ms` on every reply plus any latency spike active at arrival;
 * - `GET /fapi/v1/time` is never faulted (clients must be able to sync their clock).
 * Feed gaps hide ticks from the websocket (tape-symbol.ts); `ws_drop_every_s` cuts every feed
 * connection periodically (server.ts).
 */
import type { Rng } from '../engine/ports.js';
import { type Disposition, FaultModel, type FaultsConfig, type OutageKind } from '../sim/faults.js';

/** Faults on top of the scenario's `faults:`. */
export interface ServeFaults extends FaultsConfig {
  /** Added to every REST reply, server ms. */
  latency_ms: number;
  /** Cut every feed websocket this often (server seconds); 0 = never. */
  ws_drop_every_s: number;
  /** Outage windows that hit order placements (POST /fapi/v1/order) only. */
  order_outages: Array<{ from_s: number; to_s: number; kind: OutageKind }>;
}

/** The scenario's faults with the server's on top (lists are appended, numbers replace). */
export function mergeFaults(sc: FaultsConfig, over: Partial<ServeFaults> = {}): ServeFaults {
  return {
    outages: [...sc.outages, ...(over.outages ?? [])],
    error_rate: over.error_rate ?? sc.error_rate,
    latency_spikes: [...sc.latency_spikes, ...(over.latency_spikes ?? [])],
    feed_gaps: [...sc.feed_gaps, ...(over.feed_gaps ?? [])],
    latency_ms: over.latency_ms ?? 0,
    ws_drop_every_s: over.ws_drop_every_s ?? 0,
    order_outages: over.order_outages ?? [],
  };
}

/** What happens to one request: its disposition and the server ms to wait before answering. */
export interface RequestFate {
  disposition: Disposition;
  delayMs: number;
}

export class RequestFaults {
  private readonly orderFaults: FaultModel;

  constructor(
    readonly cfg: ServeFaults,
    /** The world's fault model (the scenario's faults merged with the server's). */
    private readonly faults: FaultModel,
    startMs: number,
    private readonly rng: Rng,
  ) {
    this.orderFaults = new FaultModel({ outages: cfg.order_outages, error_rate: 0, latency_spikes: [], feed_gaps: [] }, startMs);
  }

  /** The fate of a request arriving at server time `t`. */
  fate(t: number, method: string, path: string, isOrder: boolean): RequestFate {
    let disposition: Disposition = path === '/fapi/v1/time' ? 'ok' : this.faults.disposition(t, this.rng);
    if (disposition === 'ok' && isOrder && method === 'POST') disposition = this.orderFaults.disposition(t, this.rng);
    return { disposition, delayMs: this.cfg.latency_ms + this.faults.extraLatencyMs(t) };
  }
}
