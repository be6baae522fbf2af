import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { evaluate } from '../../src/scenario/evaluate.js';
import type { Report } from '../../src/report/report.js';
import { formatSummary } from '../../src/report/summary.js';
import { runScenario } from '../../src/world/run-sim.js';
import { scenarioFrom, SMALL_MARKET } from '../sim/helpers.js';

type Rep = Omit<Report, 'expectations'>;

function expectations(yaml: string) {
  return scenarioFrom(`name: t\nduration: 10m\n${SMALL_MARKET}expect:\n${yaml}`).expect;
}

/** A report with just the windows the windowed funnel reads. */
function windowsReport(rows: [number, number, number][]): Rep {
  const layer = (n: number) => ({ fills: n, maker_fills: n, taker_fills: 0, qty: 0, notional_usdc: 0 });
  return {
    window_s: 900,
    windows: rows.map(([a, b, c], i) => ({
      start_s: i * 900,
      end_s: (i + 1) * 900,
      funnel: { 'BTC-PERP': { anchor: layer(0), L1: layer(a), L2: layer(b), L3: layer(c), taker: layer(0) } },
    })),
  } as unknown as Rep;
}

describe('windowed funnel_decreasing', () => {
  const [e] = expectations('  funnel_decreasing: { layers: [L1, L2, L3], window: 30m, from: 30m }\n');

  it('passes decreasing windows and quiet windows (0 = 0), and names the window that bends', () => {
    expect(
      e!.check(
        windowsReport([
          [1, 5, 9],
          [1, 1, 0],
          [3, 1, 0],
          [0, 0, 0],
          [0, 0, 0],
        ]),
      ).ok,
    ).toBe(true);
    const bad = e!.check(
      windowsReport([
        [9, 5, 1],
        [9, 5, 1],
        [0, 2, 0],
        [0, 0, 0],
      ]),
    );
    expect(bad.ok).toBe(false);
    expect(bad.measured).toContain('BTC-PERP 0h30–1h00 L1=0 L2=2 L3=0');
  });

  it('fails a layer with no fills followed by one with fills, and equal non-zero counts', () => {
    expect(
      e!.check(
        windowsReport([
          [0, 0, 0],
          [0, 0, 0],
          [0, 1, 0],
        ]),
      ).ok,
    ).toBe(false);
    expect(
      e!.check(
        windowsReport([
          [0, 0, 0],
          [2, 2, 0],
        ]),
      ).ok,
    ).toBe(false);
  });

  it('fails, saying why, when the report window does not divide the expectation window', () => {
    const r = e!.check({ ...windowsReport([[1, 0, 0]]), window_s: 420 } as Rep);
    expect(r.ok).toBe(false);
    expect(r.measured).toContain('does not divide');
  });

  it('takes a list mixing the whole-run form and windowed forms', () => {
    const es = expectations('  funnel_decreasing:\n    - [L1, L2]\n    - { layers: [L1, L2], window: 1h }\n');
    expect(es.map((x) => x.name)).toEqual(['funnel_decreasing L1 > L2', 'funnel_decreasing L1 > L2 per 1h']);
  });
});

describe('parsing the time-resolved kinds', () => {
  const bad = (yaml: string): string => {
    try {
      expectations(yaml);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('names the key and what was expected', () => {
    expect(bad('  funnel_decreasing: { layers: [L1, L4], window: 1h }\n')).toMatch(/expect\.funnel_decreasing\.layers\[1\].*L4/);
    expect(bad('  funnel_decreasing: { layers: [L1, L2] }\n')).toMatch(
      /expect\.funnel_decreasing\.window \(line \d+\): expected a positive duration.*got nothing/,
    );
    expect(bad('  max_gated_pct: { L1: 120 }\n')).toMatch(/expect\.max_gated_pct\.L1/);
    expect(bad('  fill_distance_bps: { L1: { p95: { max: 3 } } }\n')).toMatch(/p95/);
    expect(bad('  counterparty_share: { makers: [L1], max: 0.2 }\n')).toMatch(
      /expect\.counterparty_share\.takers \(line \d+\): missing; expected a list/,
    );
    expect(bad('  fills_outside_tape_range: 0\n')).toMatch(/fills_outside_tape_range/);
  });
});

describe('checks over a finished run', () => {
  it('reads the report fields, and the summary and cap_respected count the same pairs beyond the cap', async () => {
    const sc = scenarioFrom(`name: t\nduration: 20m\n${SMALL_MARKET}
expect:
  cap_respected: true
  max_gated_pct: { L1: 100, anchor: 0 }
  fill_distance_bps: { L1: { p90: { max: 20 } }, anchor: { max: { max: 1 } } }
  counterparty_share: { makers: [anchor, L1, L2, L3, taker], takers: [taker], min: 1 }
  fills_outside_tape_range: { min: 0 }
`);
    const { report } = await runScenario(sc);
    const res = new Map(report.expectations.map((e) => [e.name, e]));
    expect(res.get('max_gated_pct L1')!.ok).toBe(true);
    expect(res.get('max_gated_pct anchor')!.measured).toBe(String(report.gating.anchor.gated_pct));
    expect(res.get('fill_distance_bps L1 p90')!.ok).toBe(true);
    expect(res.get('fill_distance_bps anchor max')!.ok).toBe(false);
    expect(res.get('counterparty_share anchor+L1+L2+L3+taker of taker fills')!.measured).toMatch(/^1 \(/);
    // Force a pair beyond the cap: the expectation and the summary's cap block agree.
    const bent = structuredClone(report) as Rep;
    const p = bent.accounts['mm-anchor']!['BTC-PERP']!;
    p.excess_over_cap_plus_one_order_usdc = 4.2;
    bent.cap.pairs_beyond = ['mm-anchor@BTC-PERP'];
    bent.cap.excess_over_cap_plus_one_order_usdc = 4.2;
    bent.cap.by_role.anchor!.pairs_beyond = ['mm-anchor@BTC-PERP'];
    bent.cap.by_role.anchor!.excess_over_cap_plus_one_order_usdc = 4.2;
    const ev = evaluate(bent, sc.expect);
    const cap = ev.expectations.find((e) => e.name === 'cap_respected')!;
    expect(cap.ok).toBe(false);
    expect(cap.measured).toContain('1 pair(s) beyond cap + one order (largest excess 4.2 USDC)');
    const anchorRow = formatSummary(ev)
      .split('\n')
      .find((l) => /^ {2}anchor\s+\d/.test(l) && l.includes('mm-anchor BTC-PERP'))!;
    expect(anchorRow).toMatch(/4\.20\s+1$/);
  });
});
