/**
 * The `expect:` block of a scenario: assertions checked against the finished report. Each result
 * carries what was expected and what was measured, so a failure says exactly what bent.
 *
 * Kinds (docs/scenarios.md):
 *   funnel_decreasing: [L1, L2, L3]      fills strictly decrease along the list, on every symbol, over
 *                                        the whole run; {layers, window, from}: per window
 *                                        (expectations-time.ts); or a list of such forms
 *   cap_respected: true                  no account × symbol above the cap by more than one own order
 *                                        (its excess_over_cap_plus_one_order_usdc is 0, report.md)
 *   cap_respected: {tolerance_usdc: 5}   the same, allowing the mark to move N USDC after a decision
 *   cap_breached: true                   at least one account × symbol is (the no-gate failure)
 *   rejections: {"-2010": {min, max}}    totals by code
 *   fills: {min, max}                    total trades
 *   layer_fills: {L3: {min, max}}        fills of a layer, summed over symbols
 *   layer_maker_fills / layer_taker_fills   the same, counting only fills as maker / as taker
 *   breaker_opens: {min, max}            total breaker opens
 *   never_quoted: [mm-l3-buy-50bps@BTC-PERP, ...]   these pairs placed no order
 *   quoted: [...]                        these pairs placed at least one order
 *   max_calls_per_min_per_account: N
 *   stale_skips: {min, max}              iterations skipped because the feed was stale
 *   no_quotes_on_stale_feed: true        no order placed while the feed was older than the limit
 *   external_fills: {min, max}           fills against outside participants
 *   max_gated_pct, fill_distance_bps, counterparty_share, fills_outside_tape_range: expectations-time.ts
 */
import type { Layer } from '../engine/roster.js';
import type { ExpectationResult, Report } from '../report/report.js';
import { EXPECT_KINDS, type ExpectBlock, type Range } from '../config/schema/expect.js';
import { compileTimeKind, windowedFunnel, type WindowedFunnel } from './expectations-time.js';

export interface Expectation {
  name: string;
  check(report: Omit<Report, 'expectations'>): ExpectationResult;
}

const LAYER_NAMES = ['anchor', 'L1', 'L2', 'L3', 'taker'] as const;

const inRange = (v: number, g: Range): boolean => (g.min === undefined || v >= g.min) && (g.max === undefined || v <= g.max);
const showRange = (g: Range): string =>
  g.min !== undefined && g.max !== undefined ? `${g.min}..${g.max}` : g.min !== undefined ? `>= ${g.min}` : `<= ${g.max}`;

function rangeCheck(name: string, g: Range, measure: (rep: Omit<Report, 'expectations'>) => number): Expectation {
  return {
    name,
    check: (rep) => {
      const v = measure(rep);
      return { name, expected: showRange(g), measured: String(v), ok: inRange(v, g) };
    },
  };
}

/** The checks of a validated `expect:` block (src/config/schema/expect.ts), in the order of EXPECT_KINDS. */
type FunnelForm = Layer[] | WindowedFunnel;

/** `funnel_decreasing: [L1, L2, L3]`: strictly decreasing over the whole run, on every symbol. */
function wholeRunFunnel(layers: Layer[]): Expectation {
  const name = `funnel_decreasing ${layers.join(' > ')}`;
  return {
    name,
    check: (rep) => {
      const parts: string[] = [];
      let ok = true;
      for (const [sym, f] of Object.entries(rep.funnel)) {
        const counts = layers.map((l: Layer) => f[l].fills);
        for (let i = 1; i < counts.length; i++) if (!(counts[i - 1]! > counts[i]!)) ok = false;
        parts.push(`${sym} ${layers.map((l, i) => `${l}=${counts[i]}`).join(' ')}`);
      }
      return { name, expected: 'strictly decreasing on every symbol', measured: parts.join('; '), ok };
    },
  };
}

