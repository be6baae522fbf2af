/**
 * The `expect:` kinds that read the report's time-resolved sections (docs/scenarios.md), compiled
 * from the block the schema validated (src/config/schema/expect.ts):
 *
 *   funnel_decreasing: {layers: [L1, L2, L3], window: 1h, from: 1h}
 *       in every `window` from `from` on (default: from the start), on every symbol, each layer's
 *       fills are strictly below the previous layer's — except that two zeros in a row pass
 *       (0 ≥ 0): once a layer has no fills, the layers after it must have none either. So a window
 *       where L1 = 0 and L2 = 3 fails, and L1 = L2 = L3 = 0 (a quiet window) passes. The trailing
 *       window may be shorter than `window`. `window` must be a multiple of the report window.
 *   max_gated_pct: {L1: 100, anchor: 5}      the layer's share of samples gated (gating[layer]) ≤ N
 *   fill_distance_bps: {anchor: {p90: {max: 60}}}  percentile (p50, p90, p99, max) bounds per
 *       layer, on every symbol where the layer has fills
 *   counterparty_share: {makers: [L1, L2, L3], takers: [taker], min, max}  (or a list of these)
 *       of the fills whose taker is in `takers`, the share whose maker is in `makers`, all symbols
 *   fills_outside_tape_range: {min, max}     fills priced outside the tape's bid–ask range so far
 */
import type { Layer } from '../engine/roster.js';
import type { Report } from '../report/report.js';
import type { ExpectBlock, Range } from '../config/schema/expect.js';

type Rep = Omit<Report, 'expectations'>;

export interface TimedExpectation {
  name: string;
  check(report: Rep): { name: string; expected: string; measured: string; ok: boolean };
}

export const LAYER_NAMES = ['anchor', 'L1', 'L2', 'L3', 'taker'] as const;
const PERCENTILES = ['p50', 'p90', 'p99', 'max'] as const;

/** The windowed funnel form, as the schema validated it (window and from in ms). */
export interface WindowedFunnel {
  layers: Layer[];
  window: number;
  from?: number;
}

export const inRange = (v: number, g: Range): boolean =>
  (g.min === undefined || v >= g.min) && (g.max === undefined || v <= g.max);
export const showRange = (g: Range): string =>
  g.min !== undefined && g.max !== undefined ? `${g.min}..${g.max}` : g.min !== undefined ? `>= ${g.min}` : `<= ${g.max}`;

const fmtS = (s: number): string => {
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return m ? `${h}h${String(m).padStart(2, '0')}` : `${h}h`;
};

