import { describe, expect, it } from 'vitest';
import { errorOf, limit, makeCore } from './helpers.js';

describe('margin ledger', () => {
  it('worked example: open long as maker, add as taker, partial close as maker', () => {
    const { core, marks, fills } = makeCore();
    // 1. a bids 0.010 @ 80000, b sells into it: a is maker.
    core.placeOrder('a', 1, limit('BUY', '80000.0', '0.010'));
    core.placeOrder('b', 2, limit('SELL', '80000.0', '0.010'));
    // maker fee 800 × 0.0002 = 0.16; taker fee 800 × 0.0005 = 0.4
    expect(fills[0]!.makerFee).toBeCloseTo(0.16, 12);
    expect(fills[0]!.takerFee).toBeCloseTo(0.4, 12);
    // 2. b offers 0.010 @ 80100, a lifts it: a is taker. fee 801 × 0.0005 = 0.4005
    core.placeOrder('b', 3, limit('SELL', '80100.0', '0.010'));
    core.placeOrder('a', 4, limit('BUY', '80100.0', '0.010'));
    expect(fills[1]!.takerFee).toBeCloseTo(0.4005, 12);
    let pa = core.positionOf('a', 'BTCUSDT');
    expect(pa.amt).toBe(0.02);
    expect(pa.entryPrice).toBeCloseTo(80050, 9); // (0.01×80000 + 0.01×80100) / 0.02
    // 3. a offers 0.005 @ 80200, b takes it: a realises 0.005 × (80200 − 80050) = 0.75, maker fee 401 × 0.0002 = 0.0802
    core.placeOrder('a', 5, limit('SELL', '80200.0', '0.005'));
    core.placeOrder('b', 6, limit('BUY', '80200.0', '0.005'));
    pa = core.positionOf('a', 'BTCUSDT');
    expect(pa.amt).toBe(0.015);
    expect(pa.entryPrice).toBeCloseTo(80050, 9);
    expect(pa.realizedPnl).toBeCloseTo(0.75, 9);
    expect(core.feesPaid('a')).toBeCloseTo(0.16 + 0.4005 + 0.0802, 9);
    expect(core.walletOf('a')).toBeCloseTo(10000 - 0.16 - 0.4005 + 0.75 - 0.0802, 9); // 10000.1093

    // b: short 0.020 @ 80050, bought back 0.005 @ 80200: realised −0.75; fees 0.4 + 0.1602 + 0.2005
    const pb = core.positionOf('b', 'BTCUSDT');
    expect(pb.amt).toBe(-0.015);
    expect(pb.realizedPnl).toBeCloseTo(-0.75, 9);
    expect(core.walletOf('b')).toBeCloseTo(10000 - 0.4 - 0.1602 - 0.2005 - 0.75, 9); // 9998.4893

    // Unrealised at mark 80300: a 0.015 × 250 = 3.75, b −3.75.
    marks.BTCUSDT = 80300;
    const [row] = core.positionRisk('a', 7, 'BTCUSDT');
    expect(row!.positionAmt).toBe('0.015');
    expect(row!.entryPrice).toBe('80050.00000000');
    expect(row!.markPrice).toBe('80300.00000000');
    expect(row!.unRealizedProfit).toBe('3.75000000');
    expect(row!.notional).toBe('1204.50000000');
    expect(core.positionRisk('b', 7, 'BTCUSDT')[0]!.unRealizedProfit).toBe('-3.75000000');
    const [bal] = core.balance('a', 8);
    expect(bal!.balance).toBe('10000.10930000');
    expect(bal!.crossUnPnl).toBe('3.75000000');
    // available = wallet + upnl − |0.015 × 80300| / 5 = 10000.1093 + 3.75 − 240.9
    expect(bal!.availableBalance).toBe('9762.95930000');
  });

  it('closing through zero flips the position at the fill price', () => {
    const { core } = makeCore();
    core.placeOrder('a', 1, limit('BUY', '80000.0', '0.002'));
    core.placeOrder('b', 2, limit('SELL', '80000.0', '0.002'));
    core.placeOrder('b', 3, limit('BUY', '80100.0', '0.005'));
    core.placeOrder('a', 4, limit('SELL', '80100.0', '0.005'));
    const p = core.positionOf('a', 'BTCUSDT');
    expect(p.amt).toBe(-0.003);
    expect(p.entryPrice).toBe(80100);
    expect(p.realizedPnl).toBeCloseTo(0.2, 9);
  });

  it('rejects with -2010 an order whose initial margin does not fit the available balance', () => {
    const { core } = makeCore({}, { poor: 100 });
    // 0.007 × 80000 / 5 = 112 > 100
    const e = errorOf(() => core.placeOrder('poor', 1, limit('BUY', '80000.0', '0.007')));
    expect([e.code, e.message]).toEqual([-2010, '-2010: Account has insufficient balance for requested action.']);
    expect(core.openOrderCount('poor', 'BTCUSDT')).toBe(0);
    // 0.006 × 80000 / 5 = 96 fits; then only 4 USDC remain.
    core.placeOrder('poor', 2, limit('BUY', '80000.0', '0.006'));
    expect(core.balance('poor', 3)[0]!.availableBalance).toBe('4.00000000');
    expect(errorOf(() => core.placeOrder('poor', 4, limit('BUY', '79000.0', '0.001'))).code).toBe(-2010);
    // A sell smaller than the open buy side adds no open-order margin (max of the two sides).
    core.placeOrder('poor', 5, limit('SELL', '81000.0', '0.001'));
    expect(core.balance('poor', 6)[0]!.availableBalance).toBe('4.00000000');
  });

  it('charges open-order margin only for the exposure-increasing part; a reducing order passes with nothing available', () => {
    const { core, marks } = makeCore({}, { poor: 100 });
    core.placeOrder('poor', 1, limit('BUY', '80000.0', '0.006'));
    core.placeOrder('b', 2, limit('SELL', '80000.0', '0.006'));
    expect(core.positionOf('poor', 'BTCUSDT').amt).toBe(0.006);
    // wallet 100 − 0.096 fee; mark falls to 79000: upnl −6, position IM 0.006 × 79000 / 5 = 94.8
    marks.BTCUSDT = 79000;
    const avail = Number(core.balance('poor', 3)[0]!.availableBalance);
    expect(avail).toBeCloseTo(100 - 0.096 - 6 - 94.8, 9);
    expect(avail).toBeLessThan(0);
    expect(errorOf(() => core.placeOrder('poor', 4, limit('BUY', '78000.0', '0.001'))).code).toBe(-2010);
    // Selling the whole long only reduces exposure: zero extra margin, accepted.
    const r = core.placeOrder('poor', 5, limit('SELL', '79500.0', '0.006'));
    expect(r.status).toBe('NEW');
    expect(Number(core.balance('poor', 6)[0]!.availableBalance)).toBeCloseTo(avail, 9);
    // One more step of sell would go short: that part needs margin and does not fit.
    expect(errorOf(() => core.placeOrder('poor', 7, limit('SELL', '79500.0', '0.001'))).code).toBe(-2010);
  });

  it('open buy orders lock notional / leverage; leverage changes it', () => {
    const { core } = makeCore({}, { x: 1000 });
    core.placeOrder('x', 1, limit('BUY', '80000.0', '0.005'));
    expect(core.balance('x', 2)[0]!.availableBalance).toBe('920.00000000');
    core.setLeverage('x', 3, 'BTCUSDT', 10);
    expect(core.balance('x', 4)[0]!.availableBalance).toBe('960.00000000');
    expect(core.positionRisk('x', 5, 'BTCUSDT')[0]!.leverage).toBe('10');
    expect(errorOf(() => core.setLeverage('x', 6, 'BTCUSDT', 0)).code).toBe(-4028);
  });

  it('unrealised PnL of a short follows the mark', () => {
    const { core, marks } = makeCore();
    core.placeOrder('a', 1, {
      symbol: 'ETHUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '3000.00',
      quantity: '0.010',
    });
    core.placeOrder('b', 2, { symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '0.010' });
    marks.ETHUSDT = 2900;
    const row = core.positionRisk('a', 3, 'ETHUSDT')[0]!;
    expect(row.positionAmt).toBe('-0.010');
    expect(row.unRealizedProfit).toBe('1.00000000');
    expect(row.notional).toBe('-29.00000000');
    expect(core.positionRisk('b', 3, 'ETHUSDT')[0]!.unRealizedProfit).toBe('-1.00000000');
  });
});
