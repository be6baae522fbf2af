/**
 * The sim answers the engine with numeric views built from its integer ledger (engine-views.ts),
 * promising exactly the numbers a client parsing the Binance rows would get. Checked on one core
 * driven by a seeded stream of placements, crossings, cancels and odd marks: after every step the
 * views equal the views of the rows (src/engine/views.ts mappers), field by field.
 */
import { describe, expect, it } from 'vitest';
import { balanceViewOf, orderViewOf, positionViewOf } from '../../src/engine/views.js';
import { orderView } from '../../src/sim-exchange/engine-views.js';
import { orderRow } from '../../src/sim-exchange/order-record.js';
import { limit, makeCore, seededUniform as rnd } from './helpers.js';

const UNLIMITED = { weightPerMinute: 1e12, ordersPer10s: 1e12, ordersPerMinute: 1e12 };

describe('engine views of the sim', () => {
  it('equal the parsed Binance rows after every step of a seeded stream', () => {
    const { core, marks } = makeCore({ limits: UNLIMITED });
    const r = rnd(11);
    const accts = ['a', 'b', 'c', 'd'];
    let checkedPositions = 0;
    let checkedOrders = 0;
    for (let i = 0; i < 2000; i++) {
      const now = 1000 + i * 50;
      const acct = accts[Math.floor(r() * accts.length)]!;
      // Marks with more decimals than 8, and now and then none at all (NaN: the entry price is used).
      marks.BTCUSDT = r() < 0.02 ? Number.NaN : 80000 + (r() - 0.5) * 400 + r() * 1e-6;
      const side = r() < 0.5 ? 'BUY' : 'SELL';
      const offset = (r() - 0.4) * 200; // some orders cross the book
      const price = (80000 + (side === 'BUY' ? -offset : offset)).toFixed(1);
      const qty = (0.001 * (1 + Math.floor(r() * 20))).toFixed(3);
      try {
        const placed = core.placeOrderRecord(acct, now, limit(side, price, qty));
        expect(orderView(placed)).toEqual(orderViewOf(orderRow(placed as never, false)));
        checkedOrders++;
      } catch {
        // margin refusals are part of the stream; nothing to compare
      }
      const open = core.openOrders(acct, now, 'BTCUSDT');
      if (open.length > 3 && r() < 0.5) core.cancelOrder(acct, now, 'BTCUSDT', { orderId: open[0]!.orderId });
      for (const a of accts) {
        expect(core.balanceView(a, now)).toEqual(core.balance(a, now).map(balanceViewOf));
        const rows = core.positionRisk(a, now);
        const views = core.positionView(a, now);
        expect(views.length).toBe(rows.length);
        for (let k = 0; k < rows.length; k++) {
          const want = positionViewOf(rows[k]!);
          // notional is "0.00000000" in the row for a flat position: the view says 0 as well.
          expect(views[k]).toEqual(want);
          if (want.positionAmt !== 0) checkedPositions++;
        }
        expect(core.openOrdersView(a, now, 'BTCUSDT')).toEqual(core.openOrders(a, now, 'BTCUSDT').map(orderViewOf));
      }
    }
    // The stream must have reached the interesting states, or the test says nothing.
    expect(checkedOrders).toBeGreaterThan(500);
    expect(checkedPositions).toBeGreaterThan(1000);
  });
});
