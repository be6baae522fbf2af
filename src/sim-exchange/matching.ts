/**
 * The venue's matching loop: an incoming (new or amended) order as taker against the book and the
 * outside quotes, each fill booked in both ledgers and told to the fee model, the listener and
 * onFill (functions over the shared VenueState, venue-state.ts; placement.ts and order-actions.ts
 * call them).
 *
 * Rules:
 * - The opposite side is walked best price first, FIFO within a level, each fill at the resting
 *   (maker) order's price; onFill is called once per fill after both ledgers are updated. Outside
 *   quotes (outside-quotes.ts), when there are any, are interleaved by price: a strictly better
 *   outside price fills before the book's best, an equal one after it; their account is the maker.
 * - Fees come from the fee model (fees.ts), its rate read before each fill is booked and the
 *   fill's notional told to it afterwards (both sides).
 * - Self-trade prevention, mode = the request's selfTradePreventionMode or cfg.stp, applies when the
 *   next resting order to match belongs to the taker's own account:
 *   EXPIRE_TAKER: matching stops, the taker's remainder expires (status EXPIRED_IN_MATCH; earlier
 *   fills stand; the own resting order is untouched); EXPIRE_MAKER: that resting order is expired
 *   (EXPIRED_IN_MATCH) and matching continues; EXPIRE_BOTH: both; NONE: the account trades with
 *   itself (both fees charged, position unchanged).
 * - With a listener, each fill tells TRADE to the maker's then the taker's order and marks both
 *   accounts touched (placement.ts flushes them); without one none of it is computed.
 * - fillable answers what matching would fill now without changing anything (FOK's check).
 */
import type { Side } from '../engine/types.js';
import type { OrderBook } from './book.js';
import { priceOf, qtyOf, type CompiledSymbol } from './filters.js';
import type { SimOrder } from './order-record.js';
import type { OutsideQuote } from './outside-quotes.js';
import type { Account, VenueState } from './venue-state.js';

/** True when an order of `side` limited at `limitTicks` would take the outside quote now (post-only check). */
export function outsideWithin(s: VenueState, symbol: string, side: Side, limitTicks: number, now: number): boolean {
  if (s.outside === undefined) return false;
  const x = s.outside.best(symbol, side === 'BUY' ? 'SELL' : 'BUY', now);
  return x !== undefined && x.steps > 0 && (side === 'BUY' ? x.priceTicks <= limitTicks : x.priceTicks >= limitTicks);
}

/** Match `o` (account `a`) as taker until it is filled, its limit stops it, or self-trade prevention expires it. */
export function match(s: VenueState, a: Account, book: OrderBook<SimOrder>, o: SimOrder, now: number): void {
  const opp: Side = o.side === 'BUY' ? 'SELL' : 'BUY';
  const limit = o.type === 'LIMIT';
  while (o.openSteps > 0) {
    const m = book.best(opp);
    const x = outsideFor(s, o, now);
    const bookOk = m !== undefined && !(limit && (o.side === 'BUY' ? m.priceTicks > o.priceTicks : m.priceTicks < o.priceTicks));
    if (x !== undefined && (!bookOk || better(o.side, x.priceTicks, m!.priceTicks))) {
      fillOutside(s, a, o, x, now);
      continue;
    }
    if (!bookOk) break;
    if (m.acct === o.acct && o.stp !== 'NONE') {
      if (o.stp === 'EXPIRE_MAKER' || o.stp === 'EXPIRE_BOTH') {
        book.removeBest(opp);
        s.close(a, m, 'EXPIRED_IN_MATCH', now);
      }
      if (o.stp === 'EXPIRE_TAKER' || o.stp === 'EXPIRE_BOTH') {
        o.status = 'EXPIRED_IN_MATCH';
        o.updateTime = now;
        return;
      }
      continue;
    }
    const q = Math.min(o.openSteps, m.openSteps);
    const ma = s.accounts.get(m.acct)!;
    const ticks = m.priceTicks;
    const tradeTS = ticks * q;

    m.openSteps -= q;
    m.filledSteps += q;
    m.cumTS += tradeTS;
    m.updateTime = now;
    ma.ledger.removeOpen(m.pos, m.side, ticks, q);
    const makerFee = ma.ledger.applyFill(m.pos, m.side, ticks, q, s.fees.rate(m.acct, 'maker', now), now);
    const makerRealized = ma.ledger.lastRealized;

    o.openSteps -= q;
    o.filledSteps += q;
    o.cumTS += tradeTS;
    o.updateTime = now;
    const takerFee = a.ledger.applyFill(o.pos, o.side, ticks, q, s.fees.rate(o.acct, 'taker', now), now);
    countVolume(s, m.acct, o.acct, o.spec, ticks, q, now);

    if (m.openSteps === 0) {
      book.removeBest(opp);
      s.close(ma, m, 'FILLED', now);
    } else {
      m.status = 'PARTIALLY_FILLED';
    }
    const tradeId = s.nextTradeId++;
    if (s.listener !== undefined) {
      s.listener.order(m, 'TRADE', now, {
        tradeId,
        priceTicks: ticks,
        steps: q,
        fee: makerFee,
        realized: makerRealized,
        maker: true,
      });
      s.touch(m.acct);
      tellTaker(s, a, o, tradeId, ticks, q, takerFee, now);
    }
    emitFill(s, o, m.acct, m.id, ticks, q, makerFee, takerFee, now);
  }
}

