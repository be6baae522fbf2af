/**
 * The perpetual's account rules in the venue: Binance's maintenance brackets, funding settlements,
 * liquidation below maintenance, PUT order (modify), and the listener's events for each.
 */
import { describe, expect, it } from 'vitest';
import { BracketMaintenance, BINANCE_BRACKETS } from '../../src/sim-exchange/maintenance-margin.js';
import { ConstantFunding, FileFunding, PremiumFunding, nextSettlement } from '../../src/sim-exchange/funding.js';
import type { VenueListener } from '../../src/sim-exchange/venue-events.js';
import { errorOf, limit, makeCore } from './helpers.js';

function recorder(): { l: VenueListener; seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    l: {
      order: (o, exec, _now, t) =>
        seen.push(`${o.acct}:${o.id}:${exec}:${o.status}${t ? `:${t.steps}@${t.priceTicks}${t.maker ? ':m' : ''}` : ''}`),
      account: (a, reason, _now, syms, change) =>
        seen.push(`acct:${a}:${reason}:${syms.join(',')}${change !== undefined ? `:${change.toFixed(4)}` : ''}`),
      book: (s) => seen.push(`book:${s}`),
    },
  };
}

describe('maintenance margin (Binance brackets)', () => {
  const mm = new BracketMaintenance();
  it('is continuous across bracket floors (cum is consistent with the ratios)', () => {
    for (const table of Object.values(BINANCE_BRACKETS)) {
      for (const b of table.slice(1)) {
        const sym = table === BINANCE_BRACKETS.ETH ? 'ETHUSDT' : 'BTCUSDT';
        expect(mm.margin(sym, b.notionalFloor + 1e-6)).toBeCloseTo(mm.margin(sym, b.notionalFloor - 1e-6), 2);
      }
    }
  });
  it('uses 0.4 % for a small BTC position and 0.5 % for ETH, 0 without a position', () => {
    expect(mm.margin('BTCUSDT', 100)).toBeCloseTo(0.4, 10);
    expect(mm.margin('ETHUSDC', 100)).toBeCloseTo(0.5, 10);
    expect(mm.margin('BTCUSDT', 0)).toBe(0);
    // Second BTC bracket: 300k × 0.5 % − (50k × 0.1 %) = 1500 − 50.
    expect(mm.margin('BTCUSDT', 300_000)).toBeCloseTo(300_000 * 0.01 - (50 + 250_000 * 0.005), 6);
  });
});

describe('funding models', () => {
  it('settles at multiples of the interval since 00:00 UTC', () => {
    expect(nextSettlement(0, 8 * 3_600_000)).toBe(8 * 3_600_000);
    expect(nextSettlement(8 * 3_600_000, 8 * 3_600_000)).toBe(16 * 3_600_000);
  });
  it('file: the latest row at or before the settlement, 0 before the first', () => {
    const f = new FileFunding(
      [
        { t: 100, rate: 0.001 },
        { t: 200, rate: -0.002 },
      ],
      8,
    );
    expect([f.rate('X', 50), f.rate('X', 100), f.rate('X', 199), f.rate('X', 500)]).toEqual([0, 0.001, 0.001, -0.002]);
    expect(f.lastRate('X')).toBe(-0.002);
  });
  it('premium: the mean premium plus the clamped interest, bounded by the cap; samples reset per interval', () => {
    const p = new PremiumFunding({
      model: 'premium',
      interval: 1,
      sample_every: 1,
      interest_rate: 0.0001,
      clamp: 0.0005,
      cap: 0.0075,
    });
    expect(p.rate('X', 0)).toBeCloseTo(0.0001, 12); // no samples: the interest rate
    p.sample('X', 0.002);
    p.sample('X', 0.004);
    expect(p.rate('X', 1)).toBeCloseTo(0.003 - 0.0005, 12); // P = 0.3 %, interest − P clamped to −0.05 %
    p.sample('X', 0.05);
    expect(p.rate('X', 2)).toBe(0.0075); // capped
    expect(new ConstantFunding(0.0002, 1).rate('X', 9)).toBe(0.0002);
  });
});

