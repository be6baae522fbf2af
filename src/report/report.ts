/**
 * The sim report: the JSON contract CI and other tools read (docs/report.md), built once at the
 * end of a run. Keys are inserted in a fixed order (roster order, symbol order, layer order) and
 * every float is rounded here, at the edge, so identical runs give identical bytes.
 */
import type { StrategyConfig } from '../engine/config.js';
import type { AccountSpec, Layer, Role, SymbolSpec } from '../engine/roster.js';
import { LAYERS, type RunStats } from './stats.js';
import { buildTimeSections, layerReport, r2, r4, r8, type LayerReport, type TimeSections } from './report-time.js';
import type { TapeSummary } from '../market-data/summary-source.js';
import { perpSections, type PerpSections, type PerpStats } from './perp-stats.js';

/** One `expect:` assertion checked against a report: what was expected, what was measured. */
export interface ExpectationResult {
  name: string;
  expected: string;
  measured: string;
  ok: boolean;
}

export interface PairReport {
  max_abs_notional_usdc: number;
  /** max(0, max over the run of (|position| − one own order) × price − cap): 0 = never beyond cap + one order. */
  excess_over_cap_plus_one_order_usdc: number;
  /** Share of periodic samples at which the cap gate would have refused this account's next exposure-increasing order. */
  gated_pct: number;
  /** Time those samples stand for (samples gated × the sample period). */
  gated_s: number;
  /** Seconds from the start to the first gated sample; null if never gated. */
  first_gated_s: number | null;
  /** Seconds from the start to this pair's last fill; null without fills. */
  last_fill_s: number | null;
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
  /** Bad rows skipped under the source's `on_bad_row: skip` (0 with the default, `error`). */
  bad_rows_skipped: number;
  loop_seams: number;
}

/** The cap figures of one role (or of the whole fleet): one rule, the expectation's (report.md). */
export interface CapFigure {
  max_abs_notional_usdc: number;
  worst: { account: string; symbol: string; notional_usdc: number } | null;
  /** The largest pair excess over cap + one own order (0 = none beyond). */
  excess_over_cap_plus_one_order_usdc: number;
  /** Pairs whose excess is above 0, i.e. beyond cap + one order at some moment. */
  pairs_beyond: string[];
}

export interface Report extends TimeSections, PerpSections {
  scenario: string;
  seed: number | string;
  duration_s: number;
  funnel: Record<string, Record<Layer, LayerReport>>;
  /** Per symbol: each maker layer's share of the maker fills (anchor + L1 + L2 + L3). */
  funnel_share: Record<string, Record<'anchor' | 'L1' | 'L2' | 'L3', number>>;
  cap: CapFigure & {
    max_notional_usdc: number;
    by_role: Partial<Record<Role, CapFigure>>;
    gate_skips: number;
    gate_cancels: number;
  };
  accounts: Record<string, Record<string, PairReport>>;
  rejections_by_code: Record<string, number>;
  circuit: Record<string, number>;
  feed: { stale_skips: number; quotes_on_stale_feed: number };
  external_fills: Record<string, number>;
  api: { calls: number; max_calls_per_min_per_account: number; calls_per_min_per_account_avg: number };
  /** Realised PnL and fees over the run, unrealised PnL at the final mark, net = realised − fees + unrealised. */
  pnl_by_role: Record<string, PnlRow>;
  /** What was read of each symbol's tape (read lazily, so up to the end of the run). */
  tape: Record<string, TapeReport>;
  expectations: ExpectationResult[];
}

/** funding_usdc only in runs with funding (net then includes it). */
type PnlRow = { realized_usdc: number; fees_usdc: number; funding_usdc?: number; unrealized_usdc: number; net_usdc: number };

export interface ReportInputs {
  scenario: string;
  seed: number | string;
  durationMs: number;
  roster: AccountSpec[];
  symbols: readonly { spec: SymbolSpec }[];
  strategy: StrategyConfig;
  stats: RunStats;
  position(account: string, symbol: string): { amt: number; realizedPnl: number; entryPrice?: number };
  /** The mark at the end (for unrealised PnL); unrealised is 0 without it. */
  mark?(symbol: string): number | undefined;
  fees(account: string): number;
  api(account: string): { calls: number; maxCallsPerMinute: number };
  ticksRead(symbol: string): number;
  /** Fuller reading summary where the caller has it (the sim does). */
  tapeSummary?(symbol: string): TapeSummary;
  /** Funding and liquidations when the scenario enables either; funding received (> 0) per account. */
  perp?: PerpStats;
  funding?(account: string): number;
}

export { r2, r4, r8, type LayerReport } from './report-time.js';

/** Cap figures accumulated pair by pair, with the one rule: excess = max(0, (|pos| − one order) × price − cap). */
class CapTally {
  readonly fig: CapFigure = { max_abs_notional_usdc: 0, worst: null, excess_over_cap_plus_one_order_usdc: 0, pairs_beyond: [] };

