/**
 * The time-resolved sections of the report (docs/report.md): windows, counterparty, fill distance,
 * tape-range outliers, gating per layer and resting through the mid. Built from RunStats' collectors
 * at the end of a run; keys in fixed order, floats rounded here, at the edge.
 */
import type { AccountSpec, Layer, Role } from '../engine/roster.js';
import { LAYERS, ROLES } from './counters.js';
import { PARTIES, type Party } from './counterparty.js';
import type { RunStats } from './stats.js';

export const r2 = (x: number): number => Math.round(x * 100) / 100;
export const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
export const r8 = (x: number): number => Math.round(x * 1e8) / 1e8;

export interface LayerReport {
  fills: number;
  maker_fills: number;
  taker_fills: number;
  qty: number;
  notional_usdc: number;
}

export interface WindowReport {
  start_s: number;
  end_s: number;
  funnel: Record<string, Record<Layer, LayerReport>>;
  /** Share of the layer's periodic samples at which the next exposure-increasing order was gated. */
  gated_pct: Record<Layer, number>;
  pnl_usdc: Record<string, { realized_usdc: number; fees_usdc: number }>;
  api_calls: number;
  rejections: Record<string, number>;
  breaker_opens: number;
}

export interface CounterpartyCell {
  fills: number;
  qty: number;
  notional_usdc: number;
}

export interface DistanceReport {
  fills: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface GatingReport {
  /** Account × symbol pairs of the layer. */
  pairs: number;
  /** Pairs gated at one sample or more. */
  pairs_gated: number;
  /** Seconds from the start to each gated pair's first gated sample. */
  first_gated_s: { min: number; median: number; max: number } | null;
  gated_pct: number;
  /** Among samples from each pair's first gated sample on: the share gated. */
  gated_pct_after_first: number;
}

export interface RestingReport {
  orders: number;
  order_seconds: number;
  mean_s: number;
  max_s: number;
}

export interface TimeSections {
  window_s: number;
  windows: WindowReport[];
  counterparty: Record<string, Partial<Record<Party, Partial<Record<Party, CounterpartyCell>>>>>;
  fill_distance_bps: Record<string, Record<Layer, DistanceReport>>;
  fills_outside_tape_range: Record<string, number>;
  gating: Record<Layer, GatingReport>;
  resting_through_mid: Partial<Record<Role, RestingReport>>;
}

export const layerReport = (c: {
  fills: number;
  maker_fills: number;
  taker_fills: number;
  qty: number;
  notional: number;
}): LayerReport => ({
  fills: c.fills,
  maker_fills: c.maker_fills,
  taker_fills: c.taker_fills,
  qty: r8(c.qty),
  notional_usdc: r2(c.notional),
});

const byCode = (m: Map<number, number>): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const code of [...m.keys()].sort((a, b) => a - b)) out[String(code)] = m.get(code)!;
  return out;
};

