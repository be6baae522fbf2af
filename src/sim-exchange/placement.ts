/**
 * A new order's placement after the filters (filters.ts, numeric-order.ts): its remaining checks,
 * its order record, the matching (matching.ts) and its final state (settle, which an amended order
 * goes through too, order-actions.ts); functions over the shared VenueState (venue-state.ts).
 *
 * Rules:
 * - Order of checks: clientOrderId pattern (-1100) and uniqueness among the account's open orders
 *   (-4116) → reduce-only direction (-2022) → margin (-2010, see ledger.ts: the order's extra
 *   open-order IM must fit availableBalance) → post-only (-5022 when a GTX order would cross the
 *   opposite best or take the outside quote) → FOK feasibility → matching. A rejected order
 *   changes nothing and takes no id.
 * - After matching (settle): LIMIT GTC/GTX remainders rest (NEW / PARTIALLY_FILLED); IOC and
 *   MARKET remainders expire (EXPIRED); FOK either fills completely or expires untouched (EXPIRED).
 * - Listener events (venue-events.ts) of a matched request come in this order: the fills' TRADE
 *   events, the taker's own last event if it has one (NEW when it rests unfilled, EXPIRED), one
 *   book event, then one ACCOUNT_UPDATE (reason ORDER) per account the fills touched. An FOK that
 *   cannot fill tells only its EXPIRED.
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { Side } from '../engine/types.js';
import type { OrderBook } from './book.js';
import { checkClientOrderId, type ValidOrder } from './filters.js';
import { fillable, match, outsideWithin } from './matching.js';
import { OrderRecord, type SimOrder } from './order-record.js';
import type { Account, VenueState } from './venue-state.js';

/**
 * Admit, match and settle a validated new order of account `a`; returns its record (any final
 * status). `v` is read only before matching starts (it may be the numeric path's reused scratch,
 * and matching calls out to onFill and the listener).
 */
export function place(s: VenueState, a: Account, now: number, v: ValidOrder, cid: string | undefined): SimOrder {
  const spec = v.spec;
  if (cid !== undefined && cid !== '') {
    checkClientOrderId(cid);
    if (a.openByClient.has(cid)) throw new ExchangeError(ErrorCode.DUPLICATED_CLIENT_ORDER_ID, 'clientOrderId is duplicated');
  }
  const p = a.ledger.position(spec.symbol)!;
  if (v.reduceOnly && (p.amtSteps === 0 || p.amtSteps > 0 === (v.side === 'BUY'))) {
    throw new ExchangeError(ErrorCode.REDUCE_ONLY_REJECT, 'ReduceOnly Order is rejected.');
  }
  const book = s.books.get(spec.symbol)!;
  const opp: Side = v.side === 'BUY' ? 'SELL' : 'BUY';

  // Margin: value the order at its limit price (MARKET: mark, else the opposite best).
  let marginTicks = v.priceTicks;
  if (v.type === 'MARKET') {
    const m = s.mark(spec.symbol);
    marginTicks = Number.isFinite(m) && m > 0 ? m / spec.tick : (book.bestTicks(opp) ?? 0);
  }
  const extra = a.ledger.extraOpenIM(p, v.side, marginTicks, v.qtySteps);
  if (extra > 1e-12 && extra > a.ledger.availableBalance() + 1e-9) {
    throw new ExchangeError(ErrorCode.INSUFFICIENT_BALANCE, 'Account has insufficient balance for requested action.');
  }
  if (v.tif === 'GTX' && (book.crosses(v.side, v.priceTicks) || outsideWithin(s, spec.symbol, v.side, v.priceTicks, now))) {
    throw gtxReject();
  }

  const id = s.nextOrderId++;
  const stp = v.stp ?? s.cfg.stp;
  const given = cid !== undefined && cid !== '' ? cid : undefined;
  const o = new OrderRecord(id, a.id, spec, p, v.side, v.type, v.tif, v.priceTicks, v.qtySteps, given, v.reduceOnly, stp, now);

  if (v.tif === 'FOK' && fillable(s, book, o, now) < o.origSteps) {
    o.status = 'EXPIRED';
    s.history.add(o);
    s.listener?.order(o, 'EXPIRED', now);
    return o;
  }

  match(s, a, book, o, now);
  settle(s, a, book, o, now);
  return o;
}

/** The -5022 a post-only order gets when it would take liquidity (the order is not recorded). */
export function gtxReject(): ExchangeError {
  return new ExchangeError(
    ErrorCode.GTX_REJECT,
    'Due to the order could not be executed as maker, the Post Only order will be rejected. The order will not be recorded in the order history',
  );
}

/** After matching: the incoming (or amended) order's final state, then the listener's events. */
export function settle(s: VenueState, a: Account, book: OrderBook<SimOrder>, o: SimOrder, now: number): void {
  const l = s.listener;
  if (o.openSteps === 0) {
    o.status = 'FILLED';
    s.history.add(o);
  } else if (o.status === 'EXPIRED_IN_MATCH') {
    s.history.add(o);
    if (l) l.order(o, 'EXPIRED', now);
  } else if (o.type === 'LIMIT' && (o.tif === 'GTC' || o.tif === 'GTX')) {
    o.status = o.filledSteps > 0 ? 'PARTIALLY_FILLED' : 'NEW';
    book.add(o);
    a.ledger.addOpen(o.pos, o.side, o.priceTicks, o.openSteps);
    a.open.get(o.spec.symbol)!.set(o.id, o);
    a.openByClient.add(o);
    if (l && o.filledSteps === 0) l.order(o, 'NEW', now);
  } else {
    o.status = 'EXPIRED';
    s.history.add(o);
    if (l) l.order(o, 'EXPIRED', now);
  }
  if (l) {
    l.book(o.spec.symbol, now);
    s.flushTouched(now, o.spec.symbol);
  }
}
