/**
 * The live `status` log line (docs/live.md), written every `live.status_interval_s`: uptime, feed
 * (mid and age per symbol, connected), order/fill/rejection/skip totals from the metrics,
 * positions by role (largest |notional|, how many at ≥ 95 % of the cap), breakers by role and
 * state, the IP weight used this minute. Pure reading: it changes nothing.
 */
import type { CircuitBreaker } from '../engine/circuit-breaker.js';
import type { AccountSpec, Role } from '../engine/roster.js';
import type { BinanceFeed } from './binance-feed.js';
import type { Metrics } from './metrics.js';

export interface StatusSources {
  roster: AccountSpec[];
  breakers: ReadonlyMap<string, Pick<CircuitBreaker, 'state'>>;
  metrics: Metrics;
  feed: BinanceFeed;
  symbols: string[];
  capUsdc: number;
  uptimeS: () => number;
  usedWeight1m: () => number;
  dryRun: boolean;
}

/** The fields of one status line. */
export function statusFields(x: StatusSources): Record<string, unknown> {
  const roleOf = new Map(x.roster.map((a) => [a.id, a.role] as const));
  const breakers: Record<string, Record<string, number>> = {};
  for (const [id, b] of x.breakers) {
    const role = roleOf.get(id) as Role;
    breakers[role] ??= { closed: 0, open: 0, 'half-open': 0 };
    breakers[role]![b.state] = (breakers[role]![b.state] ?? 0) + 1;
  }
  const byRole: Record<string, { maxAbs: number; atCap: number }> = {};
  for (const p of x.metrics.series('rocky_position_notional_usdc')) {
    const role = roleOf.get(p.labels.account ?? '') ?? 'unknown';
    const r = (byRole[role] ??= { maxAbs: 0, atCap: 0 });
    r.maxAbs = Math.max(r.maxAbs, Math.round(Math.abs(p.value) * 100) / 100);
    if (Math.abs(p.value) >= x.capUsdc * 0.95) r.atCap++;
  }
  const feedState: Record<string, { mid: number | null; ageMs: number | null }> = {};
  for (const s of x.symbols) {
    const age = x.feed.ageMs(s);
    feedState[s] = { mid: x.feed.mid(s) ?? null, ageMs: Number.isFinite(age) ? age : null };
  }
  const m = x.metrics;
  return {
    uptimeS: x.uptimeS(),
    feed: feedState,
    feedConnected: x.feed.connected,
    ordersPlaced: m.sum('rocky_orders_placed_total'),
    ordersCancelled: m.sum('rocky_orders_cancelled_total'),
    fills: m.sum('rocky_fills_total'),
    rejections: m.sum('rocky_rejections_total'),
    staleSkips: m.sum('rocky_stale_skips_total'),
    gateSkips: m.sum('rocky_gate_skips_total'),
    positions: { capUsdc: x.capUsdc, byRole },
    breakers,
    usedWeight1m: x.usedWeight1m(),
    dryRun: x.dryRun,
  };
}
