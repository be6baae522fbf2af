import { describe, expect, it } from 'vitest';
import { CLIENT_ORDER_ID_RE, ClientOrderIds, OrderFormatter, taskCode } from '../../src/engine/order-fields.js';
import { RULES } from './helpers.js';

describe('snapping', () => {
  const btc = new OrderFormatter(RULES.BTCUSDT!); // tick 0.10, step 0.0001
  const eth = new OrderFormatter({ symbol: 'ETHUSDT', tickSize: '0.01', stepSize: '0.001', minQty: '0.001', minNotional: '5' });

  it('BUY floors to the tick, SELL ceils (never more aggressive than the target)', () => {
    expect(btc.price(79960.06, 'BUY')).toBe('79960.0');
    expect(btc.price(79960.06, 'SELL')).toBe('79960.1');
    expect(eth.price(2998.5049, 'BUY')).toBe('2998.50');
    expect(eth.price(2998.5001, 'SELL')).toBe('2998.51');
  });

  it('a price already on the tick stays put despite float noise', () => {
    // 0.1 × 3 style noise: 79960.3 is not exactly representable
    expect(btc.price(79960.3, 'BUY')).toBe('79960.3');
    expect(btc.price(79960.3, 'SELL')).toBe('79960.3');
    expect(eth.price(0.1 + 0.2, 'SELL')).toBe('0.30');
    expect(eth.price(0.1 + 0.2, 'BUY')).toBe('0.30');
  });

  it('qty floors to the step and is formatted with the step precision', () => {
    expect(btc.qty(0.0005)).toBe('0.0005');
    expect(btc.qty(0.00059)).toBe('0.0005');
    expect(eth.qty(0.0105)).toBe('0.010');
    expect(eth.qty(0.04)).toBe('0.040');
    expect(new OrderFormatter({ ...RULES.BTCUSDT!, stepSize: '1' }).qty(2.9)).toBe('2');
  });

  it('rejects non-positive tick/step sizes at construction', () => {
    expect(() => new OrderFormatter({ ...RULES.BTCUSDT!, tickSize: '0' })).toThrow(/tickSize/);
  });
});

describe('client order ids', () => {
  it('are prefix + task code + base-36 counter, valid and unique across tasks', () => {
    const seen = new Set<string>();
    for (let a = 0; a < 40; a++) {
      for (let s = 0; s < 2; s++) {
        const ids = new ClientOrderIds('rb-sim-', taskCode(a, s));
        for (let i = 0; i < 50; i++) {
          const id = ids.next();
          expect(id).toMatch(CLIENT_ORDER_ID_RE);
          expect(seen.has(id)).toBe(false);
          seen.add(id);
        }
      }
    }
    expect(seen.size).toBe(40 * 2 * 50);
    const ids = new ClientOrderIds('rb-', taskCode(29, 1));
    expect(ids.next()).toBe('rb-t.1.1');
    for (let i = 0; i < 34; i++) ids.next();
    expect(ids.next()).toBe('rb-t.1.10'); // 36 in base 36
    expect(ids.issued).toBe(36);
  });

  it('is deterministic: the same task yields the same sequence', () => {
    const a = new ClientOrderIds('x', taskCode(3, 0));
    const b = new ClientOrderIds('x', taskCode(3, 0));
    for (let i = 0; i < 10; i++) expect(a.next()).toBe(b.next());
  });

  it('stays within 36 chars for a long counter, and rejects prefixes that could not', () => {
    const ids = new ClientOrderIds('run-20260101T0000-', taskCode(29, 1));
    const head = 'run-20260101T0000-t.1.';
    expect((head + (36 ** 8 - 1).toString(36)).length).toBeLessThanOrEqual(36);
    expect(ids.next()).toBe(`${head}1`);
    expect(() => new ClientOrderIds('a-very-long-per-run-tag-0001-', taskCode(29, 1))).toThrow(/too long/);
    expect(() => new ClientOrderIds('bad prefix!', taskCode(0, 0))).toThrow(/characters/);
  });
});
