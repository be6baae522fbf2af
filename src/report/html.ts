/**
 * report.html: one offline file beside report.json. At the top the verdict (expectations) and the
 * summary tables, then the charts (html-client.ts) drawn by uPlot, which is read from node_modules at
 * render time and inlined with its stylesheet. A Content-Security-Policy forbids every network
 * request, so the page works (and can only work) from the file alone. Its size is bounded by the
 * series' bucket counts (series.ts), not by the run's length.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { codeMeaning } from './codes.js';
import { CLIENT_JS } from './html-client.js';
import type { Report } from './report.js';
import type { SeriesFile } from './series.js';
import { formatSummary } from './summary.js';
import { fmtClock } from './summary-parts.js';

const esc = (s: string | number): string =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function uplotAssets(): { js: string; css: string } {
  const req = createRequire(import.meta.url);
  const dir = path.dirname(req.resolve('uplot/package.json'));
  return {
    js: readFileSync(path.join(dir, 'dist/uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(path.join(dir, 'dist/uPlot.min.css'), 'utf8'),
  };
}

/** JSON safe inside a <script> element. */
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:20px;color:#222;background:#fff}
h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}
h3{font-size:14px;margin:14px 0 4px} .note{color:#666;margin:0 0 4px;font-size:12px}
table{border-collapse:collapse;margin:6px 0} td,th{border:1px solid #ddd;padding:2px 8px;text-align:right}
th{background:#f4f4f4} td.l,th.l{text-align:left}
.ok{color:#1a7f37;font-weight:600} .fail{color:#cf222e;font-weight:600}
.verdict{font-size:18px;padding:8px 12px;border-radius:6px;display:inline-block;margin:8px 0}
.verdict.ok{background:#dafbe1} .verdict.fail{background:#ffebe9}
pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:12px}
table.heat td{min-width:56px}
`;

function verdict(rep: Report): string {
  const bad = rep.expectations.filter((e) => !e.ok);
  const head = rep.expectations.length
    ? `<div class="verdict ${bad.length ? 'fail' : 'ok'}">${bad.length ? `FAIL: ${bad.length} of ${rep.expectations.length} expectations failed` : `PASS: ${rep.expectations.length} of ${rep.expectations.length} expectations met`}</div>`
    : '<div class="verdict">no expectations in this scenario</div>';
  const rows = rep.expectations
    .map(
      (e) =>
        `<tr><td class="l ${e.ok ? 'ok' : 'fail'}">${e.ok ? 'ok' : 'FAIL'}</td><td class="l">${esc(e.name)}</td><td class="l">${esc(e.expected)}</td><td class="l">${esc(e.measured)}</td></tr>`,
    )
    .join('');
  return `${head}${rows ? `<table><tr><th></th><th class="l">expectation</th><th class="l">expected</th><th class="l">measured</th></tr>${rows}</table>` : ''}`;
}

function summaryTables(rep: Report): string {
  const out: string[] = [];
  out.push(
    '<h3>Funnel (account fills; share = maker fills among maker layers; distance = fill price vs Binance mid)</h3><table><tr><th class="l">symbol</th><th class="l">layer</th><th>maker</th><th>taker</th><th>share</th><th>dist p50</th><th>p90</th><th>p99</th><th>gated</th></tr>',
  );
  for (const [sym, f] of Object.entries(rep.funnel)) {
    for (const l of ['anchor', 'L1', 'L2', 'L3', 'taker'] as const) {
      const d = rep.fill_distance_bps[sym]?.[l];
      const sh = l === 'taker' ? '-' : `${(rep.funnel_share[sym]![l] * 100).toFixed(1)}%`;
      out.push(
        `<tr><td class="l">${esc(sym)}</td><td class="l">${l}</td><td>${f[l].maker_fills}</td><td>${f[l].taker_fills}</td><td>${sh}</td>` +
          `<td>${d?.fills ? d.p50 : '-'}</td><td>${d?.fills ? d.p90 : '-'}</td><td>${d?.fills ? d.p99 : '-'}</td><td>${rep.gating[l]?.gated_pct ?? 0}%</td></tr>`,
      );
    }
  }
  out.push('</table>');
  out.push(
    `<h3>Position cap ${rep.cap.max_notional_usdc} USDC (beyond = (|position| − one own order) × price above the cap)</h3><table><tr><th class="l">role</th><th>max |notional|</th><th class="l">worst pair</th><th>excess over cap + 1 order</th><th>pairs beyond</th><th class="l">gated since (median first)</th></tr>`,
  );
  for (const [role, c] of Object.entries(rep.cap.by_role)) {
    const layers = role === 'ladder' ? (['L1', 'L2', 'L3'] as const) : ([role] as const);
    const since = layers
      .map((l) => {
        const g = rep.gating[l as 'L1'];
        return g?.first_gated_s ? `${l} ${fmtClock(g.first_gated_s.median)} (${g.pairs_gated}/${g.pairs})` : `${l} never`;
      })
      .join(', ');
    out.push(
      `<tr><td class="l">${role}</td><td>${c.max_abs_notional_usdc}</td><td class="l">${esc(c.worst ? `${c.worst.account} ${c.worst.symbol}` : '-')}</td><td>${c.excess_over_cap_plus_one_order_usdc}</td><td>${c.pairs_beyond.length}</td><td class="l">${since}</td></tr>`,
    );
  }
  out.push('</table>');
  out.push(
    '<h3>PnL per role (USDC)</h3><table><tr><th class="l">role</th><th>realised</th><th>fees</th><th>unrealised</th><th>net</th></tr>',
  );
  for (const [role, p] of Object.entries(rep.pnl_by_role))
    out.push(
      `<tr><td class="l">${role}</td><td>${p.realized_usdc}</td><td>${p.fees_usdc}</td><td>${p.unrealized_usdc}</td><td>${p.net_usdc}</td></tr>`,
    );
  out.push('</table>');
  const rej = Object.entries(rep.rejections_by_code);
  if (rej.length) {
    out.push('<h3>Rejections</h3><table><tr><th>code</th><th>count</th><th class="l">meaning</th></tr>');
    for (const [c, n] of rej) out.push(`<tr><td>${c}</td><td>${n}</td><td class="l">${esc(codeMeaning(c))}</td></tr>`);
    out.push('</table>');
  }
  return out.join('');
}

/** The page. Without a series file (an old run folder) the charts that need it are left out. */
export function renderHtml(rep: Report, series: SeriesFile | undefined): string {
  const { js, css } = uplotAssets();
  const charts = series
    ? ['price', 'position', 'funnel', 'counterparty', 'distance', 'events']
        .map((id) => `<section id="charts-${id}"></section>`)
        .join('\n')
    : '<p>No series.json in this run folder: charts need it (re-run the scenario).</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>rocky-bot report: ${esc(rep.scenario)}</title>
<style>${css}${CSS}</style></head>
<body>
<h1>${esc(rep.scenario)}</h1>
<p class="note">seed ${rep.seed}, ${(rep.duration_s / 3600).toFixed(2)} h of virtual time, windows of ${rep.window_s / 60} min</p>
<h2>Verdict</h2>
${verdict(rep)}
<h2>Summary</h2>
${summaryTables(rep)}
<details><summary>Full text summary</summary><pre>${esc(formatSummary(rep))}</pre></details>
<h2>Over time</h2>
${charts}
${series ? `<script>${js}</script>\n<script id="report-data" type="application/json">${scriptJson({ report: rep, series })}</script>\n<script>${CLIENT_JS}</script>` : '<script>document.body.dataset.charts="0"</script>'}
</body></html>
`;
}
