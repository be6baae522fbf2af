/**
 * The venue's swappable models: fee models (fixed, tiered by 30-day volume) and outside quotes
 * interleaved with the book by price while matching.
 */
import { describe, expect, it } from 'vitest';
import type { Side } from '../../src/engine/types.js';
import { FixedFees } from '../../src/sim-exchange/fees.js';
import type { OutsideQuote, OutsideQuotes } from '../../src/sim-exchange/outside-quotes.js';
import { TieredFees } from '../../src/sim-exchange/tiered-fees.js';
import { errorOf, limit, makeCore } from './helpers.js';

const DAY = 86_400_000;

describe('fee models', () => {
  it('fixed: the same maker and taker rate whatever was traded', () => {
    const f = new FixedFees(0.0002, 0.0005);
    f.onFill();
    expect([f.rate('a', 'maker'), f.rate('a', 'taker')]).toEqual([0.0002, 0.0005]);
  });

  it('tiered: the rate follows the trailing 30-day volume, start volume included, old days drop out', () => {
    const tiers = [
      { min_volume_usdc: 0, maker: 0.0002, taker: 0.0005 },
      { min_volume_usdc: 1000, maker: 0.00016, taker: 0.0004 },
      { min_volume_usdc: 5000, maker: 0, taker: 0.0003 },
    ];
    const f = new TieredFees(tiers, (a) => (a === 'vip' ? 6000 : 0));
    expect(f.rate('vip', 'maker', 0)).toBe(0);
    expect(f.rate('a', 'taker', 0)).toBe(0.0005);
    f.onFill('a', 600, 10 * DAY);
    f.onFill('a', 600, 11 * DAY + 5);
    expect(f.volume('a', 11 * DAY + 6)).toBe(1200);
    expect(f.rate('a', 'taker', 11 * DAY + 6)).toBe(0.0004);
    // Day 10 leaves the window on day 40 (the current day and the 29 before it).
    expect(f.volume('a', 39 * DAY)).toBe(1200);
    expect(f.volume('a', 40 * DAY)).toBe(600);
    expect(f.rate('a', 'taker', 40 * DAY)).toBe(0.0005);
  });

  it('the venue charges the model’s rate, and a fill never changes its own rate', () => {
    const tiers = [
      { min_volume_usdc: 0, maker: 0.001, taker: 0.002 },
      { min_volume_usdc: 100, maker: 0, taker: 0 },
    ];
    const { core, fills } = makeCore({ fees: new TieredFees(tiers, () => 0) });
    core.placeOrder('a', 1, limit('SELL', '80000.0', '0.002'));
    core.placeOrder('b', 2, limit('BUY', '80000.0', '0.001')); // 80 USDC each: first tier
    core.placeOrder('b', 3, limit('BUY', '80000.0', '0.001')); // takes both to 160 USDC, charged at the first tier
    core.placeOrder('a', 4, limit('SELL', '80000.0', '0.001'));
    core.placeOrder('b', 5, limit('BUY', '80000.0', '0.001')); // both above 100 USDC: the free tier
    expect(fills.map((f) => [f.makerFee, f.takerFee])).toEqual([
      [0.08, 0.16],
      [0.08, 0.16],
      [0, 0],
    ]);
    expect(core.feesPaid('b')).toBeCloseTo(0.32, 10);
  });
});

/** One outside quote per side of BTCUSDT, at fixed prices (ticks of 0.1). */
class FixedQuotes implements OutsideQuotes {
  readonly account = 'outside';
  readonly left: Record<Side, number>;
  constructor(
    readonly price: Record<Side, number>,
    size: number,
  ) {
    this.left = { BUY: size, SELL: size };
  }
  best(symbol: string, side: Side): OutsideQuote | undefined {
    if (symbol !== 'BTCUSDT' || this.left[side] <= 0) return undefined;
    return { priceTicks: this.price[side], steps: this.left[side] };
  }
  take(_s: string, side: Side, steps: number): void {
    this.left[side] -= steps;
  }
}

function withQuotes(bid: number, ask: number, size: number) {
  const q = new FixedQuotes({ BUY: bid * 10, SELL: ask * 10 }, size);
  const m = makeCore({ outside: q }, { outside: 1e12 });
  return { ...m, q };
}

describe('outside quotes in matching (interleaved with the book by price)', () => {
  it('a strictly better outside quote goes first; the book at a better or equal price before it', () => {
    const { core, fills, q } = withQuotes(79990, 80005, 3);
    core.placeOrder('a', 1, limit('SELL', '80000.0', '0.001'));
    core.placeOrder('c', 1, limit('SELL', '80005.0', '0.001'));
    core.placeOrder('a', 1, limit('SELL', '80010.0', '0.001'));
    const row = core.placeOrder('b', 2, limit('BUY', '80020.0', '0.006'));
    expect(fills.map((f) => [f.makerAccount, f.price, f.qty])).toEqual([
      ['a', 80000, 0.001],
      ['c', 80005, 0.001], // equal price: the book's order first
      ['outside', 80005, 0.003],
      ['a', 80010, 0.001],
    ]);
    expect(row.status).toBe('FILLED');
    expect(q.left.SELL).toBe(0);
    // The outside account took the other side: the net position over all accounts is zero.
    const net = ['a', 'b', 'c', 'd', 'outside'].reduce((n, id) => n + core.positionOf(id, 'BTCUSDT').amt, 0);
    expect(net).toBeCloseTo(0, 12);
    expect(core.positionOf('outside', 'BTCUSDT').amt).toBeCloseTo(-0.003, 12);
  });

  it("a remainder fills outside instead of resting through the mid; the order's limit still holds", () => {
    const { core, fills } = withQuotes(79990, 80000, 5);
    const row = core.placeOrder('b', 1, limit('BUY', '80400.0', '0.002'));
    expect(row.status).toBe('FILLED');
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ makerAccount: 'outside', makerOrderId: 0, price: 80000, takerAccount: 'b' });
    const rest = core.placeOrder('b', 2, limit('BUY', '79999.0', '0.002'));
    expect(rest.status).toBe('NEW'); // below the outside ask: it rests
    expect(core.bookTop('BTCUSDT').bid).toBe(79999);
  });

  it('FOK counts the outside quote; post-only (GTX) is refused when it would take it', () => {
    const { core, fills } = withQuotes(79990, 80000, 2);
    core.placeOrder('a', 1, limit('SELL', '80010.0', '0.001'));
    expect(core.placeOrder('b', 2, limit('BUY', '80010.0', '0.004', { timeInForce: 'FOK' })).status).toBe('EXPIRED');
    expect(fills).toHaveLength(0);
    expect(core.placeOrder('b', 3, limit('BUY', '80010.0', '0.003', { timeInForce: 'FOK' })).status).toBe('FILLED');
    expect(errorOf(() => core.placeOrder('c', 4, limit('SELL', '79990.0', '0.001', { timeInForce: 'GTX' }))).code).toBe(-5022);
    expect(core.placeOrder('c', 5, limit('SELL', '79990.1', '0.001', { timeInForce: 'GTX' })).status).toBe('NEW');
  });

  it('MARKET orders take the outside quote too', () => {
    const { core, fills } = withQuotes(79990, 80000, 2);
    const row = core.placeOrder('b', 1, { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.001' });
    expect(row.status).toBe('FILLED');
    expect(fills[0]).toMatchObject({ makerAccount: 'outside', price: 79990 });
  });
});
