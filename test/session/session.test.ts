import { describe, expect, it } from 'vitest';
import { ExchangeError } from '../../src/engine/errors.js';
import type { Clock, Exchange } from '../../src/engine/ports.js';
import type { ExchangeInfo } from '../../src/engine/types.js';
import type { OrderView } from '../../src/engine/views.js';
import { guardPlacements } from '../../src/session/placement-guard.js';
import { Session } from '../../src/session/session.js';
import { CollectingLog } from '../../src/session/session-log.js';
import { StopFlag } from '../../src/session/stop-flag.js';

const clock: Clock = { now: () => 0, sleep: () => Promise.resolve() };
const BTC = { symbol: 'BTCUSDT', tickSize: '0.1', stepSize: '0.001', minQty: '0.001', minNotional: '5' };

/** An Exchange that answers from fixed data and records every call. */
function stub(info: ExchangeInfo, open: OrderView[] = []): Exchange & { calls: string[] } {
  const calls: string[] = [];
  const call = <T>(name: string, v: T): Promise<T> => {
    calls.push(name);
    return Promise.resolve(v);
  };
  return {
    calls,
    exchangeInfo: () => call('exchangeInfo', info),
    balance: () => call('balance', []),
    positionRisk: () => call('positionRisk', []),
    openOrders: () => call('openOrders', open),
    placeOrder: () => call('placeOrder', {} as OrderView),
    cancelOrder: () => call('cancelOrder', {} as OrderView),
    cancelAll: () => {
      open = [];
      return call('cancelAll', undefined);
    },
    setLeverage: () => call('setLeverage', undefined),
  };
}

describe('session start-up', () => {
  it('takes the rules from exchangeInfo, sets leverage on every account and symbol, reconciles', async () => {
    const a = stub({ serverTime: 0, symbols: [BTC] }, [{ orderId: 1 } as OrderView]);
    const b = stub({ serverTime: 0, symbols: [BTC] });
    const log = new CollectingLog();
    const s = new Session({
      clock,
      exchanges: new Map([
        ['a', a],
        ['b', b],
      ]),
      symbols: ['BTCUSDT'],
      leverage: 5,
      reconcile: 'cancel',
      strictReconcile: true,
      log,
    });
    const r = await s.start();
    expect(r.rules).toEqual({ BTCUSDT: BTC });
    expect(a.calls).toEqual(['exchangeInfo', 'setLeverage', 'openOrders', 'cancelAll', 'openOrders']);
    expect(b.calls).toEqual(['setLeverage', 'openOrders']);
    expect(log.lines.map((l) => l.type)).toEqual(['exchange_info', 'leverage_set', 'reconcile_cancel', 'reconcile_done']);
    expect(r.reconcile.cancelled).toBe(1);
  });

  it('fails when the venue does not list a symbol the fleet trades', async () => {
    const s = new Session({
      clock,
      exchanges: new Map([['a', stub({ serverTime: 0, symbols: [BTC] })]]),
      symbols: ['BTCUSDT', 'ETHUSDT'],
      leverage: 5,
      reconcile: 'cancel',
      strictReconcile: true,
      log: new CollectingLog(),
    });
    await expect(s.start()).rejects.toThrow('exchangeInfo has no symbol ETHUSDT');
  });
});

describe('placement guard', () => {
  it('refuses placements once the stop flag is up, without calling the venue; cancels still go through', async () => {
    const inner = stub({ serverTime: 0, symbols: [BTC] });
    const stop = new StopFlag();
    const ex = guardPlacements(inner, stop);
    const order = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: '1' } as const;
    await ex.placeOrder(order);
    stop.stop();
    const err = await ex.placeOrder(order).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExchangeError);
    expect((err as ExchangeError).unknownOutcome).toBe(false);
    await ex.cancelAll('BTCUSDT');
    expect(inner.calls).toEqual(['placeOrder', 'cancelAll']);
  });
});
