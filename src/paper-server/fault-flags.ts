/**
 * Fault flags of `rocky-bot serve` turned into ServeFaults (merged over the scenario's `faults:`):
 *   --fault-outage KIND@FROM-TO   (repeatable; KIND = 5xx | 5xx_after_apply | timeout; FROM/TO in
 *                                 seconds of server time since start)
 *   --fault-order-outage KIND@FROM-TO   the same, for order placements only (repeatable)
 *   --fault-error-rate P          random 503s (not applied) with probability P per request
 *   --fault-latency-ms N          added to every REST reply
 *   --fault-spike EXTRA@FROM-TO   latency spike (ms) inside a window (repeatable)
 *   --fault-feed-gap FROM-TO      hide ticks from the websocket (repeatable)
 *   --fault-ws-drop-every S       cut every feed websocket every S seconds
 */
import type { OutageKind } from '../sim/faults.js';
import type { ServeFaults } from './serve-faults.js';

export interface FaultFlags {
  faultOutage?: string[];
  faultOrderOutage?: string[];
  faultErrorRate?: number;
  faultLatencyMs?: number;
  faultSpike?: string[];
  faultFeedGap?: string[];
  faultWsDropEvery?: number;
}

function window(s: string, flag: string): { from_s: number; to_s: number } {
  const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(s.trim());
  if (!m || Number(m[2]) <= Number(m[1])) throw new Error(`${flag}: expected FROM-TO in seconds (e.g. 30-45), got "${s}"`);
  return { from_s: Number(m[1]), to_s: Number(m[2]) };
}

function outages(list: string[], flag: string): Array<{ kind: OutageKind; from_s: number; to_s: number }> {
  return list.map((s) => {
    const at = s.indexOf('@');
    const kind = s.slice(0, at);
    if (at < 0 || !['5xx', '5xx_after_apply', 'timeout'].includes(kind)) {
      throw new Error(`${flag}: expected KIND@FROM-TO with KIND 5xx, 5xx_after_apply or timeout, got "${s}"`);
    }
    return { kind: kind as OutageKind, ...window(s.slice(at + 1), flag) };
  });
}

export function parseFaultFlags(f: FaultFlags): Partial<ServeFaults> {
  const out: Partial<ServeFaults> = {};
  if (f.faultOutage?.length) out.outages = outages(f.faultOutage, '--fault-outage');
  if (f.faultOrderOutage?.length) out.order_outages = outages(f.faultOrderOutage, '--fault-order-outage');
  if (f.faultErrorRate !== undefined) {
    if (!(f.faultErrorRate >= 0 && f.faultErrorRate <= 1))
      throw new Error(`--fault-error-rate: expected 0..1, got ${f.faultErrorRate}`);
    out.error_rate = f.faultErrorRate;
  }
  if (f.faultLatencyMs !== undefined) {
    if (!(f.faultLatencyMs >= 0)) throw new Error(`--fault-latency-ms: expected ≥ 0, got ${f.faultLatencyMs}`);
    out.latency_ms = f.faultLatencyMs;
  }
  if (f.faultSpike?.length) {
    out.latency_spikes = f.faultSpike.map((s) => {
      const at = s.indexOf('@');
      const extra = Number(s.slice(0, at));
      if (at < 0 || !(extra >= 0)) throw new Error(`--fault-spike: expected EXTRA_MS@FROM-TO, got "${s}"`);
      return { extra_ms: extra, ...window(s.slice(at + 1), '--fault-spike') };
    });
  }
  if (f.faultFeedGap?.length) out.feed_gaps = f.faultFeedGap.map((s) => window(s, '--fault-feed-gap'));
  if (f.faultWsDropEvery !== undefined) {
    if (!(f.faultWsDropEvery > 0)) throw new Error(`--fault-ws-drop-every: expected seconds > 0, got ${f.faultWsDropEvery}`);
    out.ws_drop_every_s = f.faultWsDropEvery;
  }
  return out;
}
