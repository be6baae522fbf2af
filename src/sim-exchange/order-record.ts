/**
 * The simulator's order record, its Binance order-object shape, and the bounded history of closed
 * orders.
 *
 * Invariants:
 * - origSteps = filledSteps + openSteps while the order lives; once closed, openSteps is what was
 *   left unfilled (cancelled / expired).
 * - cumTS = Σ fill priceTicks × steps (exact integer), so cumQuote and avgPrice carry no float drift.
 * - Price and origQty strings are formatted once at creation (and again when a PUT order amends them).
 * - OrderHistory keeps at most `limit` closed orders (oldest evicted first), so a 24 h run does not
 *   grow memory; lookups of evicted orders answer -2013 as for unknown ones.
 */
import { orderRowOf } from '../engine/order-row.js';
import type { OrderRow, OrderStatus, OrderType, Side, StpMode, TimeInForce } from '../engine/types.js';
import type { BookOrder } from './book.js';
import { fmt8, fmtQty, type CompiledSymbol } from './filters.js';
import type { PositionState } from './ledger.js';

export interface SimOrder extends BookOrder {
  readonly id: number;
  readonly acct: string;
  readonly spec: CompiledSymbol;
  readonly pos: PositionState;
  readonly side: Side;
  readonly type: OrderType;
  readonly tif: TimeInForce;
  priceTicks: number;
  origSteps: number;
  openSteps: number;
  filledSteps: number;
  cumTS: number;
  status: OrderStatus;
  readonly clientOrderId: string;
  readonly reduceOnly: boolean;
  readonly stp: StpMode;
  readonly time: number;
  updateTime: number;
  priceStr: string;
  origQtyStr: string;
}

/** Binance order object; `withTime` adds `time` (openOrders elements). */
export function orderRow(o: SimOrder, withTime: boolean): OrderRow {
  const spec = o.spec;
  const exec = fmtQty(spec, o.filledSteps);
  return orderRowOf({
    orderId: o.id,
    symbol: spec.symbol,
    status: o.status,
    clientOrderId: o.clientOrderId,
    price: o.priceStr,
    avgPrice: o.filledSteps === 0 ? '0.00000' : fmt8((o.cumTS / o.filledSteps) * spec.tick),
    origQty: o.origQtyStr,
    executedQty: exec,
    cumQuote: fmt8(o.cumTS * spec.unit),
    timeInForce: o.tif,
    type: o.type,
    reduceOnly: o.reduceOnly,
    side: o.side,
    selfTradePreventionMode: o.stp,
    updateTime: o.updateTime,
    time: withTime ? o.time : undefined,
  });
}

/** Closed orders by id and by (account, clientOrderId), bounded FIFO. */
export class OrderHistory {
  private readonly byId = new Map<number, SimOrder>();
  private readonly byClient = new Map<string, SimOrder>();

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.byId.size;
  }

  add(o: SimOrder): void {
    this.byId.set(o.id, o);
    this.byClient.set(clientKey(o.acct, o.clientOrderId), o);
    while (this.byId.size > this.limit) {
      const first = this.byId.values().next().value as SimOrder;
      this.byId.delete(first.id);
      const k = clientKey(first.acct, first.clientOrderId);
      if (this.byClient.get(k) === first) this.byClient.delete(k);
    }
  }

  get(id: number): SimOrder | undefined {
    return this.byId.get(id);
  }

  getByClient(acct: string, clientOrderId: string): SimOrder | undefined {
    return this.byClient.get(clientKey(acct, clientOrderId));
  }
}

function clientKey(acct: string, cid: string): string {
  return `${acct}\u0000${cid}`;
}
