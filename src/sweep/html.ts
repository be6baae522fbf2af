/**
 * sweep.html: one offline page (no script, no network, plain HTML + inline SVG) showing the verdict
 * per cell (pass rates with their intervals), a heat map of one metric over the first two
 * parameters, every metric's distribution per cell as a range bar (min–max line, p5–p95 box, median
 * tick, all cells on one scale), and the worst runs with links to their reports and the command
 * that reproduces each.
 */
import type { CellSummary, SweepSummary } from './aggregate.js';
import { formatValue } from './overrides.js';
import { formatSeeds } from './seeds.js';

export interface HtmlOptions {
  heatmap: string;
  /** Whether a file (relative to the sweep folder) exists, to link HTML reports when there are. */
  exists: (rel: string) => boolean;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const interval = (w: [number, number]): string => `[${(100 * w[0]).toFixed(1)}, ${(100 * w[1]).toFixed(1)}]`;

export function renderSweepHtml(s: SweepSummary, o: HtmlOptions): string {
  const title = `Sweep: ${s.scenarios.map((x) => x.name).join(', ')}`;
  const params = s.parameters.map((p) => `${p.path} ∈ {${p.values.map(formatValue).join(', ')}}`);
  const fixed = s.fixed.map((f) => `${f.path} = ${formatValue(f.value)}`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;margin:8px 0 20px}th,td{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}
th:first-child,td:first-child{text-align:left}code{background:#f4f4f4;padding:1px 4px}
.fail{color:#b00}.muted{color:#777}.heat td{min-width:70px;text-align:center;border:1px solid #fff}
</style></head><body>
<h1>${esc(title)}</h1>
<p>${s.runs} runs: ${s.cells.length} cell(s) × seeds ${esc(s.seeds)}${s.duration ? `, duration ${esc(s.duration)}` : ''}. rocky-bot ${esc(s.version)} (build ${esc(s.build)}).<br>
${params.length ? `Parameters (${s.mode}): ${esc(params.join('; '))}.<br>` : ''}${fixed.length ? `Fixed: ${esc(fixed.join('; '))}.<br>` : ''}
<span class="muted">Quantiles: ${esc(s.method.quantiles)}. Pass rates: ${esc(s.method.interval)}. Worst runs: ${esc(s.method.worst)}.</span></p>
<h2>Verdict per cell</h2>
${verdictTable(s)}
${heatmaps(s, o.heatmap)}
<h2>Distributions</h2>
<p class="muted">Per metric, one bar per cell on a common scale: line = min–max, box = p5–p95, tick = median.</p>
${distributions(s)}
<h2>Worst runs</h2>
${worstRuns(s, o)}
</body></html>
`;
}

function verdictTable(s: SweepSummary): string {
  const names: string[] = [];
  for (const c of s.cells) for (const e of c.expectations) if (!names.includes(e.name)) names.push(e.name);
  const head = `<tr><th>cell</th><th>runs</th><th>all expectations</th>${names.map((n) => `<th>${esc(n)}</th>`).join('')}<th>failing seeds</th></tr>`;
  const rows = s.cells.map((c) => {
    const per = names.map((n) => {
      const e = c.expectations.find((x) => x.name === n);
      return e ? `<td>${pct(e.pass_rate)} <span class="muted">${interval(e.wilson95)}</span></td>` : '<td></td>';
    });
    return `<tr><td>${esc(c.label || `cell ${c.cell}`)}</td><td>${c.runs}</td><td>${pct(c.all_expectations.pass_rate)} <span class="muted">${interval(c.all_expectations.wilson95)}</span></td>${per.join('')}<td class="fail">${esc(formatSeeds(c.failing_seeds))}</td></tr>`;
  });
  return `<table>${head}${rows.join('')}</table>`;
}

/** The heat map value of a cell: pass rate (all expectations) or the median of a metric. */
function heatValue(c: CellSummary, metric: string): number | undefined {
  if (metric === 'pass_rate') return c.all_expectations.pass_rate;
  return c.metrics[metric]?.median;
}

function heatmaps(s: SweepSummary, metric: string): string {
  if (s.parameters.length === 0) return '';
  const [py, px] = [s.parameters[0]!, s.parameters[1]];
  const values = s.cells.map((c) => heatValue(c, metric)).filter((v): v is number => v !== undefined);
  if (values.length === 0) return `<h2>Heat map</h2><p class="fail">No metric named ${esc(metric)} in this sweep.</p>`;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const colour = (v: number): string => {
    const t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    // light yellow → dark blue
    const mix = (a: number, b: number): number => Math.round(a + (b - a) * t);
    return `rgb(${mix(255, 37)},${mix(247, 52)},${mix(188, 148)})`;
  };
  // One map per combination of the parameters beyond the first two (and per scenario).
  const groups = new Map<string, CellSummary[]>();
  for (const c of s.cells) {
    const rest = s.parameters.slice(2).map((p) => `${p.path}=${formatValue(c.params[p.path])}`);
    const k = [s.scenarios.length > 1 ? c.scenario : '', ...rest].filter(Boolean).join(' ');
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  const xs = px ? px.values : [undefined];
  const out = [`<h2>Heat map: ${esc(metric === 'pass_rate' ? 'pass rate, all expectations' : `median of ${metric}`)}</h2>`];
  for (const [k, cells] of groups) {
    if (k) out.push(`<h3>${esc(k)}</h3>`);
    const head = `<tr><th>${esc(py.path)} \\ ${esc(px?.path ?? '')}</th>${xs.map((x) => `<th>${x === undefined ? '' : esc(formatValue(x))}</th>`).join('')}</tr>`;
    const rows = py.values.map((y) => {
      const tds = xs.map((x) => {
        const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
        const c = cells.find((cc) => same(cc.params[py.path], y) && (!px || same(cc.params[px.path], x)));
        const v = c ? heatValue(c, metric) : undefined;
        if (v === undefined) return '<td></td>';
        const dark = hi > lo && (v - lo) / (hi - lo) > 0.55;
        return `<td style="background:${colour(v)};color:${dark ? '#fff' : '#000'}">${metric === 'pass_rate' ? pct(v) : v}</td>`;
      });
      return `<tr><th>${esc(formatValue(y))}</th>${tds.join('')}</tr>`;
    });
    out.push(`<table class="heat">${head}${rows.join('')}</table>`);
  }
  return out.join('\n');
}

function distributions(s: SweepSummary): string {
  const names: string[] = [];
  for (const c of s.cells) for (const k of Object.keys(c.metrics)) if (!names.includes(k)) names.push(k);
  const W = 320;
  const rows: string[] = [];
  for (const name of names) {
    const ds = s.cells.map((c) => c.metrics[name]);
    const lo = Math.min(...ds.map((d) => d?.min ?? Infinity));
    const hi = Math.max(...ds.map((d) => d?.max ?? -Infinity));
    const x = (v: number): number => (hi > lo ? 4 + ((v - lo) / (hi - lo)) * (W - 8) : W / 2);
    s.cells.forEach((c, i) => {
      const d = ds[i];
      if (!d) return;
      const svg = `<svg width="${W}" height="14" role="img"><line x1="${x(d.min)}" x2="${x(d.max)}" y1="7" y2="7" stroke="#888"/><rect x="${x(d.p5)}" y="2" width="${Math.max(1, x(d.p95) - x(d.p5))}" height="10" fill="#9ecae1" stroke="#3182bd"/><line x1="${x(d.median)}" x2="${x(d.median)}" y1="0" y2="14" stroke="#08306b" stroke-width="2"/></svg>`;
      rows.push(
        `<tr><td>${i === 0 ? `<code>${esc(name)}</code>` : ''}</td><td>${esc(c.label || `cell ${c.cell}`)}</td><td>${d.min}</td><td>${d.p5}</td><td><b>${d.median}</b></td><td>${d.p95}</td><td>${d.max}</td><td>${svg}</td></tr>`,
      );
    });
  }
  return `<table><tr><th>metric</th><th>cell</th><th>min</th><th>p5</th><th>median</th><th>p95</th><th>max</th><th>range (scale per metric)</th></tr>${rows.join('')}</table>`;
}

function worstRuns(s: SweepSummary, o: HtmlOptions): string {
  const out: string[] = [];
  for (const c of s.cells) {
    if (c.worst.length === 0) continue;
    out.push(
      `<h3>${esc(c.label || `cell ${c.cell}`)}</h3><table><tr><th>seed</th><th>failed expectations</th><th>rank value</th><th>report</th><th>reproduce</th></tr>`,
    );
    for (const w of c.worst) {
      const html = w.report.replace(/\.json$/, '.html');
      const link = o.exists(html)
        ? `<a href="${esc(html)}">report.html</a>`
        : o.exists(w.report)
          ? `<a href="${esc(w.report)}">report.json</a>`
          : '<span class="muted">not written</span>';
      out.push(
        `<tr><td>${w.seed}</td><td class="fail">${esc(w.failed.join('; ') || '—')}</td><td>${w.rank_value ?? ''}</td><td>${link}</td><td><code>${esc(c.reproduce.replace(/SEED$/, String(w.seed)))}</code></td></tr>`,
      );
    }
    out.push('</table>');
  }
  return out.length ? out.join('\n') : '<p class="muted">None listed (--worst 0).</p>';
}