export function compileExpectations(block: ExpectBlock): Expectation[] {
  const out: Expectation[] = [];
  for (const kind of EXPECT_KINDS) {
    if (block[kind] === undefined) continue;
    switch (kind) {
      case 'funnel_decreasing': {
        // One form ([L1, L2, L3] over the run, or {layers, window, from} per window) or a list of them.
        const v = block.funnel_decreasing!;
        const forms = Array.isArray(v) && !v.every((x) => typeof x === 'string') ? (v as FunnelForm[]) : [v as FunnelForm];
        for (const f of forms) out.push(Array.isArray(f) ? wholeRunFunnel(f) : windowedFunnel(f));
        break;
      }
      case 'cap_respected':
      case 'cap_breached': {
        const v = block[kind]!;
        const want = typeof v === 'boolean' ? v : true;
        const tolerance = typeof v === 'object' ? v.tolerance_usdc : 0;
        const breachWanted = (kind === 'cap_breached') === want;
        out.push({
          name: kind,
          check: (rep) => {
            // The one rule (docs/report.md): a pair is beyond when its excess over cap + one order is
            // above the tolerance; the summary reads the same field, so the two cannot disagree.
            const over = Object.entries(rep.accounts).flatMap(([acct, per]) =>
              Object.entries(per)
                .filter(([, pr]) => pr.excess_over_cap_plus_one_order_usdc > tolerance)
                .map(([sym]) => `${acct}@${sym}`),
            );
            const list = (xs: string[]): string =>
              xs.length ? ` (${xs.slice(0, 3).join(', ')}${xs.length > 3 ? ', ...' : ''})` : '';
            const beyond = rep.cap.pairs_beyond;
            const measured =
              `max |notional| ${rep.cap.max_abs_notional_usdc} USDC vs cap ${rep.cap.max_notional_usdc}; ` +
              `${beyond.length} pair(s) beyond cap + one order${beyond.length ? ` (largest excess ${rep.cap.excess_over_cap_plus_one_order_usdc} USDC)` : ''}` +
              (tolerance ? `, ${over.length} beyond it + ${tolerance} USDC${list(over)}` : list(over));
            return {
              name: kind,
              expected: breachWanted
                ? 'some account above cap + one order'
                : `no account above cap + one order${tolerance ? ` + ${tolerance} USDC` : ''}`,
              measured,
              ok: breachWanted ? over.length > 0 : over.length === 0,
            };
          },
        });
        break;
      }
      case 'rejections': {
        for (const [code, g] of Object.entries(block.rejections!)) {
          out.push(rangeCheck(`rejections ${code}`, g, (rep) => rep.rejections_by_code[code] ?? 0));
        }
        break;
      }
      case 'fills':
        out.push(
          rangeCheck('fills (trades)', block.fills!, (rep) =>
            Object.values(rep.funnel).reduce(
              (n, f) => n + (f.L1.fills + f.L2.fills + f.L3.fills + f.anchor.fills + f.taker.fills) / 2,
              0,
            ),
          ),
        );
        break;
      case 'layer_fills':
      case 'layer_maker_fills':
      case 'layer_taker_fills': {
        const m = block[kind]!;
        const field = kind === 'layer_fills' ? 'fills' : kind === 'layer_maker_fills' ? 'maker_fills' : 'taker_fills';
        for (const l of LAYER_NAMES) {
          const g = m[l];
          if (g === undefined) continue;
          out.push(rangeCheck(`${kind} ${l}`, g, (rep) => Object.values(rep.funnel).reduce((n, f) => n + f[l][field], 0)));
        }
        break;
      }
      case 'breaker_opens':
        out.push(
          rangeCheck('breaker_opens', block.breaker_opens!, (rep) => Object.values(rep.circuit).reduce((n, c) => n + c, 0)),
        );
        break;
      case 'never_quoted':
      case 'quoted': {
        const pairs = block[kind]!;
        const wantNever = kind === 'never_quoted';
        out.push({
          name: kind,
          check: (rep) => {
            const bad = pairs.filter((pq) => {
              const [acct, sym] = pq.split('@') as [string, string];
              const pr = rep.accounts[acct]?.[sym];
              if (!pr) return true;
              return wantNever ? !pr.never_quoted : pr.never_quoted;
            });
            return {
              name: kind,
              expected: `${pairs.length} pair(s) ${wantNever ? 'never' : 'at least once'} quoting`,
              measured: bad.length ? `not so: ${bad.join(', ')}` : 'all as expected',
              ok: bad.length === 0,
            };
          },
        });
        break;
      }
      case 'stale_skips':
        out.push(rangeCheck(kind, block.stale_skips!, (rep) => rep.feed.stale_skips));
        break;
      case 'no_quotes_on_stale_feed':
        out.push(rangeCheck(kind, { max: 0 }, (rep) => rep.feed.quotes_on_stale_feed));
        break;
      case 'max_gated_pct':
      case 'fill_distance_bps':
      case 'counterparty_share':
      case 'fills_outside_tape_range':
        out.push(...compileTimeKind(kind, block));
        break;
      case 'external_fills':
        out.push(rangeCheck(kind, block.external_fills!, (rep) => Object.values(rep.external_fills).reduce((n, c) => n + c, 0)));
        break;
      case 'max_calls_per_min_per_account': {
        const n = block.max_calls_per_min_per_account!;
        out.push(rangeCheck(kind, { max: n }, (rep) => rep.api.max_calls_per_min_per_account));
        break;
      }
    }
  }
  return out;
}
