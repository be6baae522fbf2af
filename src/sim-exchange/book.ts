/**
 * The order book of one symbol: resting limit orders only, price-time priority.
 *
 * Invariants:
 * - Prices are integer tick counts and quantities integer step counts; nothing here compares floats.
 * - Each side is a sorted array of price levels with the best level LAST (bids ascending by price,
 *   asks descending), so the hot operations (look at / remove the best order) touch the array end.
 * - Within a level, orders are FIFO by arrival (`add` appends); a level never stays empty.
 * - The book does not match and never changes `openSteps`: matching.ts walks `best()` and
 *   decides fills, self-trade prevention and fees; the book only stores and orders.
 * - Emptied level objects are pooled and reused, so steady-state quoting allocates nothing here;
 *   for the same reason no array is spliced (Array.prototype.splice allocates the array of the
 *   removed elements on every call): insertions and removals shift elements in place.
 *
 * - A level is found by binary search on its price (add, remove); inside a level an order is
 *   found by `indexOf`.
 *
 * Known limits: inserting or dropping a level shifts the levels above it (a sorted array, not a
 * tree): cheap at the book sizes the simulator and serve see (hundreds of levels), linear in a book
 * of many thousands.
 */
import type { Side } from '../engine/types.js';

/** What the book needs of an order. The core's order record extends this. */
export interface BookOrder {
  readonly id: number;
  readonly side: Side;
  readonly priceTicks: number;
  /** Unfilled quantity in steps (maintained by the matcher, read by depth queries). */
  openSteps: number;
}

export interface BookLevel<T> {
  priceTicks: number;
  /** FIFO: index 0 arrived first. */
  readonly orders: T[];
}

export class OrderBook<T extends BookOrder> {
  /** Ascending by price; best bid last. */
  private readonly bids: BookLevel<T>[] = [];
  /** Descending by price; best ask last. */
  private readonly asks: BookLevel<T>[] = [];
  private readonly pool: BookLevel<T>[] = [];
  private count = 0;

  /** Number of resting orders on both sides. */
  get size(): number {
    return this.count;
  }

  add(o: T): void {
    const levels = o.side === 'BUY' ? this.bids : this.asks;
    const dir = o.side === 'BUY' ? 1 : -1;
    const i = atOrBelow(levels, o.priceTicks * dir, dir);
    if (i >= 0 && levels[i]!.priceTicks === o.priceTicks) {
      levels[i]!.orders.push(o);
    } else {
      const lv = this.pool.pop() ?? { priceTicks: 0, orders: [] };
      lv.priceTicks = o.priceTicks;
      lv.orders.push(o);
      insertAt(levels, i + 1, lv);
    }
    this.count++;
  }

  /** Remove a resting order wherever it sits. False when it is not in the book. */
  remove(o: T): boolean {
    const levels = o.side === 'BUY' ? this.bids : this.asks;
    const dir = o.side === 'BUY' ? 1 : -1;
    const i = atOrBelow(levels, o.priceTicks * dir, dir);
    if (i < 0 || levels[i]!.priceTicks !== o.priceTicks) return false;
    const lv = levels[i]!;
    const k = lv.orders.indexOf(o);
    if (k < 0) return false;
    removeAt(lv.orders, k);
    if (lv.orders.length === 0) this.dropLevel(levels, i);
    this.count--;
    return true;
  }

  /** The first-in-time order at the best price of `side`. */
  best(side: Side): T | undefined {
    const levels = side === 'BUY' ? this.bids : this.asks;
    const lv = levels[levels.length - 1];
    return lv === undefined ? undefined : lv.orders[0];
  }

  /** Best price of `side` in ticks. */
  bestTicks(side: Side): number | undefined {
    const levels = side === 'BUY' ? this.bids : this.asks;
    const lv = levels[levels.length - 1];
    return lv === undefined ? undefined : lv.priceTicks;
  }

  /** Remove the order `best(side)` returns (after it filled or expired). */
  removeBest(side: Side): T | undefined {
    const levels = side === 'BUY' ? this.bids : this.asks;
    const i = levels.length - 1;
    if (i < 0) return undefined;
    const lv = levels[i]!;
    const o = lv.orders.shift();
    if (lv.orders.length === 0) this.dropLevel(levels, i);
    if (o !== undefined) this.count--;
    return o;
  }

  /** True when an order of `takerSide` limited at `limitTicks` would trade against the other side now. */
  crosses(takerSide: Side, limitTicks: number): boolean {
    if (takerSide === 'BUY') {
      const ask = this.bestTicks('SELL');
      return ask !== undefined && ask <= limitTicks;
    }
    const bid = this.bestTicks('BUY');
    return bid !== undefined && bid >= limitTicks;
  }

  /** Number of price levels on `side`. */
  levelCount(side: Side): number {
    return (side === 'BUY' ? this.bids : this.asks).length;
  }

  /** The k-th level of `side` counted from the best (k = 0). Read-only view; do not mutate. */
  level(side: Side, k: number): Readonly<BookLevel<T>> | undefined {
    const levels = side === 'BUY' ? this.bids : this.asks;
    return levels[levels.length - 1 - k];
  }

  /** Total open steps at the k-th level of `side`. */
  levelSteps(side: Side, k: number): number {
    const lv = this.level(side, k);
    if (lv === undefined) return 0;
    let s = 0;
    for (const o of lv.orders) s += o.openSteps;
    return s;
  }

  private dropLevel(levels: BookLevel<T>[], i: number): void {
    const lv = levels[i]!;
    removeAt(levels, i);
    lv.orders.length = 0;
    this.pool.push(lv);
  }
}

/** a.splice(i, 0, x) without the splice's result array. */
function insertAt<E>(a: E[], i: number, x: E): void {
  for (let k = a.length; k > i; k--) a[k] = a[k - 1]!;
  a[i] = x;
}

/** a.splice(i, 1) without the splice's result array (pop when it is the last). */
function removeAt<E>(a: E[], i: number): void {
  const last = a.length - 1;
  for (let k = i; k < last; k++) a[k] = a[k + 1]!;
  a.pop();
}

/**
 * The index of the last level whose price × dir is ≤ `key` (levels are ascending in price × dir),
 * or -1 when every level lies above it.
 */
function atOrBelow<T>(levels: BookLevel<T>[], key: number, dir: number): number {
  let lo = 0;
  let hi = levels.length; // answer in [lo - 1, hi - 1]
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (levels[mid]!.priceTicks * dir <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
