/**
 * Fault model: what goes wrong, when. Windows are in seconds from the scenario start.
 *
 * Rules (evaluated when a request arrives at the exchange):
 * - inside an outage window of kind `5xx`: the request is not applied and answered HTTP 503;
 * - kind `5xx_after_apply`: the request IS applied, then answered 503 (the case a client must
 *   resolve by looking the order up, never by blindly retrying);
 * - kind `timeout`: the request is not applied and no answer comes; the client gives up after its
 *   request timeout;
 * - otherwise, with probability `error_rate` (from the account's own stream), a 503 without applying.
 * Latency spikes add `extra_ms` to each leg sent inside their window. Feed gaps hide ticks from the
 * fleet's feed (the exchange's mark keeps moving).
 */
import type { Rng } from '../engine/ports.js';

export interface FaultWindow {
  from_s: number;
  to_s: number;
}
export type OutageKind = '5xx' | '5xx_after_apply' | 'timeout';
export interface FaultsConfig {
  outages: Array<FaultWindow & { kind: OutageKind }>;
  error_rate: number;
  latency_spikes: Array<FaultWindow & { extra_ms: number }>;
  feed_gaps: Array<FaultWindow & { symbols?: string[] }>;
}

export const NO_FAULTS: FaultsConfig = { outages: [], error_rate: 0, latency_spikes: [], feed_gaps: [] };

export type Disposition = 'ok' | OutageKind;

export class FaultModel {
  constructor(
    private readonly cfg: FaultsConfig,
    private readonly startMs: number,
  ) {}

  /** What happens to a request arriving at `t`. Draws from `rng` only when error_rate > 0. */
  disposition(t: number, rng: Rng): Disposition {
    const s = (t - this.startMs) / 1000;
    for (const w of this.cfg.outages) if (s >= w.from_s && s < w.to_s) return w.kind;
    if (this.cfg.error_rate > 0 && rng.next() < this.cfg.error_rate) return '5xx';
    return 'ok';
  }

  extraLatencyMs(t: number): number {
    if (this.cfg.latency_spikes.length === 0) return 0;
    const s = (t - this.startMs) / 1000;
    let extra = 0;
    for (const w of this.cfg.latency_spikes) if (s >= w.from_s && s < w.to_s) extra += w.extra_ms;
    return extra;
  }

  /** True when some feed gap applies to `symbol` (else feedCut is false at every time). */
  cutsFeed(symbol: string): boolean {
    return this.cfg.feed_gaps.some((w) => !w.symbols || w.symbols.includes(symbol));
  }

  /** True when the fleet's feed for `symbol` is cut at `t`. */
  feedCut(symbol: string, t: number): boolean {
    if (this.cfg.feed_gaps.length === 0) return false;
    const s = (t - this.startMs) / 1000;
    for (const w of this.cfg.feed_gaps) {
      if (s >= w.from_s && s < w.to_s && (!w.symbols || w.symbols.includes(symbol))) return true;
    }
    return false;
  }
}
