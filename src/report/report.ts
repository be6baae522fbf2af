/**
 * The sim report: the JSON contract CI and other tools read (docs/report.md), built once at the
 * end of a run. Keys are inserted in a fixed order (roster order, symbol order, layer order) and
 * every float is rounded here, at the edge, so identical runs give identical bytes.
 */
import type { StrategyConfig } from '../engine/config.js';
import type { AccountSpec, Layer } from '../engine/roster.js';
import type { SymbolSpec } from '../engine/roster.js';
import { LAYERS, type RunStats } from './stats.js';
import type { TapeSummary } from '../market-data/transform.js';

/** One `expect:` assertion checked against a report: what was expected, what was measured. */
export interface ExpectationResult {
  name: string;
  expected: string;
  measured: string;
  ok: boolean;
}

export interface LayerReport {
  fills: number;
  maker_fills: number;
  taker_fills: number;
  qty: number;
  notional_usdc: number;
}

export interface PairReport {
  max_abs_notional_usdc: number;
  /** Highest (|position| − one own order) × price: above the cap means "beyond cap + one order". */
  max_excess_over_one_order_usdc: number;
  /** Share of periodic samples at which the cap gate would have refused this account's next order. */
  time_at_cap_pct: number;
  fills: number;
  orders_placed: number;
  never_quoted: boolean;
  gate_skips: number;
  gate_cancels: number;
  breaker_skips: number;
  stale_skips: number;
  rejections: Record<string, number>;
  position: number;
  realized_pnl_usdc: number;
}

export interface TapeReport {
  ticks_read: number;
  first: string | null;
  last: string | null;
  gaps_over_threshold: number;
  gap_threshold_ms: number;
  longest_gap_ms: number;
  out_of_order_dropped: number;
  loop_seams: number;
}

export interface Report {
  scenario: string;
  seed: number | string;
  duration_s: number;
  funnel: Record<string, Record<Layer, LayerReport>>;
  /** Per symbol: each maker layer's share of the maker fills (anchor + L1 + L2 + L3). */
  funnel_share: Record<string, Record<'anchor' | 'L1' | 'L2' | 'L3', number>>;
  cap: {
    max_notional_usdc: number;
    max_abs_notional_usdc: number;
    worst: { account: string; symbol: string; notional_usdc: number } | null;
    /** Account × symbol pairs above the cap by more than one of their own orders' notional. */
    over_cap_beyond_one_order: string[];
    /** The highest of the pairs' max_excess_over_one_order_usdc. */
    max_excess_over_one_order_usdc: number;
    gate_skips: number;
    gate_cancels: number;
  };
  accounts: Record<string, Record<string, PairReport>>;
  rejections_by_code: Record<string, number>;
  circuit: Record<string, number>;
  feed: { stale_skips: number; quotes_on_stale_feed: number };
  external_fills: Record<string, number>;
  api: { calls: number; max_calls_per_min_per_account: number; calls_per_min_per_account_avg: number };
  pnl_by_role: Record<string, { realized_usdc: number; fees_usdc: number }>;
  /** What was read of each symbol's tape (read lazily, so up to the end of the run). */
  tape: Record<string, TapeReport>;
  expectations: ExpectationResult[];
}

export interface ReportInputs {
  scenario: string;
  seed: number | string;
  durationMs: number;
  roster: AccountSpec[];
  symbols: readonly { spec: SymbolSpec }[];
  strategy: StrategyConfig;
  stats: RunStats;
  position(account: string, symbol: string): { amt: number; realizedPnl: number };
  fees(account: string): number;
  api(account: string): { calls: number; maxCallsPerMinute: number };
  ticksRead(symbol: string): number;
  /** Fuller reading summary where the caller has it (the sim does). */
  tapeSummary?(symbol: string): TapeSummary;
}

export const r2 = (x: number): number => Math.round(x * 100) / 100;
export const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
export const r8 = (x: number): number => Math.round(x * 1e8) / 1e8;

