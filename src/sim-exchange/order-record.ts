/**
 * The simulator's order record, its Binance order-object shape, and the bounded history of closed
 * orders.
 *
 * Invariants:
 * - origSteps = filledSteps + openSteps while the order lives; once closed, openSteps is what was
 *   left unfilled (cancelled / expired).
 * - cumTS = Σ fill priceTicks × steps (exact integer), so cumQuote and avgPrice carry no float drift.
 * - Price and origQty strings are formatted on the first reply that shows them, then kept (an order
 *   placed through the numeric path and never shown costs no formatting).
 * - clientOrderId is the one the request sent, else `sim-<id>` (simIdOf reads that form back;
 *   client-ids.ts keys such orders by id), written out only when first read.
 * - OrderHistory keeps at most `limit` closed orders (oldest evicted first), so a 24 h run does not
 *   grow memory; lookups of evicted orders answer -2013 as for unknown ones.
 */
import { orderRowOf } from '../engine/order-row.js';
import type { OrderRow, OrderStatus, OrderType, Side, StpMode, TimeInForce } from '../engine/types.js';
import type { BookOrder } from './book.js';
import { fmt8, fmtPrice, fmtQty, type CompiledSymbol } from './filters.js';
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
  /** True when clientOrderId is `sim-<id>` (generated, or sent equal to it): client-ids.ts keys it by the id. */
  readonly ownClientId: boolean;
  readonly reduceOnly: boolean;
  readonly stp: StpMode;
  readonly time: number;
  updateTime: number;
  /** Cache of the price string ("0" for MARKET) and origQty string; undefined until first shown. */
  priceStr: string | undefined;
  origQtyStr: string | undefined;
}

const ZERO8 = fmt8(0);

const PREFIX = 'sim-';

/** N when `key` is exactly `sim-N` as the venue writes it (N ≥ 1, no leading zero), else 0. */
export function simIdOf(key: string): number {
  const n = key.length;
  if (n < 5 || n > 20 || !key.startsWith(PREFIX) || key.charCodeAt(4) === 48) return 0;
  let v = 0;
  for (let i = 4; i < n; i++) {
    const d = key.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 0;
    v = v * 10 + d;
  }
  return Number.isSafeInteger(v) ? v : 0;
}

/**
 * A new order's record as the venue makes it (placement.ts, perp-actions.ts): unfilled, NEW. Its
 * clientOrderId is the one sent, else `sim-<id>`, written out on first read (most generated ids
 * are never read: the string was a sixth of a placement's allocation).
 */
export class OrderRecord implements SimOrder {
  origSteps: number;
  openSteps: number;
  filledSteps = 0;
  cumTS = 0;
  status: OrderStatus = 'NEW';
  updateTime: number;
  priceStr: string | undefined = undefined;
  origQtyStr: string | undefined = undefined;

  constructor(
    readonly id: number,
    readonly acct: string,
    readonly spec: CompiledSymbol,
    readonly pos: PositionState,
    readonly side: Side,
    readonly type: OrderType,
    readonly tif: TimeInForce,
    public priceTicks: number,
    steps: number,
    /** The clientOrderId sent; undefined until generated. */
    private cid: string | undefined,
    readonly reduceOnly: boolean,
    readonly stp: StpMode,
    readonly time: number,
  ) {
    this.origSteps = steps;
    this.openSteps = steps;
    this.updateTime = time;
  }

  get clientOrderId(): string {
    return (this.cid ??= `${PREFIX}${this.id}`);
  }

  get ownClientId(): boolean {
    return this.cid === undefined || simIdOf(this.cid) === this.id;
  }
}

/** The order's price string ("0" for MARKET), formatted once and kept. */
export function priceText(o: SimOrder): string {
  return (o.priceStr ??= o.type === 'MARKET' ? '0' : fmtPrice(o.spec, o.priceTicks));
}

/** The order's origQty string, formatted once and kept. */
export function origQtyText(o: SimOrder): string {
  return (o.origQtyStr ??= fmtQty(o.spec, o.origSteps));
}

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
    price: priceText(o),
    avgPrice: unfilled ? '0.00000' : fmt8((o.cumTS / o.filledSteps) * spec.tick),
    origQty: origQtyText(o),
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
 * Closed orders, bounded FIFO: the newest `limit` kept, the oldest evicted first; looked up by id
 * or by (account, clientOrderId), the newest match winning (a clientOrderId may be reused once its
 * order closed).
 *
 * Cost: add is a ring write, O(1), with no index to maintain: the hot path (every closed order)
 * pays nothing for lookups, which only GET /fapi/v1/order makes (serve, and the live client's
 * unknown-outcome check; the sim fleet never looks orders up). A lookup scans from the newest entry,
 * O(limit) at worst (20 000 references, tens of µs). Maps by id and client id, kept up to date on
 * every close, were most of the core's time on a place/cancel stream (hashing and churn of two
 * 20 000-entry tables).
 */
export class OrderHistory {
  /** Closed orders in the order they closed; `head` is the oldest, `count` are held. */
  private readonly ring: (SimOrder | undefined)[];
  private head = 0;
  private count = 0;

  constructor(limit: number) {
    this.ring = new Array<SimOrder | undefined>(Math.max(0, limit)).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  add(o: SimOrder): void {
    const ring = this.ring;
    const n = ring.length;
    if (n === 0) return;
    if (this.count === n) {
      ring[this.head] = o; // the oldest slot becomes the newest
      this.head = this.head + 1 === n ? 0 : this.head + 1;
      return;
    }
    let tail = this.head + this.count;
    if (tail >= n) tail -= n;
    ring[tail] = o;
    this.count++;
  }

  get(id: number): SimOrder | undefined {
    return this.find((o) => o.id === id);
  }

  getByClient(acct: string, clientOrderId: string): SimOrder | undefined {
    return this.find((o) => o.clientOrderId === clientOrderId && o.acct === acct);
  }

  /** The newest held order matching `pred`. */
  private find(pred: (o: SimOrder) => boolean): SimOrder | undefined {
    const ring = this.ring;
    const n = ring.length;
    for (let k = this.count - 1; k >= 0; k--) {
      let i = this.head + k;
      if (i >= n) i -= n;
      const o = ring[i]!;
      if (pred(o)) return o;
    }
    return undefined;
  }
}
