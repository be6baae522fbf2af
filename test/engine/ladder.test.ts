import { describe, expect, it } from 'vitest';
import { LadderMakerLoop, equityOf } from '../../src/engine/ladder.js';
import type { Side } from '../../src/engine/types.js';
import { harness, type Harness } from './helpers.js';

function ladder(side: Side, offsetBps: number, h: Harness = harness()) {
  return { h, loop: new LadderMakerLoop(h.deps, { side, offsetBps }) };
}

describe('LadderMakerLoop', () => {
  it('places one order on its side at mid ∓ offset, after balance → positionRisk → openOrders', async () => {
    const { h, loop } = ladder('BUY', 5);
    expect(await loop.iterateOnce()).toBe(true);
    expect(h.ex.methods()).toEqual(['balance', 'positionRisk', 'openOrders', 'placeOrder']);
    expect(h.ex.calls[1]!.args).toEqual(['BTCUSDT']);
    const [o] = h.ex.placed();
    // 80000 × (1 − 5e-4) = 79960
    expect(o).toMatchObject({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      price: '79960.0',
      quantity: '0.0005',
      timeInForce: 'GTC',
    });
    expect(h.sink.of('order_placed')).toHaveLength(1);

    const sell = ladder('SELL', 12);
    await sell.loop.iterateOnce();
    expect(sell.h.ex.placed()[0]).toMatchObject({ side: 'SELL', price: '80096.0' });
  });

  it('gate: at cap it skips, cancels its own-side order, and leaves the other side alone', async () => {
    const { h, loop } = ladder('BUY', 5);
    // long 0.0018 BTC at 80000 = 144 USDC; +0.0005 → 184 > 150
    h.ex.setPosition('BTCUSDT', 0.0018, 80_000);
    const own = h.ex.addOrder('BTCUSDT', 'BUY', '79960.0');
    const other = h.ex.addOrder('BTCUSDT', 'SELL', '80040.0');
    expect(await loop.iterateOnce()).toBe(true);
    expect(h.ex.methods()).toEqual(['balance', 'positionRisk', 'openOrders', 'cancelOrder']);
    expect(h.ex.cancelled()).toEqual([own.orderId]);
    expect(h.ex.orders.map((o) => o.orderId)).toEqual([other.orderId]);
    expect(h.ex.placed()).toHaveLength(0);
    const skip = h.sink.of('gate_skip');
    expect(skip).toHaveLength(1);
    expect(skip[0]!.side).toBe('BUY');
    expect(skip[0]!.wouldBeNotional).toBeCloseTo(184, 6);
    expect(h.sink.of('gate_cancel')).toMatchObject([{ side: 'BUY', orderId: own.orderId }]);
    expect(h.sink.of('order_cancelled')).toMatchObject([{ orderId: own.orderId, reason: 'gate' }]);

    // The opposite-side ladder with the same position reduces it, so it quotes.
    const sell = ladder('SELL', 5);
    sell.h.ex.setPosition('BTCUSDT', 0.0018, 80_000);
    await sell.loop.iterateOnce();
    expect(sell.h.ex.placed()).toHaveLength(1);
    expect(sell.h.sink.of('gate_skip')).toHaveLength(0);
  });

  it('gate uses the would-be position: just under the cap still quotes', async () => {
    const { h, loop } = ladder('SELL', 5);
    // short 0.0013 → −0.0018 × 80000 = 144 ≤ 150
    h.ex.setPosition('BTCUSDT', -0.0013, 80_000);
    await loop.iterateOnce();
    expect(h.ex.placed()).toHaveLength(1);
    // short 0.0014 → −0.0019 × 80000 = 152 > 150
    const b = ladder('SELL', 5);
    b.h.ex.setPosition('BTCUSDT', -0.0014, 80_000);
    await b.loop.iterateOnce();
    expect(b.h.ex.placed()).toHaveLength(0);
    expect(b.h.sink.of('gate_skip')).toHaveLength(1);
  });

  it('gate uses markPrice, falling back to mid when mark is 0', async () => {
    const { h, loop } = ladder('BUY', 5);
    h.ex.setPosition('BTCUSDT', 0.0014, 0); // mark "0" → mid 80000: (0.0019)×80000 = 152
    await loop.iterateOnce();
    expect(h.sink.of('gate_skip')).toHaveLength(1);
    const b = ladder('BUY', 5);
    b.h.ex.setPosition('BTCUSDT', 0.0014, 70_000); // 0.0019 × 70000 = 133
    await b.loop.iterateOnce();
    expect(b.h.sink.of('gate_skip')).toHaveLength(0);
  });

  it('gate off (position_gate=false) quotes regardless of position', async () => {
    const h = harness();
    h.config.risk.position_gate = false;
    const { loop } = ladder('BUY', 5, h);
    h.ex.setPosition('BTCUSDT', 1, 80_000);
    await loop.iterateOnce();
    expect(h.ex.placed()).toHaveLength(1);
  });

  it('drift ≤ 2 bps leaves the order in place', async () => {
    const { h, loop } = ladder('BUY', 5);
    // target 79960; 2 bps of it = 15.992 → 79975.9 is 15.9 away (1.99 bps)
    const live = h.ex.addOrder('BTCUSDT', 'BUY', '79975.9');
    h.ex.addOrder('BTCUSDT', 'SELL', '90000.0'); // other side is ignored
    await loop.iterateOnce();
    expect(h.ex.methods()).toEqual(['balance', 'positionRisk', 'openOrders']);
    expect(h.ex.orders[0]!.orderId).toBe(live.orderId);
    expect(h.sink.of('order_placed')).toHaveLength(0);
  });

  it('drift > 2 bps cancels and re-places at the target', async () => {
    const { h, loop } = ladder('BUY', 5);
    const live = h.ex.addOrder('BTCUSDT', 'BUY', '79976.1'); // 16.1 away = 2.01 bps
    await loop.iterateOnce();
    expect(h.ex.methods()).toEqual(['balance', 'positionRisk', 'openOrders', 'cancelOrder', 'placeOrder']);
    expect(h.ex.cancelled()).toEqual([live.orderId]);
    expect(h.ex.placed()[0]!.price).toBe('79960.0');
    expect(h.sink.of('order_cancelled')).toMatchObject([{ orderId: live.orderId, reason: 'drift' }]);
  });

  it('mid moving more than 2 bps makes the next iteration re-quote', async () => {
    const { h, loop } = ladder('SELL', 8);
    await loop.iterateOnce();
    await loop.iterateOnce();
    expect(h.ex.placed()).toHaveLength(1);
    h.feed.set('BTCUSDT', 80_020); // 2.5 bps move
    await loop.iterateOnce();
    expect(h.ex.placed()).toHaveLength(2);
    expect(h.ex.orders).toHaveLength(1);
  });

  it('extra own-side orders are cancelled, keeping the first', async () => {
    const { h, loop } = ladder('BUY', 5);
    const first = h.ex.addOrder('BTCUSDT', 'BUY', '79960.0');
    const dup = h.ex.addOrder('BTCUSDT', 'BUY', '79961.0');
    await loop.iterateOnce();
    expect(h.ex.cancelled()).toEqual([dup.orderId]);
    expect(h.ex.orders.map((o) => o.orderId)).toEqual([first.orderId]);
    expect(h.sink.of('order_cancelled')).toMatchObject([{ orderId: dup.orderId, reason: 'drift', detail: 'duplicate' }]);
  });

  it('feeds balance + unrealised PnL to the breaker and stops when a drawdown opens it', async () => {
    const { h, loop } = ladder('BUY', 5);
    h.ex.wallet = 1000;
    h.ex.unPnl = 50;
    await loop.iterateOnce();
    expect(h.breaker.equity).toBe(1050);
    h.ex.wallet = 800;
    h.ex.unPnl = 0; // 800 < 1050 × 0.8 = 840
    h.feed.set('BTCUSDT', 81_000); // would otherwise re-quote
    h.ex.calls.length = 0;
    await loop.iterateOnce();
    expect(h.breaker.state).toBe('open');
    expect(h.ex.methods()).toEqual(['balance', 'positionRisk']);
  });

  it('equityOf prefers USDC, falls back to USDT, else undefined', () => {
    const row = (asset: string, balance: number, crossUnPnl: number) => ({ asset, balance, crossUnPnl });
    expect(equityOf([row('BNB', 5, 0), row('USDT', 10, -1), row('USDC', 100, 2.5)])).toBe(102.5);
    expect(equityOf([row('USDT', 10, -1)])).toBe(9);
    expect(equityOf([row('BNB', 5, 0)])).toBeUndefined();
  });
});
