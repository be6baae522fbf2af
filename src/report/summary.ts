/**
 * The human summary of a sim report: readable text for people, never parsed by tools. It reads only
 * report.json's fields (so `rocky-bot report DIR` prints the same text as the run did), and every
 * figure it shows comes from the same field an expectation reads: the cap block reads
 * excess_over_cap_plus_one_order_usdc exactly as `cap_respected` does.
 */
import { parseAccountId, type Layer } from '../engine/roster.js';
import { codeMeaning } from './codes.js';
import type { Report } from './report.js';
import { countersLines, fmtClock, fmtDuration, pad, padR } from './summary-parts.js';

const LAYER_ORDER: Layer[] = ['anchor', 'L1', 'L2', 'L3', 'taker'];
const isLadder = (id: string): boolean => {
  const a = parseAccountId(id);
  return typeof a !== 'string' && a.role === 'ladder';
};

export function formatSummary(rep: Report): string {
  const out: string[] = [];
  out.push(
    `scenario ${rep.scenario}  seed ${rep.seed}  ${fmtDuration(rep.duration_s)} of virtual time  (windows of ${fmtDuration(rep.window_s)})`,
  );
  out.push('');
  out.push(
    'Funnel: account fills by layer, as maker / as taker; share = maker fills among maker layers; distance = fill vs Binance mid',
  );
  out.push(
    `  ${padR('symbol', 10)}${padR('layer', 8)}${pad('maker', 8)}${pad('taker', 8)}${pad('share', 8)}${pad('dist p90', 11)}`,
  );
  let takersMakeMore = false;
  for (const [sym, f] of Object.entries(rep.funnel)) {
    const sh = rep.funnel_share[sym]!;
    LAYER_ORDER.forEach((l, i) => {
      const d = rep.fill_distance_bps[sym]?.[l];
      const share = l === 'taker' ? '-' : `${(sh[l] * 100).toFixed(1)}%`;
      out.push(
        `  ${padR(i === 0 ? sym : '', 10)}${padR(l, 8)}${pad(f[l].maker_fills, 8)}${pad(f[l].taker_fills, 8)}${pad(share, 8)}` +
          `${pad(d && d.fills ? `${d.p90.toFixed(1)} bps` : '-', 11)}`,
      );
    });
    if (f.taker.maker_fills > f.taker.taker_fills) takersMakeMore = true;
  }
  if (takersMakeMore)
    out.push('  note: takers fill more often as makers than as takers: their remainders rest until their next iteration');
  out.push('');
  out.push(...gatingLines(rep));
  out.push('');
  out.push(...capLines(rep));
  out.push('');
  out.push(...accountLines(rep));
  out.push('');
  out.push(...countersLines(rep));
  out.push('');
  out.push('PnL per role (USDC): realised, fees, unrealised at the final mark, net');
  for (const [role, p] of Object.entries(rep.pnl_by_role)) {
    out.push(
      `  ${padR(role, 8)}${pad(p.realized_usdc.toFixed(2), 11)}${pad(p.fees_usdc.toFixed(2), 10)}${pad(p.unrealized_usdc.toFixed(2), 11)}${pad(p.net_usdc.toFixed(2), 11)}`,
    );
  }
  out.push('');
  const rej = Object.entries(rep.rejections_by_code);
  out.push(rej.length ? 'Rejections (code × count: meaning)' : 'Rejections: none');
  for (const [c, n] of rej) out.push(`  ${pad(c, 6)} ×${padR(n, 7)} ${codeMeaning(c)}`);
  const opens = Object.entries(rep.circuit).filter(([, n]) => n > 0);
  out.push(`Breaker opens: ${opens.length ? opens.map(([a, n]) => `${a}×${n}`).join(', ') : 'none'}`);
  for (const [sym, t] of Object.entries(rep.tape)) {
    out.push(
      `Tape ${sym}: ${t.ticks_read} ticks ${t.first ?? '-'} → ${t.last ?? '-'}; ${t.gaps_over_threshold} gap(s) over ${t.gap_threshold_ms / 1000} s (longest ${(t.longest_gap_ms / 1000).toFixed(1)} s); ` +
        `${t.out_of_order_dropped} out-of-order dropped; ${t.loop_seams} loop seam(s)` +
        (t.bad_rows_skipped ? `; ${t.bad_rows_skipped} bad row(s) skipped (on_bad_row: skip)` : ''),
    );
  }
  out.push(
    `API: ${rep.api.calls} calls; per account ${rep.api.calls_per_min_per_account_avg}/min on average, ${rep.api.max_calls_per_min_per_account}/min at most`,
  );
  if (rep.expectations.length) {
    out.push('');
    out.push('Expectations');
    for (const e of rep.expectations) {
      out.push(`  ${e.ok ? 'ok  ' : 'FAIL'} ${e.name}: expected ${e.expected}; measured ${e.measured}`);
    }
  }
  return out.join('\n');
}