/** names: the fleet's symbol names in stats.symbols order. */
export function buildTimeSections(stats: RunStats, roster: AccountSpec[], names: readonly string[]): TimeSections {
  const c = stats.collectors;
  const { startMs, windowMs, sampleMs, endMs } = stats.timing;
  const roles = ROLES.filter((r) => roster.some((a) => a.role === r));
  const gating = gatingSections(stats, roster);
  if (!c)
    return {
      window_s: windowMs / 1000,
      windows: [],
      counterparty: {},
      fill_distance_bps: {},
      fills_outside_tape_range: {},
      gating,
      resting_through_mid: {},
    };

  const windows: WindowReport[] = c.windows.windows.map((w, i) => {
    const funnel: WindowReport['funnel'] = {};
    names.forEach((n, si) => {
      const layers = {} as Record<Layer, LayerReport>;
      LAYERS.forEach((l, li) => {
        layers[l] = layerReport(w.funnel[si]![li]!);
      });
      funnel[n] = layers;
    });
    const gated = {} as Record<Layer, number>;
    LAYERS.forEach((l, li) => {
      gated[l] = r2(w.samples[li] ? (100 * w.samplesGated[li]!) / w.samples[li]! : 0);
    });
    const pnl: WindowReport['pnl_usdc'] = {};
    for (const r of roles) {
      const ri = ROLES.indexOf(r);
      pnl[r] = { realized_usdc: r2(w.realized[ri]!), fees_usdc: r2(w.fees[ri]!) };
    }
    const start = i * windowMs;
    const end = endMs === undefined ? start + windowMs : Math.min(start + windowMs, endMs - startMs);
    return {
      start_s: Math.round(start / 1000),
      end_s: Math.round(end / 1000),
      funnel,
      gated_pct: gated,
      pnl_usdc: pnl,
      api_calls: w.apiCalls,
      rejections: byCode(w.rejections),
      breaker_opens: w.breakerOpens,
    };
  });

  const hasExternal = c.counterparty.some((m) => m.externalFills() > 0);
  const parties = PARTIES.filter((p) => hasExternal || p !== 'external');
  const counterparty: TimeSections['counterparty'] = {};
  const distance: TimeSections['fill_distance_bps'] = {};
  const outside: Record<string, number> = {};
  names.forEach((n, si) => {
    const m = c.counterparty[si]!;
    const rows: TimeSections['counterparty'][string] = {};
    for (const mk of parties) {
      const row: Partial<Record<Party, CounterpartyCell>> = {};
      for (const tk of parties) {
        const cell = m.cell(mk, tk);
        row[tk] = { fills: cell.fills, qty: r8(cell.qty), notional_usdc: r2(cell.notional) };
      }
      rows[mk] = row;
    }
    counterparty[n] = rows;
    const d = {} as Record<Layer, DistanceReport>;
    LAYERS.forEach((l, li) => {
      const h = c.distance[si]![li]!;
      d[l] = { fills: h.n, p50: r2(h.quantile(0.5)), p90: r2(h.quantile(0.9)), p99: r2(h.quantile(0.99)), max: r2(h.max) };
    });
    distance[n] = d;
    outside[n] = c.outsideTapeRange[si]!;
  });

  const sampleS = sampleMs / 1000;
  const resting: TimeSections['resting_through_mid'] = {};
  for (const r of roles) {
    const acc = c.resting.byRole[ROLES.indexOf(r)]!;
    const seconds = acc.samples * sampleS;
    resting[r] = {
      orders: acc.orders,
      order_seconds: seconds,
      mean_s: r2(acc.orders ? seconds / acc.orders : 0),
      max_s: acc.maxRun * sampleS,
    };
  }

  return {
    window_s: windowMs / 1000,
    windows,
    counterparty,
    fill_distance_bps: distance,
    fills_outside_tape_range: outside,
    gating,
    resting_through_mid: resting,
  };
}

function gatingSections(stats: RunStats, roster: AccountSpec[]): Record<Layer, GatingReport> {
  const out = {} as Record<Layer, GatingReport>;
  for (const l of LAYERS) {
    let pairs = 0;
    let samples = 0;
    let gated = 0;
    let since = 0;
    let gatedSince = 0;
    const firsts: number[] = [];
    for (const a of roster) {
      if (a.layer !== l) continue;
      for (const s of stats.symbols) {
        const p = stats.pair(a.id, s);
        pairs++;
        samples += p.samples;
        gated += p.samples_gated;
        if (p.first_gated_ms !== undefined) {
          firsts.push(Math.round((p.first_gated_ms - stats.timing.startMs) / 1000));
          since += p.samples_since_first_gated;
          gatedSince += p.samples_gated;
        }
      }
    }
    firsts.sort((x, y) => x - y);
    out[l] = {
      pairs,
      pairs_gated: firsts.length,
      first_gated_s: firsts.length
        ? { min: firsts[0]!, median: firsts[Math.floor((firsts.length - 1) / 2)]!, max: firsts[firsts.length - 1]! }
        : null,
      gated_pct: r2(samples ? (100 * gated) / samples : 0),
      gated_pct_after_first: r2(since ? (100 * gatedSince) / since : 0),
    };
  }
  return out;
}
