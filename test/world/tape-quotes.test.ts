/** The tape-quotes model: the tape's best bid/ask (moved by offset_bps, snapped outwards) sized by its qty, renewed every tick. */
import { describe, expect, it } from 'vitest';
import type { Tick, TickSource } from '../../src/market-data/tick-source.js';
import { TapeCursor } from '../../src/sim/tape-cursor.js';
import { TapeQuotes } from '../../src/world/tape-quotes.js';

function cursorOf(ticks: Tick[]): TapeCursor {
  let i = 0;
  const src: TickSource = { peek: () => ticks[i], next: () => ticks[i++], close: () => {} };
  return new TapeCursor('BTCUSDT', src);
}
const rules = { BTCUSDT: { symbol: 'BTCUSDT', tickSize: '0.1', stepSize: '0.001', minQty: '0.001', minNotional: '5' } };

describe('TapeQuotes', () => {
  it('quotes the tape at its qty, takes from it, renews on the next tick, nothing before the first', () => {
    const c = cursorOf([
      { t: 100, bid: 64000.1, ask: 64000.2, bidQty: 0.0025, askQty: 1.5 },
      { t: 200, bid: 64001.0, ask: 64001.1, bidQty: 2, askQty: 3 },
    ]);
    const q = new TapeQuotes(new Map([['BTCUSDT', c]]), rules, { offset_bps: 0 });
    expect(q.best('BTCUSDT', 'SELL', 50)).toBeUndefined();
    expect(q.best('BTCUSDT', 'SELL', 100)).toEqual({ priceTicks: 640002, steps: 1500 });
    expect(q.best('BTCUSDT', 'BUY', 150)).toEqual({ priceTicks: 640001, steps: 2 }); // 0.0025 floors to 2 steps
    q.take('BTCUSDT', 'BUY', 2);
    expect(q.best('BTCUSDT', 'BUY', 150)).toBeUndefined(); // used up until the next tick
    expect(q.best('BTCUSDT', 'BUY', 200)).toEqual({ priceTicks: 640010, steps: 2000 });
    expect(q.best('ETHUSDT', 'BUY', 200)).toBeUndefined();
  });

  it('an offset moves both sides outwards and snaps away from the mid; a fixed qty replaces the tape’s', () => {
    const c = cursorOf([{ t: 0, bid: 64000.0, ask: 64000.1, bidQty: 9, askQty: 9 }]);
    const q = new TapeQuotes(new Map([['BTCUSDT', c]]), rules, { offset_bps: 10, qty: { BTCUSDT: 0.004 } });
    // 64000.0 × 0.999 = 63936.0 exactly; 64000.1 × 1.001 = 64064.1001 → up to 64064.2
    expect(q.best('BTCUSDT', 'BUY', 0)).toEqual({ priceTicks: 639360, steps: 4 });
    expect(q.best('BTCUSDT', 'SELL', 0)).toEqual({ priceTicks: 640642, steps: 4 });
  });
});
