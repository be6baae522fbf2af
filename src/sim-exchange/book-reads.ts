/**
 * Reads of the venue's books that charge nothing and change nothing (the report, the paper
 * server's depth and ticker streams, the world's drivers), as functions over the shared
 * VenueState (venue-state.ts) that the facade (exchange-core.ts) calls.
 *
 * Rules: prices and quantities are the numbers of the symbol's ticks and steps (priceOf / qtyOf);
 * an unknown symbol reads as an empty book; levels come best first, resting orders per account in
 * placement order with the accounts in creation order.
 */
import type { Side } from '../engine/types.js';
import { priceOf, qtyOf } from './filters.js';
import type { VenueState } from './venue-state.js';

/** Best bid and ask prices of a symbol (each absent on an empty side; {} for an unknown symbol). */
export function bookTop(s: VenueState, symbol: string): { bid?: number; ask?: number } {
  const book = s.books.get(symbol);
  const spec = s.specs.get(symbol);
  if (book === undefined || spec === undefined) return {};
  const bid = book.bestTicks('BUY');
  const ask = book.bestTicks('SELL');
  const r: { bid?: number; ask?: number } = {};
  if (bid !== undefined) r.bid = priceOf(spec, bid);
  if (ask !== undefined) r.ask = priceOf(spec, ask);
  return r;
}

/** Up to `maxLevels` aggregated levels per side, best first, as [price, qty] numbers. */
export function bookDepth(
  s: VenueState,
  symbol: string,
  maxLevels: number,
): { bids: [number, number][]; asks: [number, number][] } {
  const book = s.books.get(symbol);
  const spec = s.specs.get(symbol);
  const out = { bids: [] as [number, number][], asks: [] as [number, number][] };
  if (book === undefined || spec === undefined) return out;
  for (const side of ['BUY', 'SELL'] as const) {
    const dst = side === 'BUY' ? out.bids : out.asks;
    const n = Math.min(maxLevels, book.levelCount(side));
    for (let k = 0; k < n; k++) {
      dst.push([priceOf(spec, book.level(side, k)!.priceTicks), qtyOf(spec, book.levelSteps(side, k))]);
    }
  }
  return out;
}

/** Every resting order of a symbol as (account, side, price, id), accounts in creation order (for the report). */
export function forEachResting(
  s: VenueState,
  symbol: string,
  fn: (acct: string, side: Side, price: number, id: number) => void,
): void {
  const spec = s.specs.get(symbol);
  if (spec === undefined) return;
  for (const a of s.accounts.values()) {
    const open = a.open.get(symbol);
    if (open !== undefined) for (const o of open.values()) fn(a.id, o.side, priceOf(spec, o.priceTicks), o.id);
  }
}
