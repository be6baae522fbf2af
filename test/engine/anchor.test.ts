import { describe, expect, it } from 'vitest';
import { AnchorMakerLoop } from '../../src/engine/anchor.js';
import { harness } from './helpers.js';

function anchor() {
  const h = harness({ qty: 0.0003 });
  return { h, loop: new AnchorMakerLoop(h.deps) };
}

describe('AnchorMakerLoop', () => {
  it('quotes both sides at mid ± 1 bps: positionRisk → openOrders → BUY → SELL', async () => {
    const { h, loop } = anchor();
    expect(await loop.iterateOnce()).toBe(true);
    expect(h.ex.methods()).toEqual(['positionRisk', 'openOrders', 'placeOrder', 'placeOrder']);
    const [bid, ask] = h.ex.placed();
    // 80000 × (1 ∓ 1e-4) = 79992 / 80008
    expect(bid).toMatchObject({ side: 'BUY', price: '79992.0', quantity: '0.0003' });
    expect(ask).toMatchObject({ side: 'SELL', price: '80008.0', quantity: '0.0003' });
    // second iteration: both in place, nothing to do
    h.ex.calls.length = 0;
    await loop.iterateOnce();
    expect(h.ex.methods()).toEqual(['positionRisk', 'openOrders']);
  });

  it('per-side gate: a long at cap cancels and skips the BUY side while the SELL side still quotes', async () => {
    const { h, loop } = anchor();
    const bid = h.ex.addOrder('BTCUSDT', 'BUY', '79992.0');
    // 0.0017 × 80000 = 136; BUY would make 0.0020 → 160 > 150; SELL → 0.0014 → 112
    h.ex.setPosition('BTCUSDT', 0.0017, 80_000);
    await loop.iterateOnce();
    expect(h.ex.methods()).toEqual(['positionRisk', 'openOrders', 'cancelOrder', 'placeOrder']);
    expect(h.ex.cancelled()).toEqual([bid.orderId]);
    expect(h.ex.placed()).toMatchObject([{ side: 'SELL', price: '80008.0' }]);
    expect(h.sink.of('gate_skip')).toMatchObject([{ side: 'BUY' }]);
    expect(h.sink.of('gate_cancel')).toMatchObject([{ side: 'BUY', orderId: bid.orderId }]);
    expect(h.sink.of('order_cancelled')).toMatchObject([{ reason: 'gate' }]);
  });

  it('per-side gate: a short at cap skips only the SELL side (no live order, nothing to cancel)', async () => {
    const { h, loop } = anchor();
    h.ex.setPosition('BTCUSDT', -0.0017, 80_000);
    await loop.iterateOnce();
    expect(h.ex.placed()).toMatchObject([{ side: 'BUY' }]);
    expect(h.ex.cancelled()).toEqual([]);
    expect(h.sink.of('gate_skip')).toMatchObject([{ side: 'SELL' }]);
  });

  it('1 bps drift: within stays, beyond is cancelled and replaced', async () => {
    const { h, loop } = anchor();
    // bid target 79992: 1 bps = 7.9992 → 79999.9 is 7.9 away (stays); ask target 80008: 80016.1 is 8.1 away (re-quote)
    h.ex.addOrder('BTCUSDT', 'BUY', '79999.9', 1);
    h.ex.addOrder('BTCUSDT', 'SELL', '80016.1', 2);
    await loop.iterateOnce();
    expect(h.ex.methods()).toEqual(['positionRisk', 'openOrders', 'cancelOrder', 'placeOrder']);
    expect(h.ex.cancelled()).toEqual([2]);
    expect(h.ex.placed()).toMatchObject([{ side: 'SELL', price: '80008.0' }]);
    expect(h.sink.of('order_cancelled')).toMatchObject([{ orderId: 2, reason: 'drift' }]);
  });

  it('a 1.5 bps move re-quotes the anchor (a ladder with 2 bps drift would not)', async () => {
    const { h, loop } = anchor();
    await loop.iterateOnce();
    h.feed.set('BTCUSDT', 80_012); // 1.5 bps
    await loop.iterateOnce();
    expect(h.ex.placed()).toHaveLength(4);
    expect(h.ex.cancelled()).toHaveLength(2);
  });
});
