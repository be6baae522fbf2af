/**
 * What a sweep measures in each run: a table of named extractors over the run's report. Each entry
 * yields one or more values named `name` or `name.sub` (per symbol, layer or role); a new report
 * field becomes a sweep metric by adding one line here. Values are rounded to the entry's digits so
 * they serialise identically wherever the run happened.
 */
import { parseAccountId, type Layer, type Role } from '../engine/roster.js';
import type { Report } from '../report/report.js';

export interface MetricDef {
  name: string;
  /** One line for the docs and the HTML page. */
  about: string;
  digits: number;
  extract(r: Report): Array<[sub: string, value: number]>;
}

const MAKER_LAYERS = ['anchor', 'L1', 'L2', 'L3'] as const;
const LAYERS: readonly Layer[] = ['anchor', 'L1', 'L2', 'L3', 'taker'];
const ROLES: readonly Role[] = ['ladder', 'anchor', 'taker'];

/** The layers of each account id in the report (ids parse to their role and layer). */
function layerOf(id: string): Layer | undefined {
  const spec = parseAccountId(id);
  return typeof spec === 'string' ? undefined : spec.layer;
}

/** Each maker layer's share of the maker fills of one funnel (0 when no maker fill). */
function makerShares(f: Record<Layer, { maker_fills: number }>): Array<[string, number]> {
  const total = MAKER_LAYERS.reduce((n, l) => n + f[l].maker_fills, 0);
  return MAKER_LAYERS.map((l) => [l, total ? f[l].maker_fills / total : 0]);
}

const minutes = (s: number): string => `${Math.round(s / 60)}`;

export const METRICS: readonly MetricDef[] = [
  {
    name: 'share',
    about: "each maker layer's share of the maker fills, per symbol, over the run (report funnel_share)",
    digits: 4,
    extract: (r) =>
      Object.entries(r.funnel_share).flatMap(([sym, s]) => MAKER_LAYERS.map((l): [string, number] => [`${sym}.${l}`, s[l]])),
  },
  {
    name: 'window_share',
    about: "the same share in each report window (windows[].funnel), named by the window's minutes, e.g. 0-15m",
    digits: 4,
    extract: (r) =>
      r.windows.flatMap((w) =>
        Object.entries(w.funnel).flatMap(([sym, f]) =>
          makerShares(f).map(([l, v]): [string, number] => [`${minutes(w.start_s)}-${minutes(w.end_s)}m.${sym}.${l}`, v]),
        ),
      ),
  },
  {
    name: 'fills',
    about: 'fills per layer, summed over symbols (account sides of trades)',
    digits: 0,
    extract: (r) => LAYERS.map((l) => [l, Object.values(r.funnel).reduce((n, f) => n + f[l].fills, 0)]),
  },
  {
    name: 'excess_usdc',
    about:
      "per role, how far the role's worst account × symbol went beyond cap + one own order, USDC (0 = never; report cap.by_role)",
    digits: 2,
    extract: (r) => ROLES.filter((k) => r.cap.by_role[k]).map((k) => [k, r.cap.by_role[k]!.excess_over_cap_plus_one_order_usdc]),
  },
  {
    name: 'gated_pct',
    about: "per layer, the share of time the cap gate held the layer's accounts' next order, % (report gating)",
    digits: 2,
    extract: (r) => LAYERS.filter((l) => r.gating[l]?.pairs).map((l) => [l, r.gating[l]!.gated_pct]),
  },
  {
    name: 'first_gated_s',
    about: "per layer, seconds until the median gated account × symbol was first gated; the run's length when none was",
    digits: 0,
    extract: (r) => LAYERS.filter((l) => r.gating[l]?.pairs).map((l) => [l, r.gating[l]!.first_gated_s?.median ?? r.duration_s]),
  },
  {
    name: 'last_fill_s',
    about: "per layer, seconds from the start to the layer's last fill (0 without fills): how long the layer traded",
    digits: 0,
    extract: (r) => {
      const last = new Map<Layer, number>();
      for (const [id, per] of Object.entries(r.accounts)) {
        const l = layerOf(id);
        if (!l) continue;
        for (const p of Object.values(per)) last.set(l, Math.max(last.get(l) ?? 0, p.last_fill_s ?? 0));
      }
      return LAYERS.filter((l) => last.has(l)).map((l) => [l, last.get(l)!]);
    },
  },
  {
    name: 'fill_distance_p90_bps',
    about: "per symbol and layer, the 90th percentile of the fills' distance from the Binance mid, bps (layers with fills only)",
    digits: 2,
    extract: (r) =>
      Object.entries(r.fill_distance_bps).flatMap(([sym, per]) =>
        LAYERS.filter((l) => per[l]?.fills).map((l): [string, number] => [`${sym}.${l}`, per[l]!.p90]),
      ),
  },
  {
    name: 'rejections_2010',
    about: 'orders rejected with -2010 (insufficient margin), all accounts',
    digits: 0,
    extract: (r) => [['', r.rejections_by_code['-2010'] ?? 0]],
  },
  {
    name: 'pnl_usdc',
    about: 'per role, net PnL: realised − fees + unrealised at the final mark, USDC (report pnl_by_role.net_usdc)',
    digits: 2,
    extract: (r) => ROLES.filter((k) => r.pnl_by_role[k]).map((k) => [k, r.pnl_by_role[k]!.net_usdc]),
  },
];

/** All metric values of one report, in table order, named `name` or `name.sub`, rounded. */
export function extractMetrics(r: Report): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const m of METRICS) {
    const f = 10 ** m.digits;
    for (const [sub, v] of m.extract(r)) out.push([sub ? `${m.name}.${sub}` : m.name, Math.round(v * f) / f]);
  }
  return out;
}

/** The table entry a full metric name belongs to. */
export const metricDef = (full: string): MetricDef | undefined =>
  METRICS.find((m) => full === m.name || full.startsWith(`${m.name}.`));
