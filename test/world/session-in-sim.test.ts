/**
 * The sim runs the session lifecycle `live` runs (src/session) against the simulated venue:
 * start-up reconciles what a previous run left, the graceful stop cancels what the fleet left, and
 * a start-up the venue refuses fails the run with a one-line error naming the scenario.
 */
import { describe, expect, it } from 'vitest';
import type { World } from '../../src/world/build-world.js';
import { runScenario } from '../../src/world/run-sim.js';
import { scenarioFrom, SMALL_MARKET } from '../sim/helpers.js';

const yaml = (extra = ''): string => `name: sess\nseed: 3\nduration: 5m\n${SMALL_MARKET}${extra}`;

describe('the session lifecycle in the sim', () => {
  it('start-up cancels orders a previous run left; the stop cancels what the fleet left, and none stays open', async () => {
    let world!: World;
    const placed = new Map<string, { account: string; symbol: string; orderId: number }>();
    const { report, session } = await runScenario(scenarioFrom(yaml()), {
      beforeStart: (w) => {
        world = w;
        // A "previous run" left two resting orders far from the market on one account.
        for (const price of ['30000.0', '30001.0']) {
          w.core.placeOrder('mm-l1-buy-05bps', w.clock.now(), {
            symbol: 'BTCUSDT',
            side: 'BUY',
            type: 'LIMIT',
            timeInForce: 'GTC',
            quantity: '0.0005',
            price,
            newClientOrderId: `old-${price}`,
          });
        }
      },
      onEvent: (e) => {
        if (e.type === 'order_placed')
          placed.set(`${e.account}/${e.symbol}`, { account: e.account, symbol: e.symbol, orderId: e.orderId });
      },
    });
    const rec = session.start.reconcile;
    expect([rec.found, rec.cancelled, rec.errors]).toEqual([2, 2, []]);
    expect(session.log.of('reconcile_cancel')).toHaveLength(1);
    expect(session.start.rules.BTCUSDT?.tickSize).toBe('0.1');
    expect(report.funnel['BTC-PERP']!.L1.fills).toBeGreaterThan(0);

    // The stop: loops drained, every account and symbol cancelled and read back empty.
    expect(session.stop).toMatchObject({ drained: true, stillOpen: [], errors: [] });
    expect(session.stop.cancelCalls).toBe(60);
    expect(session.log.of('shutdown_orders_cancelled')).toHaveLength(1);
    let open = 0;
    for (const a of world.accounts) for (const s of world.symbols) open += world.core.openOrderCount(a.id, s);
    expect(open).toBe(0);
    // Orders were resting at the end (the anchor quotes both sides all the time) and the stop
    // cancelled them: the anchor's last BTC placement is CANCELED after the end.
    const last = placed.get('mm-anchor/BTCUSDT')!;
    const end = world.scenario.startMs + world.scenario.durationMs;
    const row = world.core.getOrder(last.account, end + 3_600_000, last.symbol, { orderId: last.orderId });
    expect(row.status).toBe('CANCELED');
    expect(row.updateTime).toBeGreaterThan(end);
  });

  it('a leverage the venue would refuse is refused when the scenario loads, before start-up', () => {
    // The schema holds the venue's rule (whole numbers 1..125), so this never reaches the session.
    expect(() => scenarioFrom(yaml('strategy: { risk: { leverage: 2.5 } }\n'))).toThrow(
      /strategy\.risk\.leverage \(line \d+\): expected a whole number/,
    );
  });
});