  add(account: string, symbol: string, maxAbs: number, excess: number): void {
    const f = this.fig;
    if (!f.worst || maxAbs > f.worst.notional_usdc) {
      f.worst = { account, symbol, notional_usdc: maxAbs };
      f.max_abs_notional_usdc = maxAbs;
    }
    if (excess > f.excess_over_cap_plus_one_order_usdc) f.excess_over_cap_plus_one_order_usdc = excess;
    if (excess > 0) f.pairs_beyond.push(`${account}@${symbol}`);
  }
}

export function buildReport(x: ReportInputs): Omit<Report, 'expectations'> {
  const { stats, strategy } = x;
  const fundingOn = x.perp?.fundingOn === true;
  const cap = strategy.risk.max_notional_usdc;
  const funnel: Report['funnel'] = {};
  const share: Report['funnel_share'] = {};
  for (const s of x.symbols) {
    const src = stats.funnel.get(s.spec.exchange)!;
    const layers = {} as Record<Layer, LayerReport>;
    for (const l of LAYERS) layers[l] = layerReport(src.get(l)!);
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
  const all = new CapTally();
  const byRole = new Map<Role, CapTally>();
  let gateSkips = 0;
  let staleSkips = 0;
  let gateCancels = 0;
  const pnl: Report['pnl_by_role'] = {};
  let calls = 0;
  let maxPerMin = 0;
  const circuit: Report['circuit'] = {};
  const sampleS = stats.timing.sampleMs / 1000;
  const sinceStart = (t: number | undefined): number | null =>
    t === undefined ? null : Math.round((t - stats.timing.startMs) / 1000);
  for (const a of x.roster) {
    const perSym: Record<string, PairReport> = {};
    let realized = 0;
    let unrealized = 0;
    const roleCap = byRole.get(a.role) ?? byRole.set(a.role, new CapTally()).get(a.role)!;
    for (const s of x.symbols) {
      const sym = s.spec.exchange;
      const p = stats.pair(a.id, sym);
      const pos = x.position(a.id, sym);
      realized += pos.realizedPnl;
      const mark = x.mark?.(sym);
      if (mark !== undefined && Number.isFinite(mark) && pos.entryPrice !== undefined && pos.amt !== 0)
        unrealized += pos.amt * (mark - pos.entryPrice);
      const rej: Record<string, number> = {};
      for (const code of [...p.rejections.keys()].sort((m, n) => m - n)) rej[String(code)] = p.rejections.get(code)!;
      const maxN = r2(p.max_abs_notional);
      const excess = r2(Math.max(0, p.max_excess_over_one_order - cap));
      perSym[s.spec.name] = {
        max_abs_notional_usdc: maxN,
        excess_over_cap_plus_one_order_usdc: excess,
        gated_pct: r2(p.samples ? (100 * p.samples_gated) / p.samples : 0),
        gated_s: p.samples_gated * sampleS,
        first_gated_s: sinceStart(p.first_gated_ms),
        last_fill_s: sinceStart(p.last_fill_ms),
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
      all.add(a.id, s.spec.name, maxN, excess);
      roleCap.add(a.id, s.spec.name, maxN, excess);
    }
    accounts[a.id] = perSym;
    const role = pnl[a.role] ?? (pnl[a.role] = { realized_usdc: 0, fees_usdc: 0, unrealized_usdc: 0, net_usdc: 0 });
    role.realized_usdc += realized;
    role.fees_usdc += x.fees(a.id);
    if (fundingOn) role.funding_usdc = (role.funding_usdc ?? 0) + (x.funding?.(a.id) ?? 0);
    role.unrealized_usdc += unrealized;
    const api = x.api(a.id);
    calls += api.calls;
    if (api.maxCallsPerMinute > maxPerMin) maxPerMin = api.maxCallsPerMinute;
    circuit[a.id] = stats.breakerOpens.get(a.id) ?? 0;
  }
  for (const k of Object.keys(pnl)) {
    const v = pnl[k]!;
    const f = v.funding_usdc ?? 0;
    pnl[k] = {
      realized_usdc: r2(v.realized_usdc),
      fees_usdc: r2(v.fees_usdc),
      ...(fundingOn ? { funding_usdc: r2(f) } : {}),
      unrealized_usdc: r2(v.unrealized_usdc),
      net_usdc: r2(v.realized_usdc - v.fees_usdc + f + v.unrealized_usdc),
    };
  }
  const capByRole: Report['cap']['by_role'] = {};
  for (const [r, t] of byRole) capByRole[r] = t.fig;

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
      badRowsSkipped: 0,
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
      bad_rows_skipped: t.badRowsSkipped,
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
      ...all.fig,
      by_role: capByRole,
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
    ...perpSections(x.perp, x.symbols, x.roster, stats.timing.startMs),
    tape,
    ...buildTimeSections(
      stats,
      x.roster,
      x.symbols.map((s) => s.spec.name),
    ),
  };
}
