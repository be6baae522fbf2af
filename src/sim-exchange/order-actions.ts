/**
 * The order requests that act on resting orders: cancel one, cancel all of a symbol, and amend
 * (PUT /fapi/v1/order), as functions over the shared VenueState (venue-state.ts) that the facade
 * (exchange-core.ts) calls.
 *
 * Rules:
 * - Each first checks the account and charges its rate limits (an amendment is charged as a
 *   placement, one order counted), then the symbol (-1102 missing, -1121 unknown), then the order
 *   (-2011 for a cancel, -2013 for an amendment, when the account has no such open order).
 * - A cancelled order leaves the book and the account's open set through VenueState.close; one
 *   book event follows per request that changed the book.
 * - An amendment is checked in full before anything changes, so a refused one leaves the order as
 *   it was; an accepted one is re-matched and settled as a placement would be (placement.ts).
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { OrderRef, Side } from '../engine/types.js';
import { validateOrder } from './filters.js';
import { match, outsideWithin } from './matching.js';
import type { SimOrder } from './order-record.js';
import { gtxReject, settle } from './placement.js';
import { WEIGHT } from './rate-limits.js';
import type { CancelAllReply } from './shapes.js';
import { findOpen, openIn, type VenueState } from './venue-state.js';

const CANCEL_ALL_REPLY: CancelAllReply = { code: 200, msg: 'The operation of cancel all open order is done.' };

/**
 * The -2011 answer, one frozen instance: a cancel that races a fill (the commonest refusal of a
 * busy book) answers it, and building an Error each time was 7 % of the core's place/cancel bench.
 * Frozen, so no holder can change what the next one is told.
 */
const UNKNOWN_ORDER = Object.freeze(new ExchangeError(ErrorCode.CANCEL_REJECTED, 'Unknown order sent.'));

/** DELETE order: the cancelled order's record. */
export function cancelOne(s: VenueState, acct: string, now: number, symbol: string, ref: OrderRef): SimOrder {
  const a = s.charge(acct, now, WEIGHT.cancelOrder, 0);
  const m = openIn(a, symbol);
  const o = findOpen(a, m, ref);
  if (o === undefined) throw UNKNOWN_ORDER;
  s.books.get(symbol)!.remove(o);
  s.close(a, o, 'CANCELED', now);
  s.listener?.book(symbol, now);
  return o;
}

/** DELETE allOpenOrders for one symbol. */
export function cancelAll(s: VenueState, acct: string, now: number, symbol: string): CancelAllReply {
  const a = s.charge(acct, now, WEIGHT.cancelAll, 0);
  const m = openIn(a, symbol);
  const book = s.books.get(symbol)!;
  const had = m.size > 0;
  for (const o of m.values()) {
    book.remove(o);
    s.close(a, o, 'CANCELED', now);
  }
  if (had) s.listener?.book(symbol, now);
  return CANCEL_ALL_REPLY;
}

/**
 * PUT /fapi/v1/order: a resting LIMIT order's new price and total quantity (Binance's modify).
 * The side must be the order's (-1130); the new quantity must exceed what is filled (-1130);
 * filters as for a new order; a GTX order that would cross is refused (-5022) and stays as it was;
 * margin as for a new order (-2010, the order unchanged). The amended order keeps its id and goes
 * to the back of its new level; a crossing GTC price matches at once, as a placement would.
 */
export function amend(
  s: VenueState,
  acct: string,
  now: number,
  symbol: string,
  ref: OrderRef,
  side: Side,
  quantity: string,
  price: string,
): SimOrder {
  const a = s.charge(acct, now, WEIGHT.placeOrder, 1);
  const m = openIn(a, symbol);
  const o = findOpen(a, m, ref);
  if (o === undefined) throw new ExchangeError(ErrorCode.NO_SUCH_ORDER, 'Order does not exist.');
  if (side !== o.side) throw new ExchangeError(ErrorCode.INVALID_PARAMETER, "Data sent for parameter 'side' is not valid.");
  const v = validateOrder(
    s.specs,
    { symbol, side, type: 'LIMIT', timeInForce: o.tif, quantity, price, reduceOnly: o.reduceOnly },
    s.mark,
  );
  if (v.qtySteps <= o.filledSteps)
    throw new ExchangeError(
      ErrorCode.INVALID_PARAMETER,
      "Data sent for parameter 'quantity' is not valid: at most the executed quantity.",
    );
  const book = s.books.get(symbol)!;
  if (o.tif === 'GTX' && (book.crosses(side, v.priceTicks) || outsideWithin(s, symbol, side, v.priceTicks, now)))
    throw gtxReject();
  a.ledger.removeOpen(o.pos, o.side, o.priceTicks, o.openSteps);
  const extra = a.ledger.extraOpenIM(o.pos, side, v.priceTicks, v.qtySteps - o.filledSteps);
  if (extra > 1e-12 && extra > a.ledger.availableBalance() + 1e-9) {
    a.ledger.addOpen(o.pos, o.side, o.priceTicks, o.openSteps);
    throw new ExchangeError(ErrorCode.INSUFFICIENT_BALANCE, 'Account has insufficient balance for requested action.');
  }
  book.remove(o);
  m.delete(o.id);
  a.openByClient.removeKey(o);
  o.priceTicks = v.priceTicks;
  o.origSteps = v.qtySteps;
  o.openSteps = v.qtySteps - o.filledSteps;
  o.priceStr = undefined;
  o.origQtyStr = undefined;
  o.updateTime = now;
  s.listener?.order(o, 'AMENDMENT', now);
  match(s, a, book, o, now);
  settle(s, a, book, o, now);
  return o;
}