/** Quantity an FOK order could fill now, honouring its limit, self-trade prevention and the outside quote. */
export function fillable(s: VenueState, book: OrderBook<SimOrder>, o: SimOrder, now: number): number {
  const opp: Side = o.side === 'BUY' ? 'SELL' : 'BUY';
  const x = outsideFor(s, o, now);
  let xLeft = x !== undefined;
  let total = 0;
  const n = book.levelCount(opp);
  for (let k = 0; k < n; k++) {
    const lv = book.level(opp, k)!;
    if (xLeft && better(o.side, x!.priceTicks, lv.priceTicks)) {
      total += x!.steps;
      xLeft = false;
      if (total >= o.origSteps) return total;
    }
    if (o.type === 'LIMIT' && (o.side === 'BUY' ? lv.priceTicks > o.priceTicks : lv.priceTicks < o.priceTicks)) break;
    for (const m of lv.orders) {
      if (m.acct === o.acct && o.stp !== 'NONE') {
        if (o.stp === 'EXPIRE_MAKER') continue;
        return total;
      }
      total += m.openSteps;
      if (total >= o.origSteps) return total;
    }
  }
  if (xLeft) total += x!.steps;
  return total;
}

/** True when `a` is a strictly better price than `b` for a taker on `takerSide`. */
function better(takerSide: Side, a: number, b: number): boolean {
  return takerSide === 'BUY' ? a < b : a > b;
}

/** The outside quote an order could take now (within its limit), or undefined. */
function outsideFor(s: VenueState, o: SimOrder, now: number): OutsideQuote | undefined {
  if (s.outside === undefined) return undefined;
  const x = s.outside.best(o.spec.symbol, o.side === 'BUY' ? 'SELL' : 'BUY', now);
  if (x === undefined || !(x.steps > 0)) return undefined;
  if (o.type === 'LIMIT' && (o.side === 'BUY' ? x.priceTicks > o.priceTicks : x.priceTicks < o.priceTicks)) return undefined;
  return x;
}

/** The incoming order takes (part of) the outside quote `x`; its account is the maker. */
function fillOutside(s: VenueState, a: Account, o: SimOrder, x: OutsideQuote, now: number): void {
  const outside = s.outside!;
  const xa = s.account(outside.account);
  const q = Math.min(o.openSteps, x.steps);
  const ticks = x.priceTicks;
  const xp = xa.ledger.position(o.spec.symbol)!;
  const makerFee = xa.ledger.applyFill(xp, o.side === 'BUY' ? 'SELL' : 'BUY', ticks, q, s.fees.rate(xa.id, 'maker', now), now);
  o.openSteps -= q;
  o.filledSteps += q;
  o.cumTS += ticks * q;
  o.updateTime = now;
  const takerFee = a.ledger.applyFill(o.pos, o.side, ticks, q, s.fees.rate(o.acct, 'taker', now), now);
  countVolume(s, xa.id, o.acct, o.spec, ticks, q, now);
  outside.take(o.spec.symbol, o.side === 'BUY' ? 'SELL' : 'BUY', q, now);
  const tradeId = s.nextTradeId++;
  if (s.listener !== undefined) tellTaker(s, a, o, tradeId, ticks, q, takerFee, now);
  emitFill(s, o, xa.id, 0, ticks, q, makerFee, takerFee, now);
}

/** The taker's side of one trade, to the listener (after the maker's, when the maker is in the book). */
function tellTaker(
  s: VenueState,
  a: Account,
  o: SimOrder,
  tradeId: number,
  ticks: number,
  q: number,
  takerFee: number,
  now: number,
): void {
  o.status = o.openSteps === 0 ? 'FILLED' : 'PARTIALLY_FILLED';
  s.listener!.order(o, 'TRADE', now, {
    tradeId,
    priceTicks: ticks,
    steps: q,
    fee: takerFee,
    realized: a.ledger.lastRealized,
    maker: false,
  });
  s.touch(o.acct);
}

/** Both sides' volume for the fee model (after the fill's fees were charged). */
function countVolume(
  s: VenueState,
  maker: string,
  taker: string,
  spec: CompiledSymbol,
  ticks: number,
  steps: number,
  now: number,
): void {
  const notional = ticks * steps * spec.unit;
  s.fees.onFill(maker, notional, now);
  s.fees.onFill(taker, notional, now);
}

function emitFill(
  s: VenueState,
  o: SimOrder,
  makerAccount: string,
  makerOrderId: number,
  ticks: number,
  q: number,
  makerFee: number,
  takerFee: number,
  now: number,
): void {
  if (s.onFill === undefined) return;
  s.onFill({
    t: now,
    symbol: o.spec.symbol,
    price: priceOf(o.spec, ticks),
    qty: qtyOf(o.spec, q),
    makerAccount,
    takerAccount: o.acct,
    makerOrderId,
    takerOrderId: o.id,
    takerSide: o.side,
    makerFee,
    takerFee,
  });
}