const clock = (s: number): string => `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;

/** The pass rule of a funnel: strictly decreasing, two zeros in a row allowed. */
export const funnelStepOk = (before: number, after: number): boolean => before > after || (before === 0 && after === 0);

export function windowedFunnel(f: WindowedFunnel): TimedExpectation {
  const layers = f.layers;
  const windowS = f.window / 1000;
  const fromS = (f.from ?? 0) / 1000;
  const name = `funnel_decreasing ${layers.join(' > ')} per ${fmtS(windowS)}${fromS ? ` from ${fmtS(fromS)}` : ''}`;
  return {
    name,
    check: (rep) => {
      const expected = 'strictly decreasing in every window on every symbol (0 = 0 passes)';
      if (rep.windows.length === 0 || windowS % rep.window_s !== 0)
        return { name, expected, measured: `report window ${rep.window_s} s does not divide ${windowS} s`, ok: false };
      // Group the report's windows into the expectation's windows.
      const groups = new Map<number, Record<string, number[]>>();
      for (const w of rep.windows) {
        if (w.start_s < fromS) continue;
        const g = Math.floor((w.start_s - fromS) / windowS);
        const acc = groups.get(g) ?? groups.set(g, {}).get(g)!;
        for (const [sym, f] of Object.entries(w.funnel)) {
          const counts = acc[sym] ?? (acc[sym] = layers.map(() => 0));
          layers.forEach((l: Layer, i) => {
            counts[i]! += f[l].fills;
          });
        }
      }
      const bad: string[] = [];
      // Windows × symbols in which none of the layers filled: they pass the rule, but the verdict
      // says how many there are, so a funnel that went quiet cannot read as a healthy one.
      let empty = 0;
      let pairs = 0;
      for (const [g, perSym] of groups) {
        for (const [sym, counts] of Object.entries(perSym)) {
          pairs++;
          if (counts.every((n) => n === 0)) empty++;
          if (counts.every((n, i) => i === 0 || funnelStepOk(counts[i - 1]!, n))) continue;
          const at = fromS + g * windowS;
          bad.push(`${sym} ${clock(at)}–${clock(at + windowS)} ${layers.map((l, i) => `${l}=${counts[i]}`).join(' ')}`);
        }
      }
      const total = groups.size;
      return {
        name,
        expected,
        measured:
          `${total} window(s)` +
          (bad.length
            ? `; failing: ${bad.slice(0, 3).join('; ')}${bad.length > 3 ? `; ... (${bad.length} in all)` : ''}`
            : ', none inverted') +
          `; ${empty} of ${pairs} window × symbol with no ${layers.join('/')} fill at all`,
        ok: total > 0 && bad.length === 0,
      };
    },
  };
}

function rangeCheck(name: string, g: Range, measure: (rep: Rep) => number): TimedExpectation {
  return {
    name,
    check: (rep) => {
      const v = measure(rep);
      return { name, expected: showRange(g), measured: String(v), ok: inRange(v, g) };
    },
  };
}

export type TimeKind = 'max_gated_pct' | 'fill_distance_bps' | 'counterparty_share' | 'fills_outside_tape_range';
export const TIME_KINDS: readonly TimeKind[] = [
  'max_gated_pct',
  'fill_distance_bps',
  'counterparty_share',
  'fills_outside_tape_range',
];

/** The checks of one validated time-resolved kind (src/config/schema/expect.ts). */
export function compileTimeKind(kind: TimeKind, block: ExpectBlock): TimedExpectation[] {
  switch (kind) {
    case 'max_gated_pct': {
      const m = block.max_gated_pct!;
      return LAYER_NAMES.filter((l) => m[l] !== undefined).map((l) =>
        rangeCheck(`max_gated_pct ${l}`, { max: m[l]! }, (rep) => rep.gating[l].gated_pct),
      );
    }
    case 'fill_distance_bps': {
      const m = block.fill_distance_bps!;
      const out: TimedExpectation[] = [];
      for (const l of LAYER_NAMES) {
        const pm = m[l];
        if (pm === undefined) continue;
        for (const q of PERCENTILES) {
          const g = pm[q];
          if (g === undefined) continue;
          const name = `fill_distance_bps ${l} ${q}`;
          out.push({
            name,
            check: (rep) => {
              const vals = Object.entries(rep.fill_distance_bps).filter(([, d]) => d[l].fills > 0);
              return {
                name,
                expected: `${showRange(g)} bps on every symbol`,
                measured: vals.length ? vals.map(([s, d]) => `${s} ${d[l][q]}`).join(', ') : 'no fills',
                ok: vals.every(([, d]) => inRange(d[l][q], g)),
              };
            },
          });
        }
      }
      return out;
    }
    case 'counterparty_share': {
      const v = block.counterparty_share!;
      return (Array.isArray(v) ? v : [v]).map((o) => {
        const { makers, takers } = o;
        const g: Range = { ...(o.min !== undefined ? { min: o.min } : {}), ...(o.max !== undefined ? { max: o.max } : {}) };
        const name = `counterparty_share ${makers.join('+')} of ${takers.join('+')} fills`;
        return {
          name,
          check: (rep: Rep) => {
            let part = 0;
            let all = 0;
            for (const rows of Object.values(rep.counterparty)) {
              for (const [mk, row] of Object.entries(rows)) {
                for (const tk of takers) {
                  const n = row?.[tk]?.fills ?? 0;
                  all += n;
                  if ((makers as readonly string[]).includes(mk)) part += n;
                }
              }
            }
            const share = all ? Math.round((part / all) * 1e4) / 1e4 : 0;
            return { name, expected: showRange(g), measured: `${share} (${part} of ${all})`, ok: all > 0 && inRange(share, g) };
          },
        };
      });
    }
    case 'fills_outside_tape_range':
      return [
        rangeCheck(kind, block.fills_outside_tape_range!, (rep) =>
          Object.values(rep.fills_outside_tape_range).reduce((n, c) => n + c, 0),
        ),
      ];
  }
}
