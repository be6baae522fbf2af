import { describe, expect, it } from 'vitest';
import { TakerLoop } from '../../src/engine/taker.js';
import { SeededRng } from '../../src/engine/rng.js';
import { harness, ScriptedRng } from './helpers.js';

describe('TakerLoop', () => {
  it('above the cap it forces the reducing side (long → SELL, short → BUY) without drawing randomness', async () => {
    const rng = new ScriptedRng([0.1]); // would say BUY
    const h = harness({ rng });
    const loop = new TakerLoop(h.deps);
    h.ex.setPosition('BTCUSDT', 0.002, 80_000); // 160 > 150
    await loop.iterateOnce();
    expect(h.ex.placed()).toMatchObject([
      { side: 'SELL', price: '79600.0', quantity: '0.0005', timeInForce: 'GTC', type: 'LIMIT' },
    ]);
    const fr = h.sink.of('taker_force_reduce');
    expect(fr).toHaveLength(1);
    expect(fr[0]!.side).toBe('SELL');
    expect(fr[0]!.notional).toBeCloseTo(160, 6);

    const s = harness({ rng: new ScriptedRng([0.9]) }); // would say SELL
    const short = new TakerLoop(s.deps);
    s.ex.setPosition('BTCUSDT', -0.002, 80_000);
    await short.iterateOnce();
    expect(s.ex.placed()).toMatchObject([{ side: 'BUY', price: '80400.0' }]);
  });

  it('at or under the cap it does not force', async () => {
    const h = harness({ rng: new ScriptedRng([0.9]) });
    const loop = new TakerLoop(h.deps);
    h.ex.setPosition('BTCUSDT', 0.0018, 80_000); // 144
    await loop.iterateOnce();
    expect(h.sink.of('taker_force_reduce')).toHaveLength(0);
    expect(h.ex.placed()[0]!.side).toBe('SELL'); // the coin (0.9 ≥ 0.5)
  });

  it('cancels every open order on the symbol before placing', async () => {
    const h = harness();
    const loop = new TakerLoop(h.deps);
    const a = h.ex.addOrder('BTCUSDT', 'BUY', '80400.0');
    const b = h.ex.addOrder('BTCUSDT', 'SELL', '79600.0');
    h.ex.addOrder('ETHUSDT', 'SELL', '3000.00'); // other symbol untouched
    await loop.iterateOnce();
    expect(h.ex.methods()).toEqual(['positionRisk', 'openOrders', 'cancelOrder', 'cancelOrder', 'placeOrder']);
    expect(h.ex.cancelled()).toEqual([a.orderId, b.orderId]);
    expect(h.sink.of('order_cancelled').map((e) => e.reason)).toEqual(['taker_previous', 'taker_previous']);
    expect(h.ex.orders.filter((o) => o.symbol === 'BTCUSDT')).toHaveLength(1);
    expect(h.ex.orders.filter((o) => o.symbol === 'ETHUSDT')).toHaveLength(1);
  });

  it('under the cap the side is random: both occur, roughly evenly, from its own stream', async () => {
    const h = harness({ rng: new SeededRng('taker-side').split('taker[mm-taker-1,BTC-PERP]') });
    const loop = new TakerLoop(h.deps);
    const counts = { BUY: 0, SELL: 0 };
    for (let i = 0; i < 400; i++) {
      await loop.iterateOnce();
      counts[loop.lastSide!]++;
    }
    expect(counts.BUY).toBeGreaterThan(140);
    expect(counts.SELL).toBeGreaterThan(140);
    expect(h.sink.of('taker_force_reduce')).toHaveLength(0);
  });

  it('prices cross mid by aggression_bps and snap passively (BUY floor, SELL ceil)', async () => {
    const h = harness({ rng: new ScriptedRng([0.1, 0.9]) });
    h.feed.set('BTCUSDT', 80_000.03);
    const loop = new TakerLoop(h.deps);
    await loop.iterateOnce(); // BUY: 80000.03 × 1.005 = 80400.03015 → floor 80400.0
    await loop.iterateOnce(); // SELL: 80000.03 × 0.995 = 79600.02985 → ceil 79600.1
    expect(h.ex.placed().map((o) => `${o.side} ${o.price}`)).toEqual(['BUY 80400.0', 'SELL 79600.1']);
  });
});