describe('funding settlement in the venue', () => {
  it('longs pay shorts at a positive rate, the amounts net to zero, the listener hears FUNDING_FEE', () => {
    const { l, seen } = recorder();
    const { core } = makeCore({ listener: l });
    core.placeOrder('a', 0, limit('SELL', '80000', '0.01'));
    core.placeOrder('b', 1, limit('BUY', '80000', '0.01'));
    seen.length = 0;
    const pays = core.settleFunding('BTCUSDT', 0.001, 2);
    expect(pays).toEqual([
      { account: 'a', amount: expect.closeTo(0.8, 9) },
      { account: 'b', amount: expect.closeTo(-0.8, 9) },
    ]);
    expect(core.fundingOf('b')).toBeCloseTo(-0.8, 9);
    expect(seen).toEqual(['acct:a:FUNDING_FEE:BTCUSDT:0.8000', 'acct:b:FUNDING_FEE:BTCUSDT:-0.8000']);
  });
});

describe('liquidation', () => {
  it('closes every position of an account below maintenance at the mark, with a fee; the wallet never stays negative', () => {
    const { l, seen } = recorder();
    const mm = new BracketMaintenance();
    const { core, marks } = makeCore(
      { listener: l, liquidation: { account: 'fund', feeRate: 0.005, maintenance: mm } },
      { thin: 50, fund: 1e12 },
    );
    core.setLeverage('thin', 0, 'BTCUSDT', 20);
    core.placeOrder('a', 0, limit('SELL', '80000', '0.01'));
    core.placeOrder('thin', 1, limit('BUY', '80000', '0.01')); // 800 notional on a 50 wallet
    core.placeOrder('thin', 1, limit('BUY', '70000', '0.001')); // a resting order the engine cancels
    expect(core.liquidationCheck(2)).toEqual([]);
    marks.BTCUSDT = 75500; // unrealised −45: margin balance 4.6 (after the 0.4 taker fee) is above maintenance 3.02
    expect(core.liquidationCheck(3)).toEqual([]);
    marks.BTCUSDT = 75200; // unrealised −48: margin balance 1.6 < 3.008
    seen.length = 0;
    const liq = core.liquidationCheck(4);
    expect(liq).toHaveLength(1);
    expect(liq[0]).toMatchObject({ account: 'thin', symbol: 'BTCUSDT', side: 'SELL', qty: 0.01, price: 75200 });
    expect(liq[0]!.fee).toBeCloseTo(1.6, 6); // min(0.5 % × 752, what is left in the wallet: 49.6 − 48)
    expect(core.positionOf('thin', 'BTCUSDT').amt).toBe(0);
    expect(core.positionOf('fund', 'BTCUSDT').amt).toBeCloseTo(0.01, 12);
    expect(core.accountTotals('thin').wallet).toBeGreaterThanOrEqual(0);
    expect(core.openOrderCount('thin', 'BTCUSDT')).toBe(0);
    expect(seen.some((s) => /^thin:\d+:CANCELED:CANCELED$/.test(s))).toBe(true);
    expect(seen.some((s) => /^thin:\d+:TRADE:FILLED:10@752000$/.test(s))).toBe(true);
    expect(seen.at(-1)).toBe('acct:thin:LIQUIDATION:BTCUSDT');
  });
});

describe('modifyOrder (PUT /fapi/v1/order)', () => {
  it('moves a resting order, keeps its id, and refuses another side or a quantity at most the filled one', () => {
    const { l, seen } = recorder();
    const { core } = makeCore({ listener: l });
    const o = core.placeOrder('a', 0, limit('BUY', '79000', '0.01'));
    const m = core.modifyOrder('a', 1, 'BTCUSDT', { orderId: o.orderId }, 'BUY', '0.02', '79100');
    expect(m).toMatchObject({ orderId: o.orderId, price: '79100.0', origQty: '0.020', status: 'NEW' });
    expect(core.bookDepth('BTCUSDT', 5).bids).toEqual([[79100, 0.02]]);
    expect(seen).toContain(`a:${o.orderId}:AMENDMENT:NEW`);
    expect(errorOf(() => core.modifyOrder('a', 2, 'BTCUSDT', { orderId: o.orderId }, 'SELL', '0.02', '79100')).code).toBe(-1130);
    core.placeOrder('b', 3, limit('SELL', '79100', '0.005'));
    expect(errorOf(() => core.modifyOrder('a', 4, 'BTCUSDT', { orderId: o.orderId }, 'BUY', '0.005', '79100')).code).toBe(-1130);
    // A crossing amended price matches at once.
    core.placeOrder('b', 5, limit('SELL', '79500', '0.005'));
    const x = core.modifyOrder('a', 6, 'BTCUSDT', { orderId: o.orderId }, 'BUY', '0.02', '79500');
    expect(x).toMatchObject({ executedQty: '0.010', status: 'PARTIALLY_FILLED' });
  });
});
