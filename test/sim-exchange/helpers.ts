import { ExchangeError } from '../../src/engine/errors.js';
import type { NewOrderRequest, Side, SymbolRules } from '../../src/engine/types.js';
import {
  defaultSimExchangeConfig,
  SimExchangeCore,
  type Fill,
  type SimExchangeConfig,
} from '../../src/sim-exchange/exchange-core.js';

export const SYMBOLS: Record<string, SymbolRules> = {
  BTCUSDT: { symbol: 'BTCUSDT', tickSize: '0.1', stepSize: '0.001', minQty: '0.001', minNotional: '5' },
  ETHUSDT: { symbol: 'ETHUSDT', tickSize: '0.01', stepSize: '0.001', minQty: '0.002', minNotional: '20' },
};

export function makeCore(over: Partial<SimExchangeConfig> = {}, accounts: Record<string, number> = {}) {
  const marks: Record<string, number> = { BTCUSDT: 80000, ETHUSDT: 3000 };
  const fills: Fill[] = [];
  const cfg: SimExchangeConfig = { ...defaultSimExchangeConfig(SYMBOLS), walletUsdc: 10000, ...over };
  const core = new SimExchangeCore(
    cfg,
    (s) => marks[s] ?? NaN,
    (f) => fills.push(f),
  );
  for (const id of ['a', 'b', 'c', 'd']) core.addAccount(id);
  for (const [id, w] of Object.entries(accounts)) core.addAccount(id, w);
  return { core, marks, fills };
}

export function limit(side: Side, price: string, quantity: string, extra: Partial<NewOrderRequest> = {}): NewOrderRequest {
  return { symbol: 'BTCUSDT', side, type: 'LIMIT', timeInForce: 'GTC', price, quantity, ...extra };
}

/** The ExchangeError `fn` throws (fails the test when it does not throw one). */
export function errorOf(fn: () => unknown): ExchangeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ExchangeError) return e;
    throw e;
  }
  throw new Error('expected an ExchangeError, nothing was thrown');
}

/** A small seeded uniform generator in [0, 1) (mulberry32), so a failing case names a reproducible value. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
