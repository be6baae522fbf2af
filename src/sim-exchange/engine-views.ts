/**
 * The engine's numeric views (src/engine/views.ts) built straight from the ledger and the order
 * records, for the sim's in-process link to the fleet: no decimal string is printed and parsed
 * back on the way.
 *
 * Rule: every number equals `Number()` of the same field in the Binance row shapes.ts /
 * order-record.ts would give at the same moment (money and marks rounded to 8 decimals as fmt8
 * prints them, prices and quantities to the tick's and step's decimals), so a run on views makes
 * exactly the decisions a run on rows makes. test/sim/engine-views.test.ts checks it on a live book.
 */
import type { BalanceView, OrderView, PositionView } from '../engine/views.js';
import { priceOf, qtyOf, value8 } from './filters.js';
import type { MarginLedger, PositionState } from './ledger.js';
import type { SimOrder } from './order-record.js';

export function balanceView(asset: string, l: MarginLedger): BalanceView {
  return { asset, balance: value8(l.wallet), crossUnPnl: value8(l.totalUnrealized()) };
}

export function positionView(l: MarginLedger, p: PositionState): PositionView {
  const spec = p.spec;
  const mark = l.mark(spec.symbol);
  return {
    symbol: spec.symbol,
    positionAmt: qtyOf(spec, p.amtSteps),
    markPrice: Number.isFinite(mark) && mark > 0 ? value8(mark) : 0,
    notional: p.amtSteps === 0 ? 0 : value8(p.amtSteps * spec.step * l.markOf(p)),
  };
}

export function orderView(o: Readonly<SimOrder>): OrderView {
  const spec = o.spec;
  return {
    orderId: o.id,
    symbol: spec.symbol,
    clientOrderId: o.clientOrderId,
    side: o.side,
    status: o.status,
    price: o.type === 'MARKET' ? 0 : priceOf(spec, o.priceTicks),
    origQty: qtyOf(spec, o.origSteps),
    executedQty: qtyOf(spec, o.filledSteps),
  };
}
