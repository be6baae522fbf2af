import { describe, expect, it } from 'vitest';
import { ClientIndex } from '../../src/sim-exchange/client-ids.js';
import { simIdOf, type SimOrder } from '../../src/sim-exchange/order-record.js';
import { errorOf, limit, makeCore, seededUniform } from './helpers.js';

/** Only what the index reads of an order record. */
const order = (id: number, clientOrderId: string): SimOrder =>
  ({ id, clientOrderId, ownClientId: clientOrderId === `sim-${id}` }) as unknown as SimOrder;

describe('simIdOf', () => {
  it('reads exactly the venue-written form sim-N', () => {
    expect(simIdOf('sim-1')).toBe(1);
    expect(simIdOf('sim-1234567')).toBe(1234567);
    for (const k of ['sim-', 'sim-0', 'sim-01', 'sim-1a', 'Sim-1', 'x-sim-1', 'sim--1', 'sim-99999999999999999', ''])
      expect(simIdOf(k)).toBe(0);
  });
});

describe('ClientIndex', () => {
  it('answers as a Map would through rests, closes and amendments, colliding sim-N keys included', () => {
    // A seeded walk over a few orders whose keys collide on purpose (client keys sim-1..sim-6 against
    // the generated ones); the reference is the Map the venue used to keep.
    const u = seededUniform(12345);
    const rnd = (n: number): number => Math.floor(u() * n);
    const symbolOpen = new Map<number, SimOrder>();
    const idx = new ClientIndex(new Map([['BTCUSDT', symbolOpen]]));
    const ref = new Map<string, SimOrder>();
    const keys = ['sim-1', 'sim-2', 'sim-3', 'sim-4', 'sim-5', 'sim-6', 'q', 'r'];
    let nextId = 1;
    for (let step = 0; step < 20_000; step++) {
      const r = rnd(10);
      const open = [...symbolOpen.values()];
      if (r < 4 || open.length === 0) {
        const id = nextId > 6 ? 1 + rnd(6) : nextId; // reuse small ids once closed, so keys keep colliding
        if (symbolOpen.has(id)) continue;
        nextId++;
        const cid = rnd(2) === 0 ? `sim-${id}` : keys[rnd(keys.length)]!;
        expect(idx.has(cid)).toBe(ref.has(cid));
        if (cid !== `sim-${id}` && ref.has(cid)) continue; // -4116 for a client key
        const o = order(id, cid);
        symbolOpen.set(id, o);
        idx.add(o);
        ref.set(cid, o);
      } else if (r < 7) {
        const o = open[rnd(open.length)]!;
        symbolOpen.delete(o.id);
        idx.removeIfMapped(o);
        if (ref.get(o.clientOrderId) === o) ref.delete(o.clientOrderId);
      } else {
        const o = open[rnd(open.length)]!;
        symbolOpen.delete(o.id);
        idx.removeKey(o);
        ref.delete(o.clientOrderId);
        if (rnd(2) === 0) {
          symbolOpen.set(o.id, o);
          idx.add(o);
          ref.set(o.clientOrderId, o);
        }
      }
      for (const k of keys) expect(idx.get(k)).toBe(ref.get(k));
    }
  });

  it('finds orders by their generated sim-N id and refuses it as another open order key', () => {
    const { core } = makeCore();
    const o = core.placeOrder('a', 1, limit('BUY', '70000.0', '0.001'));
    expect(o.clientOrderId).toBe(`sim-${o.orderId}`);
    expect(core.getOrder('a', 2, 'BTCUSDT', { origClientOrderId: o.clientOrderId }).orderId).toBe(o.orderId);
    expect(
      errorOf(() => core.placeOrder('a', 3, { ...limit('BUY', '70000.0', '0.001'), newClientOrderId: o.clientOrderId })).code,
    ).toBe(-4116);
    expect(errorOf(() => core.cancelOrder('b', 4, 'BTCUSDT', { origClientOrderId: o.clientOrderId })).code).toBe(-2011);
    expect(core.cancelOrder('a', 5, 'BTCUSDT', { origClientOrderId: o.clientOrderId }).status).toBe('CANCELED');
    expect(errorOf(() => core.cancelOrder('a', 6, 'BTCUSDT', { origClientOrderId: o.clientOrderId })).code).toBe(-2011);
  });
});
