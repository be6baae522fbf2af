/**
 * Two reports side by side (`rocky-bot compare A B`, and the golden test's diff on failure): funnel
 * shares per window, caps and gating, counterparty, fill distances, then every other field that
 * differs. A row whose two values differ is marked `≠`; `onlyDiff` prints marked rows only. Values
 * are compared as report.json has them (already rounded), so "differs" means the bytes differ.
 */
import type { Report } from './report.js';

export interface CompareOptions {
  onlyDiff?: boolean;
  /** Label the columns (default A and B). */
  names?: [string, string];
}

type Val = string | number | boolean | null | undefined;
type Row = [label: string, a: Val, b: Val];

const show = (v: Val): string => (v === undefined ? '-' : v === null ? 'null' : String(v));
const hm = (s: number): string => `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
const MAKERS = ['anchor', 'L1', 'L2', 'L3'] as const;
const LAYERS = ['anchor', 'L1', 'L2', 'L3', 'taker'] as const;

function windowShares(rep: Report | undefined, i: number, sym: string): string | undefined {
  const w = rep?.windows?.[i];
  const f = w?.funnel?.[sym];
  if (!f) return undefined;
  const tot = MAKERS.reduce((n, l) => n + f[l].maker_fills, 0);
  return `${MAKERS.map((l) => (tot ? ((100 * f[l].maker_fills) / tot).toFixed(0) : '0')).join('/')} of ${tot}`;
}

function sections(a: Report, b: Report): [string, Row[]][] {
  const out: [string, Row[]][] = [];
  out.push([
    'Run',
    [
      ['scenario', a.scenario, b.scenario],
      ['seed', a.seed, b.seed],
      ['duration_s', a.duration_s, b.duration_s],
      ['window_s', a.window_s, b.window_s],
      ['expectations failed', a.expectations?.filter((e) => !e.ok).length, b.expectations?.filter((e) => !e.ok).length],
    ],
  ]);
  const syms = [...new Set([...Object.keys(a.funnel ?? {}), ...Object.keys(b.funnel ?? {})])];
  const win: Row[] = [];
  const nw = Math.max(a.windows?.length ?? 0, b.windows?.length ?? 0);
  for (let i = 0; i < nw; i++) {
    const w = a.windows?.[i] ?? b.windows?.[i];
    if (!w) continue;
    for (const s of syms)
      win.push([`${hm(w.start_s)}–${hm(w.end_s)} ${s} anchor/L1/L2/L3 %`, windowShares(a, i, s), windowShares(b, i, s)]);
  }
  out.push(["Funnel shares per window (maker fills, % of the window's maker fills)", win]);
  const caps: Row[] = [];
  const roles = [...new Set([...Object.keys(a.cap?.by_role ?? {}), ...Object.keys(b.cap?.by_role ?? {})])] as (
    | 'ladder'
    | 'anchor'
    | 'taker'
  )[];
  for (const r of roles) {
    const x = a.cap?.by_role?.[r];
    const y = b.cap?.by_role?.[r];
    caps.push([`${r} max |notional| USDC`, x?.max_abs_notional_usdc, y?.max_abs_notional_usdc]);
    caps.push([`${r} excess over cap + 1 order`, x?.excess_over_cap_plus_one_order_usdc, y?.excess_over_cap_plus_one_order_usdc]);
    caps.push([`${r} pairs beyond`, x?.pairs_beyond.length, y?.pairs_beyond.length]);
  }
  for (const l of LAYERS) {
    caps.push([`${l} gated %`, a.gating?.[l]?.gated_pct, b.gating?.[l]?.gated_pct]);
    caps.push([
      `${l} first gated (median s)`,
      a.gating?.[l]?.first_gated_s?.median ?? null,
      b.gating?.[l]?.first_gated_s?.median ?? null,
    ]);
  }
  out.push(['Caps and gating', caps]);
  const cp: Row[] = [];
  for (const s of syms) {
    const x = a.counterparty?.[s] ?? {};
    const y = b.counterparty?.[s] ?? {};
    const makers = [...new Set([...Object.keys(x), ...Object.keys(y)])] as (keyof typeof x)[];
    for (const mk of makers) {
      const takers = [...new Set([...Object.keys(x[mk] ?? {}), ...Object.keys(y[mk] ?? {})])] as (keyof typeof x)[];
      for (const tk of takers) {
        const fa = x[mk]?.[tk]?.fills;
        const fb = y[mk]?.[tk]?.fills;
        if (!fa && !fb) continue;
        cp.push([`${s} ${mk} ← ${tk} fills`, fa, fb]);
      }
    }
  }
  out.push(['Counterparty (maker ← taker)', cp]);
  const dist: Row[] = [];
  for (const s of syms)
    for (const l of LAYERS)
      for (const q of ['p50', 'p90', 'p99', 'max'] as const)
        dist.push([`${s} ${l} ${q} bps`, a.fill_distance_bps?.[s]?.[l]?.[q], b.fill_distance_bps?.[s]?.[l]?.[q]]);
  out.push(['Fill distance from the Binance mid', dist]);
  return out;
}

/** Every leaf of a JSON value as [path, value], in key order. */
function leaves(v: unknown, p: string, out: Map<string, Val>): void {
  if (v !== null && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    if (entries.length === 0) out.set(p, Array.isArray(v) ? '[]' : '{}');
    for (const [k, x] of entries) leaves(x, p ? `${p}.${k}` : k, out);
  } else {
    out.set(p, v as Val);
  }
}

export function compareReports(a: Report, b: Report, opts: CompareOptions = {}): { text: string; differences: number } {
  const [na, nb] = opts.names ?? ['A', 'B'];
  const lines: string[] = [];
  let differences = 0;
  const emit = (title: string, rows: Row[], width: number): void => {
    const shown = rows.filter(([, x, y]) => !opts.onlyDiff || show(x) !== show(y));
    if (!shown.length) return;
    lines.push(title);
    for (const [label, x, y] of shown) {
      const diff = show(x) !== show(y);
      lines.push(`  ${diff ? '≠' : ' '} ${label.padEnd(width)} ${show(x).padStart(18)} ${show(y).padStart(18)}`);
    }
    lines.push('');
  };
  const secs = sections(a, b);
  const width = Math.min(60, Math.max(30, ...secs.flatMap(([, rows]) => rows.map(([l]) => l.length))));
  lines.push(`  ${' '.repeat(width + 2)}${na.slice(-18).padStart(18)} ${nb.slice(-18).padStart(18)}`);
  for (const [title, rows] of secs) {
    differences += rows.filter(([, x, y]) => show(x) !== show(y)).length;
    emit(title, rows, width);
  }
  // Everything else that differs, field by field (the sections above already covered theirs).
  const covered = /^(windows|counterparty|fill_distance_bps|gating|cap\.by_role|scenario|seed|duration_s|window_s)(\.|$)/;
  const la = new Map<string, Val>();
  const lb = new Map<string, Val>();
  leaves(a, '', la);
  leaves(b, '', lb);
  const other: Row[] = [];
  for (const k of [...new Set([...la.keys(), ...lb.keys()])]) {
    if (covered.test(k)) continue;
    if (show(la.get(k)) !== show(lb.get(k))) other.push([k, la.get(k), lb.get(k)]);
  }
  const windowsOther: Row[] = [];
  for (const k of [...new Set([...la.keys(), ...lb.keys()])]) {
    if (!/^windows\./.test(k) || show(la.get(k)) === show(lb.get(k))) continue;
    windowsOther.push([k, la.get(k), lb.get(k)]);
  }
  differences += other.length;
  const limit = 200;
  const all = [...other, ...windowsOther.slice(0, Math.max(0, limit - other.length))];
  if (all.length) {
    lines.push(`Other fields that differ (${other.length} outside the windows, ${windowsOther.length} inside)`);
    for (const [label, x, y] of all.slice(0, limit))
      lines.push(`  ≠ ${label.padEnd(width)} ${show(x).padStart(18)} ${show(y).padStart(18)}`);
    if (other.length + windowsOther.length > limit) lines.push(`  ... ${other.length + windowsOther.length - limit} more`);
    lines.push('');
  }
  const total = differences + windowsOther.length;
  lines.push(total ? `${total} difference(s) marked ≠` : 'no differences');
  return { text: lines.join('\n'), differences: total };
}