function gatingLines(rep: Report): string[] {
  const out = ['Gated: the 10 s samples at which the cap gate would refuse the next exposure-increasing order'];
  for (const l of LAYER_ORDER) {
    const g = rep.gating[l];
    if (!g || g.pairs === 0) continue;
    const since = g.first_gated_s
      ? `first ${fmtClock(g.first_gated_s.min)}, median ${fmtClock(g.first_gated_s.median)}, last ${fmtClock(g.first_gated_s.max)}; gated ${g.gated_pct_after_first.toFixed(0)}% of the time after`
      : 'never gated';
    out.push(
      `  ${padR(l, 7)}${pad(`${g.pairs_gated}/${g.pairs}`, 6)} pairs gated; ${since}; ${g.gated_pct.toFixed(0)}% of all samples`,
    );
  }
  const ladders = (['L1', 'L2', 'L3'] as const).map((l) => rep.gating[l]).filter((g) => g && g.pairs > 0);
  if (ladders.length && ladders.every((g) => g.pairs_gated === g.pairs) && ladders.every((g) => g.first_gated_s)) {
    out.push(
      `  ladders at cap since ${fmtClock(Math.max(...ladders.map((g) => g.first_gated_s!.max)))} (every ladder pair gated by then)`,
    );
  } else {
    const full = ladders.filter((g) => g.pairs_gated === g.pairs && g.first_gated_s);
    const names = (['L1', 'L2', 'L3'] as const).filter((l) => full.includes(rep.gating[l]));
    if (names.length)
      out.push(`  ${names.join(', ')} ladders at cap since ${fmtClock(Math.max(...full.map((g) => g.first_gated_s!.max)))}`);
  }
  const last = Object.entries(rep.accounts).flatMap(([a, per]) =>
    isLadder(a) ? Object.entries(per).map(([s, p]) => [s, p.last_fill_s] as const) : [],
  );
  const bySym = new Map<string, number>();
  for (const [s, t] of last) if (t !== null) bySym.set(s, Math.max(bySym.get(s) ?? 0, t));
  if (bySym.size) out.push(`  last ladder fill: ${[...bySym].map(([s, t]) => `${s} ${fmtClock(t)}`).join(', ')}`);
  return out;
}

function capLines(rep: Report): string[] {
  const c = rep.cap;
  const out = [
    `Position cap ${c.max_notional_usdc} USDC per account × symbol; beyond = (|position| − one own order) × price above the cap`,
    `  ${padR('role', 8)}${pad('max |notional|', 16)}  ${padR('worst pair', 28)}${pad('excess over cap + 1 order', 27)}${pad('pairs beyond', 14)}`,
  ];
  for (const [role, f] of Object.entries(c.by_role)) {
    out.push(
      `  ${padR(role, 8)}${pad(f.max_abs_notional_usdc.toFixed(2), 16)}  ${padR(f.worst ? `${f.worst.account} ${f.worst.symbol}` : '-', 28)}` +
        `${pad(f.excess_over_cap_plus_one_order_usdc.toFixed(2), 27)}${pad(f.pairs_beyond.length, 14)}`,
    );
  }
  out.push(`  gate skips ${c.gate_skips}, gate cancels ${c.gate_cancels}`);
  return out;
}

function accountLines(rep: Report): string[] {
  const syms = Object.keys(rep.funnel);
  const out = [
    `  ${padR('account', 18)}${syms.map((s) => `${pad(`${s} max`, 14)}${pad('gated', 7)}${pad('since', 7)}${pad('fills', 7)}${pad('placed', 8)}${pad('skips', 7)}`).join('  ')}`,
  ];
  let star = false;
  for (const [acct, per] of Object.entries(rep.accounts)) {
    const cells = syms.map((s) => {
      const p = per[s]!;
      if (p.never_quoted) star = true;
      const flag = p.never_quoted ? '*' : ' ';
      const since = p.first_gated_s === null ? '-' : fmtClock(p.first_gated_s);
      return `${pad(p.max_abs_notional_usdc.toFixed(2), 13)}${flag}${pad(`${p.gated_pct.toFixed(0)}%`, 7)}${pad(since, 7)}${pad(p.fills, 7)}${pad(p.orders_placed, 8)}${pad(p.gate_skips, 7)}`;
    });
    out.push(`  ${padR(acct, 18)}${cells.join('  ')}`);
  }
  if (star) out.push('  (* = never quoted on that symbol)');
  out.unshift('Accounts (max |notional| USDC; gated = share of samples gated; since = first gated; skips = gate skips)');
  return out;
}

/** One line per scenario, for runs over several files. */
export function formatOneLine(rep: Report): string {
  const failed = rep.expectations.filter((e) => !e.ok);
  const f = Object.entries(rep.funnel)
    .map(([s, x]) => `${s} L1/L2/L3 ${x.L1.fills}/${x.L2.fills}/${x.L3.fills}`)
    .join(', ');
  return (
    `${failed.length ? 'FAIL' : 'ok  '} ${rep.scenario}: ${f}; max ${rep.cap.max_abs_notional_usdc} USDC; ` +
    `${rep.expectations.length - failed.length}/${rep.expectations.length} expectations` +
    (failed.length ? ` (failed: ${failed.map((e) => e.name).join('; ')})` : '')
  );
}