export function buildReport(x: ReportInputs): Omit<Report, 'expectations'> {
  const { stats, strategy } = x;
  const cap = strategy.risk.max_notional_usdc;
  const funnel: Report['funnel'] = {};
  const share: Report['funnel_share'] = {};
  for (const s of x.symbols) {
    const src = stats.funnel.get(s.spec.exchange)!;
    const layers = {} as Record<Layer, LayerReport>;
    for (const l of LAYERS) {
      const c = src.get(l)!;
      layers[l] = {
        fills: c.fills,
        maker_fills: c.maker_fills,
        taker_fills: c.taker_fills,
        qty: r8(c.qty),
        notional_usdc: r2(c.notional),
      };
    }
    funnel[s.spec.name] = layers;
    const makerTotal = (['anchor', 'L1', 'L2', 'L3'] as const).reduce((n, l) => n + src.get(l)!.maker_fills, 0);
    share[s.spec.name] = {
      anchor: r4(makerTotal ? src.get('anchor')!.maker_fills / makerTotal : 0),
      L1: r4(makerTotal ? src.get('L1')!.maker_fills / makerTotal : 0),
      L2: r4(makerTotal ? src.get('L2')!.maker_fills / makerTotal : 0),
      L3: r4(makerTotal ? src.get('L3')!.maker_fills / makerTotal : 0),
    };
  }

  const accounts: Report['accounts'] = {};
  const over: string[] = [];
  let worst: Report['cap']['worst'] = null;
  let maxExcess = 0;
  let gateSkips = 0;
  let staleSkips = 0;
  let gateCancels = 0;
  const pnl: Report['pnl_by_role'] = {};
  let calls = 0;
  let maxPerMin = 0;
  const circuit: Report['circuit'] = {};
  for (const a of x.roster) {
    const perSym: Record<string, PairReport> = {};
    let realized = 0;
    for (const s of x.symbols) {
      const sym = s.spec.exchange;
      const p = stats.pair(a.id, sym);
      const pos = x.position(a.id, sym);
      realized += pos.realizedPnl;
      const rej: Record<string, number> = {};
      for (const code of [...p.rejections.keys()].sort((m, n) => m - n)) rej[String(code)] = p.rejections.get(code)!;
      const maxN = r2(p.max_abs_notional);
      perSym[s.spec.name] = {
        max_abs_notional_usdc: maxN,
        max_excess_over_one_order_usdc: r2(p.max_excess_over_one_order),
        time_at_cap_pct: r2(p.samples ? (100 * p.samples_gated) / p.samples : 0),
        fills: p.fills,
        orders_placed: p.orders_placed,
        never_quoted: a.role !== 'taker' && p.orders_placed === 0,
        gate_skips: p.gate_skips,
        gate_cancels: p.gate_cancels,
        breaker_skips: p.breaker_skips,
        stale_skips: p.stale_skips,
        rejections: rej,
        position: r8(pos.amt),
        realized_pnl_usdc: r2(pos.realizedPnl),
      };
      gateSkips += p.gate_skips;
      staleSkips += p.stale_skips;
      gateCancels += p.gate_cancels;
      if (!worst || maxN > worst.notional_usdc) worst = { account: a.id, symbol: s.spec.name, notional_usdc: maxN };
      if (p.max_excess_over_one_order > maxExcess) maxExcess = p.max_excess_over_one_order;
      if (p.max_excess_over_one_order > cap + 1e-9) over.push(`${a.id}@${s.spec.name}`);
    }
    accounts[a.id] = perSym;
    const role = pnl[a.role] ?? (pnl[a.role] = { realized_usdc: 0, fees_usdc: 0 });
    role.realized_usdc += realized;
    role.fees_usdc += x.fees(a.id);
    const api = x.api(a.id);
    calls += api.calls;
    if (api.maxCallsPerMinute > maxPerMin) maxPerMin = api.maxCallsPerMinute;
    circuit[a.id] = stats.breakerOpens.get(a.id) ?? 0;
  }
  for (const k of Object.keys(pnl)) pnl[k] = { realized_usdc: r2(pnl[k]!.realized_usdc), fees_usdc: r2(pnl[k]!.fees_usdc) };

  const rejections: Record<string, number> = {};
  for (const code of [...stats.rejections.keys()].sort((m, n) => m - n)) rejections[String(code)] = stats.rejections.get(code)!;
  const minutes = x.durationMs / 60_000;
  const tape: Report['tape'] = {};
  const iso = (t: number | undefined): string | null => (t === undefined ? null : new Date(t).toISOString());
  for (const s of x.symbols) {
    const t: TapeSummary = x.tapeSummary?.(s.spec.exchange) ?? {
      rows: x.ticksRead(s.spec.exchange),
      firstT: undefined,
      lastT: undefined,
      gapThresholdMs: 0,
      gapCount: 0,
      gaps: [],
      longestGapMs: 0,
      outOfOrderDropped: 0,
      skipped: 0,
      seams: 0,
    };
    tape[s.spec.name] = {
      ticks_read: t.rows,
      first: iso(t.firstT),
      last: iso(t.lastT),
      gaps_over_threshold: t.gapCount,
      gap_threshold_ms: t.gapThresholdMs,
      longest_gap_ms: t.longestGapMs,
      out_of_order_dropped: t.outOfOrderDropped,
      loop_seams: t.seams,
    };
  }

  return {
    scenario: x.scenario,
    seed: x.seed,
    duration_s: Math.round(x.durationMs / 1000),
    funnel,
    funnel_share: share,
    cap: {
      max_notional_usdc: cap,
      max_abs_notional_usdc: worst ? worst.notional_usdc : 0,
      worst,
      over_cap_beyond_one_order: over,
      max_excess_over_one_order_usdc: r2(maxExcess),
      gate_skips: gateSkips,
      gate_cancels: gateCancels,
    },
    accounts,
    rejections_by_code: rejections,
    circuit,
    feed: { stale_skips: staleSkips, quotes_on_stale_feed: stats.quotesOnStaleFeed },
    external_fills: Object.fromEntries(x.symbols.map((s) => [s.spec.name, stats.externalFills.get(s.spec.exchange) ?? 0])),
    api: {
      calls,
      max_calls_per_min_per_account: maxPerMin,
      calls_per_min_per_account_avg: r2(x.roster.length && minutes ? calls / x.roster.length / minutes : 0),
    },
    pnl_by_role: pnl,
    tape,
  };
}
