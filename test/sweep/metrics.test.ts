import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { extractMetrics, METRICS } from '../../src/sweep/metrics.js';

const golden = (): Report => JSON.parse(readFileSync('test/golden/drift.json', 'utf8')) as Report;
const metrics = (r: Report) => Object.fromEntries(extractMetrics(r));

describe('sweep metrics', () => {
  it('excess over cap + one order is per role, the worst pair of the role, 0 when within', () => {
    const r = golden();
    const cap = r.cap.max_notional_usdc;
    for (const per of Object.values(r.accounts)) for (const p of Object.values(per)) p.max_excess_over_one_order_usdc = cap - 10;
    r.accounts['mm-taker-3']!['ETH-PERP']!.max_excess_over_one_order_usdc = cap + 4.5;
    r.accounts['mm-taker-1']!['BTC-PERP']!.max_excess_over_one_order_usdc = cap + 1.25;
    const m = metrics(r);
    expect(m['excess_usdc.taker']).toBe(4.5);
    expect(m['excess_usdc.ladder']).toBe(0);
    expect(m['excess_usdc.anchor']).toBe(0);
  });

  it('gated time per layer is the mean over the layer’s accounts × symbols', () => {
    const r = golden();
    for (const [id, per] of Object.entries(r.accounts))
      for (const [sym, p] of Object.entries(per)) p.time_at_cap_pct = id.startsWith('mm-l1-') && sym === 'BTC-PERP' ? 100 : 0;
    const m = metrics(r);
    // 8 L1 accounts × 2 symbols, gated on one symbol all the time
    expect(m['gated_pct.L1']).toBe(50);
    expect(m['gated_pct.L2']).toBe(0);
  });

  it('names one value per symbol, layer or role; -2010 only among rejection codes; PnL net of fees', () => {
    const r = golden();
    r.rejections_by_code = { '-2010': 7, '-2011': 3 };
    r.pnl_by_role = { ladder: { realized_usdc: 10, fees_usdc: 2.5 }, taker: { realized_usdc: -1, fees_usdc: 4 } };
    const m = metrics(r);
    expect(m.rejections_2010).toBe(7);
    expect(m['pnl_usdc.ladder']).toBe(7.5);
    expect(m['pnl_usdc.taker']).toBe(-5);
    expect(m['pnl_usdc.anchor']).toBeUndefined();
    expect(m['share.BTC-PERP.L1']).toBe(r.funnel_share['BTC-PERP']!.L1);
    expect(Object.keys(m).filter((k) => k.startsWith('share.'))).toHaveLength(8);
    // every name belongs to one table entry
    for (const k of Object.keys(m)) expect(METRICS.filter((d) => k === d.name || k.startsWith(`${d.name}.`))).toHaveLength(1);
  });
});
