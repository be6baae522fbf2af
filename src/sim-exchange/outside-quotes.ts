/**
 * Outside quotes: liquidity that is not in the venue's book but that a crossing order can fill
 * against, offered to the exchange core while it matches (the venue boundary of the outside
 * liquidity models; src/world/tape-quotes.ts gives the Binance best bid/ask from the tape).
 *
 * Rules of the interface:
 * - `best(symbol, side, now)`: the one outside quote on `side` ('SELL' = an ask a buyer can take,
 *   'BUY' = a bid a seller can hit) at `now`, as an integer tick price and an integer step size
 *   (> 0), or undefined when there is none.
 * - `take(symbol, side, steps, now)`: a fill took `steps` of that quote; the next `best` shows
 *   what is left (until the provider renews it).
 * - The quotes belong to one venue account (`account`, funded by the world), which takes the
 *   other side of every such fill in its own ledger, so the net position over all the venue's
 *   accounts stays zero and the fills reach the stats like any other (as external fills).
 *
 * How the core uses it (matching.ts): interleaved by price with the book. At each step of
 * matching the incoming order takes the better of the book's best order and the outside quote
 * (a strictly better outside price goes first; at an equal price the book's orders go first, as
 * they were there before the quote was renewed). Price priority is the venue's rule, and the
 * outside quotes stand in for traders quoting on the same venue, so they get no special place.
 * FOK feasibility and the post-only (GTX) check count the outside quote too. The outside quotes
 * never send orders themselves (they do not take the fleet's quotes; `external_flow` does that).
 */
import type { Side } from '../engine/types.js';

export interface OutsideQuote {
  priceTicks: number;
  steps: number;
}

export interface OutsideQuotes {
  readonly account: string;
  best(symbol: string, side: Side, now: number): OutsideQuote | undefined;
  take(symbol: string, side: Side, steps: number, now: number): void;
}
