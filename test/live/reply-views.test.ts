/**
 * The live client turns Rocky's JSON replies into the engine's numeric views once, at its edge:
 * decimal strings become the numbers Number() gives, and a reply of the wrong shape is an
 * ExchangeError (one failed API call for the loop), never a TypeError inside a strategy. A
 * placement answered with something that is not an order object has an unknown outcome, so the
 * client looks the order up by its clientOrderId instead of trusting or repeating it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExchangeError } from '../../src/engine/errors.js';
import { RealClock } from '../../src/io/real-clock.js';
import { RockyClient } from '../../src/live/rocky-client.js';
import { RockyHost } from '../../src/live/rocky-transport.js';
import { StopFlag } from '../../src/session/stop-flag.js';
import { MockRocky } from './helpers.js';

describe('reply views (loopback server)', () => {
  let mock: MockRocky;
  let host: RockyHost;
  beforeEach(async () => {
    mock = await new MockRocky().start();
    host = new RockyHost(mock.url, new RealClock(), new StopFlag(), { timeoutMs: 5000 });
  });
  afterEach(async () => {
    await host.close();
    await mock.stop();
  });

  it('parses balance and position strings into numbers, a missing mark to 0', async () => {
    const a = mock.addAccount('mm-anchor');
    const c = new RockyClient(host, a.id, a.key, a.secret);
    mock.handler = (r) => {
      if (r.path === '/fapi/v2/balance')
        return { status: 200, body: [{ asset: 'USDT', balance: '1234.56780000', crossUnPnl: '-0.5' }] };
      if (r.path === '/fapi/v2/positionRisk')
        return { status: 200, body: [{ symbol: 'BTCUSDT', positionAmt: '-0.003', markPrice: '', notional: '-192.3' }] };
      return undefined;
    };
    expect(await c.balance()).toEqual([{ asset: 'USDT', balance: 1234.5678, crossUnPnl: -0.5 }]);
    expect(await c.positionRisk('BTCUSDT')).toEqual([{ symbol: 'BTCUSDT', positionAmt: -0.003, markPrice: 0, notional: -192.3 }]);
  });

  it('a list reply that is not an array of objects is an ExchangeError naming the endpoint', async () => {
    const a = mock.addAccount('mm-anchor');
    const c = new RockyClient(host, a.id, a.key, a.secret);
    mock.handler = (r) => (r.path === '/fapi/v1/openOrders' ? { status: 200, body: { orders: [] } } : undefined);
    const e = (await c.openOrders('BTCUSDT').catch((x) => x)) as ExchangeError;
    expect(e).toBeInstanceOf(ExchangeError);
    expect(e.message).toContain('malformed openOrders reply');
    expect(e.unknownOutcome).toBe(false);
  });

  it('a placement answered without an order object is looked up by clientOrderId, not sent again', async () => {
    const a = mock.addAccount('mm-l1-buy-05bps');
    const c = new RockyClient(host, a.id, a.key, a.secret, { lookupDelayMs: 0 });
    mock.handler = (r) => {
      if (r.method === 'POST' && r.path === '/fapi/v1/order') {
        mock.placeFrom(r, r.account!, r.query.get('symbol')!);
        return { status: 200, body: { ok: true } };
      }
      return undefined;
    };
    const order = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.002',
      price: '64000.1',
      timeInForce: 'GTC',
    } as const;
    const v = await c.placeOrder({ ...order, newClientOrderId: 'run1-x-1' });
    expect(v.clientOrderId).toBe('run1-x-1');
    expect(v.price).toBe(64000.1);
    expect(v.origQty).toBe(0.002);
    expect(mock.count('POST', '/fapi/v1/order')).toBe(1);
    expect(mock.count('GET', '/fapi/v1/order')).toBe(1);
  });
});
