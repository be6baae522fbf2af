/**
 * The account endpoints that read an account's state (balance, positionRisk, openOrders, getOrder)
 * and the one that sets its leverage, as functions over the shared VenueState (venue-state.ts)
 * that the facade (exchange-core.ts) calls.
 *
 * Rules:
 * - Each first checks the account (-2015) and charges the endpoint's weight (rate-limits.ts), then
 *   validates; only setLeverage changes anything (the position's leverage).
 * - An empty or missing symbol means all symbols where the endpoint allows it (positionRisk,
 *   openOrders: weight 40 then); an unknown one is -1121.
 * - balance, positionRisk and openOrders answer the Binance rows (shapes.ts, order-record.ts) or
 *   the engine's numeric views (engine-views.ts): the shape is a module-level function the facade
 *   passes, never a closure made per call, and the charge and checks are the same for both.
 * - Rows are in a fixed order: positions in symbol order, open orders per symbol in placement
 *   order; getOrder finds open orders first, then the bounded closed-order history (-2013 when
 *   neither has it, also for an evicted order).
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { BalanceRow, OrderRef, OrderRow } from '../engine/types.js';
import type { BalanceView } from '../engine/views.js';
import { balanceView } from './engine-views.js';
import type { MarginLedger, PositionState } from './ledger.js';
import { orderRow, type SimOrder } from './order-record.js';
import { WEIGHT } from './rate-limits.js';
import { balanceRow, MAX_NOTIONAL_VALUE, type LeverageReply } from './shapes.js';
import { findOpen, mandatory, openIn, type VenueState } from './venue-state.js';

export function balance(s: VenueState, acct: string, now: number): BalanceRow[] {
  const a = s.charge(acct, now, WEIGHT.balance, 0);
  return [balanceRow(a.id, s.asset, a.ledger, now)];
}

/** balance() as the engine's numeric view (same charge; engine-views.ts). */
export function balanceViews(s: VenueState, acct: string, now: number): BalanceView[] {
  const a = s.charge(acct, now, WEIGHT.balance, 0);
  return [balanceView(s.asset, a.ledger)];
}

/** GET positionRisk, each position in the form `shape` gives it (the Binance row or the engine's view). */
export function positions<R>(
  s: VenueState,
  acct: string,
  now: number,
  symbol: string | undefined,
  shape: (l: MarginLedger, p: PositionState) => R,
): R[] {
  const a = s.charge(acct, now, WEIGHT.positionRisk, 0);
  if (symbol !== undefined && symbol !== '') {
    const p = a.ledger.position(symbol);
    if (p === undefined) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
    return [shape(a.ledger, p)];
  }
  const rows: R[] = [];
  for (const p of a.ledger.positions) rows.push(shape(a.ledger, p));
  return rows;
}

/** GET openOrders: weight 1 with a symbol, 40 without (then all symbols); each order in the form `shape` gives it. */
export function openOrders<R>(
  s: VenueState,
  acct: string,
  now: number,
  symbol: string | undefined,
  shape: (o: SimOrder) => R,
): R[] {
  const all = symbol === undefined || symbol === '';
  const a = s.charge(acct, now, all ? WEIGHT.openOrdersAll : WEIGHT.openOrdersSymbol, 0);
  const rows: R[] = [];
  if (all) {
    for (const m of a.open.values()) for (const o of m.values()) rows.push(shape(o));
    return rows;
  }
  const m = a.open.get(symbol);
  if (m === undefined) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
  for (const o of m.values()) rows.push(shape(o));
  return rows;
}

/** An openOrders element: the order object with `time`. */
export const openOrderRow = (o: SimOrder): OrderRow => orderRow(o, true);

/** GET order: open or recently closed (bounded history), else -2013. */
export function getOrder(s: VenueState, acct: string, now: number, symbol: string, ref: OrderRef): OrderRow {
  const a = s.charge(acct, now, WEIGHT.getOrder, 0);
  const open = findOpen(a, openIn(a, symbol), ref);
  if (open !== undefined) return orderRow(open, false);
  let o: SimOrder | undefined;
  if (ref.orderId !== undefined) o = s.history.get(ref.orderId);
  else if (ref.origClientOrderId !== undefined) o = s.history.getByClient(a.id, ref.origClientOrderId);
  if (o === undefined || o.acct !== a.id || o.spec.symbol !== symbol) {
    throw new ExchangeError(ErrorCode.NO_SUCH_ORDER, 'Order does not exist.');
  }
  return orderRow(o, false);
}

export function setLeverage(s: VenueState, acct: string, now: number, symbol: string, leverage: number): LeverageReply {
  const a = s.charge(acct, now, WEIGHT.leverage, 0);
  if (!symbol) throw mandatory('symbol');
  const p = a.ledger.position(symbol);
  if (p === undefined) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
  if (!Number.isInteger(leverage) || leverage < 1 || leverage > 125) {
    throw new ExchangeError(ErrorCode.INVALID_LEVERAGE, `Leverage ${leverage} is not valid`);
  }
  p.leverage = leverage;
  return { leverage, maxNotionalValue: MAX_NOTIONAL_VALUE, symbol };
}
