/**
 * What a sweep measures in each run: a table of named extractors over the run's report. Each entry
 * yields one or more values named `name` or `name.sub` (per symbol, layer or role); a new report
 * field becomes a sweep metric by adding one line here. Values are rounded to the entry's digits so
 * they serialise identically wherever the run happened.
 */
import { parseAccountId, type Layer, type Role } from '../engine/roster.js';
import type { PairReport, Report } from '../report/report.js';

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

/** Every (account, symbol) pair of the report with the account's role and layer. */
function pairs(r: Report): Array<{ role: Role; layer: Layer; p: PairReport }> {
  const out: Array<{ role: Role; layer: Layer; p: PairReport }> = [];
  for (const [id, per] of Object.entries(r.accounts)) {
    const spec = parseAccountId(id);
    if (typeof spec === 'string') continue;
    for (const p of Object.values(per)) out.push({ role: spec.role, layer: spec.layer, p });
  }
  return out;
}

/** Reduce a pair value per group (role or layer), groups in a fixed order, absent groups skipped. */
function perGroup<G extends string>(
  groups: readonly G[],
  r: Report,
  groupOf: (x: { role: Role; layer: Layer }) => G,
  value: (p: PairReport) => number,
  reduce: 'max' | 'mean',
): Array<[string, number]> {
  const acc = new Map<G, number[]>();
  for (const x of pairs(r)) {
    const g = groupOf(x);
    const list = acc.get(g) ?? [];
    list.push(value(x.p));
    acc.set(g, list);
  }
  return groups
    .filter((g) => acc.has(g))
    .map((g) => {
      const v = acc.get(g)!;
      return [g, reduce === 'max' ? Math.max(...v) : v.reduce((a, b) => a + b, 0) / v.length];
    });
}

export const METRICS: readonly MetricDef[] = [
  {
    name: 'share',
    about: "each maker layer's share of the maker fills, per symbol (report funnel_share)",
    digits: 4,
    extract: (r) =>
      Object.entries(r.funnel_share).flatMap(([sym, s]) => MAKER_LAYERS.map((l): [string, number] => [`${sym}.${l}`, s[l]])),
  },
  {
    name: 'fills',
    about: 'fills per layer, summed over symbols (account sides of trades)',
    digits: 0,
    extract: (r) => LAYERS.map((l) => [l, Object.values(r.funnel).reduce((n, f) => n + f[l].fills, 0)]),
  },
  {
    name: 'excess_usdc',
    about: "per role, how far the role's worst account × symbol went beyond cap + one own order, USDC (0 = never)",
    digits: 2,
    extract: (r) =>
      perGroup(
        ROLES,
        r,
        (x) => x.role,
        (p) => Math.max(0, p.max_excess_over_one_order_usdc - r.cap.max_notional_usdc),
        'max',
      ),
  },
  {
    name: 'gated_pct',
    about: "per layer, the mean over its accounts × symbols of the share of time the cap gate held the account's next order, %",
    digits: 2,
    extract: (r) =>
      perGroup(
        LAYERS,
        r,
        (x) => x.layer,
        (p) => p.time_at_cap_pct,
        'mean',
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
    about: 'per role, realised PnL minus fees, USDC (open positions are not marked)',
    digits: 2,
    extract: (r) =>
      ROLES.filter((k) => r.pnl_by_role[k]).map((k) => [k, r.pnl_by_role[k]!.realized_usdc - r.pnl_by_role[k]!.fees_usdc]),
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
