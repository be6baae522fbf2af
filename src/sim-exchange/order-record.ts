/**
 * The simulator's order record, its Binance order-object shape, and the bounded history of closed
 * orders.
 *
 * Invariants:
 * - origSteps = filledSteps + openSteps while the order lives; once closed, openSteps is what was
 *   left unfilled (cancelled / expired).
 * - cumTS = Σ fill priceTicks × steps (exact integer), so cumQuote and avgPrice carry no float drift.
 * - Price and origQty strings are formatted once at creation.
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
  readonly priceTicks: number;
  readonly origSteps: number;
  openSteps: number;
  filledSteps: number;
  cumTS: number;
  status: OrderStatus;
  readonly clientOrderId: string;
  readonly reduceOnly: boolean;
  readonly stp: StpMode;
  readonly time: number;
  updateTime: number;
  readonly priceStr: string;
  readonly origQtyStr: string;
}

const ZERO8 = fmt8(0);

/** Binance order object; `withTime` adds `time` (openOrders elements). */
export function orderRow(o: SimOrder, withTime: boolean): OrderRow {
  const spec = o.spec;
  const unfilled = o.filledSteps === 0;
  const exec = unfilled ? spec.zeroQty : fmtQty(spec, o.filledSteps);
  return orderRowOf({
    orderId: o.id,
    symbol: spec.symbol,
    status: o.status,
    clientOrderId: o.clientOrderId,
    price: o.priceStr,
    avgPrice: unfilled ? '0.00000' : fmt8((o.cumTS / o.filledSteps) * spec.tick),
    origQty: o.origQtyStr,
    executedQty: exec,
    cumQuote: unfilled ? ZERO8 : fmt8(o.cumTS * spec.unit),
    timeInForce: o.tif,
    type: o.type,
    reduceOnly: o.reduceOnly,
    side: o.side,
    selfTradePreventionMode: o.stp,
    updateTime: o.updateTime,
    time: withTime ? o.time : undefined,
  });
}

/**
 * Closed orders by id and by (account, clientOrderId), bounded FIFO. The eviction order lives in a
 * ring of its own: finding the oldest entry by iterating a Map from its front costs time in
 * proportion to the entries deleted before it (V8 keeps deleted slots until it rehashes), which
 * made eviction most of the core's time on long runs.
 */
export class OrderHistory {
  private readonly byId = new Map<number, SimOrder>();
  /** account → clientOrderId → order (two lookups instead of building a joined key per order). */
  private readonly byClient = new Map<string, Map<string, SimOrder>>();
  /** Closed orders in the order they closed; `head` is the oldest, `count` are held. */
  private readonly ring: (SimOrder | undefined)[];
  private head = 0;
  private count = 0;

  constructor(private readonly limit: number) {
    this.ring = new Array<SimOrder | undefined>(Math.max(1, limit)).fill(undefined);
  }

  get size(): number {
    return this.byId.size;
  }

  add(o: SimOrder): void {
    const ring = this.ring;
    if (this.count === ring.length) {
      const first = ring[this.head]!;
      ring[this.head] = undefined;
      this.head = this.head + 1 === ring.length ? 0 : this.head + 1;
      this.count--;
      if (this.byId.get(first.id) === first) this.byId.delete(first.id);
      const m = this.byClient.get(first.acct);
      if (m !== undefined && m.get(first.clientOrderId) === first) m.delete(first.clientOrderId);
    }
    let tail = this.head + this.count;
    if (tail >= ring.length) tail -= ring.length;
    ring[tail] = o;
    this.count++;
    this.byId.set(o.id, o);
    let m = this.byClient.get(o.acct);
    if (m === undefined) {
      m = new Map();
      this.byClient.set(o.acct, m);
    }
    m.set(o.clientOrderId, o);
    if (this.limit <= 0) this.evictAll();
  }

  private evictAll(): void {
    this.byId.clear();
    this.byClient.clear();
    this.ring.fill(undefined);
    this.head = 0;
    this.count = 0;
  }

  get(id: number): SimOrder | undefined {
    return this.byId.get(id);
  }

  getByClient(acct: string, clientOrderId: string): SimOrder | undefined {
    return this.byClient.get(acct)?.get(clientOrderId);
  }
}
