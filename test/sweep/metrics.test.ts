import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { extractMetrics, METRICS } from '../../src/sweep/metrics.js';

const golden = (): Report => JSON.parse(readFileSync('test/golden/drift.json', 'utf8')) as Report;
const metrics = (r: Report) => Object.fromEntries(extractMetrics(r));

describe('sweep metrics', () => {
  it('the cap per role is the report’s one figure; gating per layer, with never-gated as the run’s length', () => {
    const r = golden();
    r.cap.by_role.taker!.excess_over_cap_plus_one_order_usdc = 4.5;
    r.cap.by_role.ladder!.excess_over_cap_plus_one_order_usdc = 0;
    r.gating.L3 = { ...r.gating.L3, pairs_gated: 0, first_gated_s: null, gated_pct: 0 };
    const m = metrics(r);
    expect(m['excess_usdc.taker']).toBe(4.5);
    expect(m['excess_usdc.ladder']).toBe(0);
    expect(m['gated_pct.L1']).toBe(r.gating.L1.gated_pct);
    expect(m['first_gated_s.L1']).toBe(r.gating.L1.first_gated_s!.median);
    expect(m['first_gated_s.L3']).toBe(r.duration_s);
  });

  it('per-window maker shares per symbol, named by the window’s minutes, summing to 1 where makers filled', () => {
    const r = golden();
    const m = metrics(r);
    const w0 = ['anchor', 'L1', 'L2', 'L3'].map((l) => m[`window_share.0-15m.BTC-PERP.${l}`]!);
    expect(w0.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    const f = r.windows[0]!.funnel['BTC-PERP']!;
    const makers = f.anchor.maker_fills + f.L1.maker_fills + f.L2.maker_fills + f.L3.maker_fills;
    expect(m['window_share.0-15m.BTC-PERP.L1']).toBeCloseTo(f.L1.maker_fills / makers, 4);
    expect(Object.keys(m).filter((k) => k.startsWith('window_share.'))).toHaveLength(r.windows.length * 2 * 4);
  });

  it('last fill per layer is the latest of its pairs; fill-distance p90 only for layers that filled', () => {
    const r = golden();
    for (const [id, per] of Object.entries(r.accounts))
      for (const p of Object.values(per)) p.last_fill_s = id.startsWith('mm-l2-') ? 100 : null;
    r.accounts['mm-l2-sell-30bps']!['ETH-PERP']!.last_fill_s = 1234;
    r.fill_distance_bps['ETH-PERP']!.L3 = { fills: 0, p50: 0, p90: 0, p99: 0, max: 0 };
    const m = metrics(r);
    expect(m['last_fill_s.L2']).toBe(1234);
    expect(m['last_fill_s.L1']).toBe(0);
    expect(m['fill_distance_p90_bps.BTC-PERP.L1']).toBe(r.fill_distance_bps['BTC-PERP']!.L1.p90);
    expect(m).not.toHaveProperty(['fill_distance_p90_bps.ETH-PERP.L3']);
  });

  it('-2010 only among rejection codes; PnL is the net per role; every name belongs to one table entry', () => {
    const r = golden();
    r.rejections_by_code = { '-2010': 7, '-2011': 3 };
    const m = metrics(r);
    expect(m.rejections_2010).toBe(7);
    expect(m['pnl_usdc.anchor']).toBe(r.pnl_by_role.anchor!.net_usdc);
    expect(m['share.BTC-PERP.L1']).toBe(r.funnel_share['BTC-PERP']!.L1);
    for (const k of Object.keys(m)) expect(METRICS.filter((d) => k === d.name || k.startsWith(`${d.name}.`))).toHaveLength(1);
  });
});
