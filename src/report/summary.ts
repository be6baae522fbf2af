/** The human summary of a sim report: readable text for people, never parsed by tools. */
import type { Report } from './report.js';

const pad = (s: string | number, n: number): string => String(s).padStart(n);
const padR = (s: string | number, n: number): string => String(s).padEnd(n);

export function formatSummary(rep: Report): string {
  const out: string[] = [];
  out.push(`scenario ${rep.scenario}  seed ${rep.seed}  ${fmtDuration(rep.duration_s)} of virtual time`);
  out.push('');
  out.push('Funnel (fills by layer; maker share among maker layers)');
  out.push(
    `  ${padR('symbol', 10)}${pad('anchor', 9)}${pad('L1', 9)}${pad('L2', 9)}${pad('L3', 9)}${pad('taker', 9)}   share anchor/L1/L2/L3`,
  );
  for (const [sym, f] of Object.entries(rep.funnel)) {
    const sh = rep.funnel_share[sym]!;
    out.push(
      `  ${padR(sym, 10)}${pad(f.anchor.fills, 9)}${pad(f.L1.fills, 9)}${pad(f.L2.fills, 9)}${pad(f.L3.fills, 9)}${pad(f.taker.fills, 9)}   ` +
        `${pct(sh.anchor)} / ${pct(sh.L1)} / ${pct(sh.L2)} / ${pct(sh.L3)}`,
    );
  }
  out.push('');
  out.push(
    `Position cap ${rep.cap.max_notional_usdc} USDC: max |notional| ${rep.cap.max_abs_notional_usdc}` +
      (rep.cap.worst ? ` (${rep.cap.worst.account} ${rep.cap.worst.symbol})` : '') +
      `; gate skips ${rep.cap.gate_skips}, gate cancels ${rep.cap.gate_cancels}; ` +
      `${rep.cap.pairs_beyond.length} pair(s) above cap by more than one order`,
  );
  const syms = Object.keys(rep.funnel);
  out.push(
    `  ${padR('account', 18)}${syms.map((s) => `${pad(`${s} max`, 14)}${pad('at cap', 8)}${pad('fills', 7)}${pad('placed', 8)}${pad('gated', 7)}`).join('  ')}`,
  );
  for (const [acct, per] of Object.entries(rep.accounts)) {
    const cells = syms.map((s) => {
      const p = per[s]!;
      const flag = p.never_quoted ? '*' : ' ';
      return `${pad(p.max_abs_notional_usdc.toFixed(2), 13)}${flag}${pad(`${p.gated_pct.toFixed(0)}%`, 8)}${pad(p.fills, 7)}${pad(p.orders_placed, 8)}${pad(p.gate_skips, 7)}`;
    });
    out.push(`  ${padR(acct, 18)}${cells.join('  ')}`);
  }
  out.push('  (* = never quoted on that symbol)');
  out.push('');
  const rej = Object.entries(rep.rejections_by_code);
  out.push(`Rejections: ${rej.length ? rej.map(([c, n]) => `${c}×${n}`).join(', ') : 'none'}`);
  const opens = Object.entries(rep.circuit).filter(([, n]) => n > 0);
  out.push(`Breaker opens: ${opens.length ? opens.map(([a, n]) => `${a}×${n}`).join(', ') : 'none'}`);
  for (const [sym, t] of Object.entries(rep.tape)) {
    out.push(
      `Tape ${sym}: ${t.ticks_read} ticks ${t.first ?? '-'} → ${t.last ?? '-'}; ${t.gaps_over_threshold} gap(s) over ${t.gap_threshold_ms / 1000} s (longest ${(t.longest_gap_ms / 1000).toFixed(1)} s); ` +
        `${t.out_of_order_dropped} out-of-order dropped; ${t.loop_seams} loop seam(s)`,
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

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function fmtDuration(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h${m ? `${m}m` : ''}` : `${m}m${s % 60 ? `${s % 60}s` : ''}`;
}
