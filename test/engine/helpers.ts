/**
 * Test doubles for the engine: a manual clock (no real time passes), a scripted fake exchange that
 * records every call (it keeps Binance rows and answers with their views, as a live client does), a settable price feed, a recording event sink and a scripted Rng.
 */
import { orderRowOf } from '../../src/engine/order-row.js';
import { CircuitBreaker } from '../../src/engine/circuit-breaker.js';
import { defaultStrategyConfig, type StrategyConfig } from '../../src/engine/config.js';
import { ExchangeError } from '../../src/engine/errors.js';
import type { EngineEvent, EventSink } from '../../src/engine/events.js';
import type { LoopDeps } from '../../src/engine/loop.js';
import { ClientOrderIds, OrderFormatter, taskCode } from '../../src/engine/order-fields.js';
import type { Clock, Exchange, PriceFeed, Rng } from '../../src/engine/ports.js';
import { SeededRng } from '../../src/engine/rng.js';
import type {
  BalanceRow,
  ExchangeInfo,
  NewOrderRequest,
  OrderRef,
  OrderRow,
  PositionRiskRow,
  Side,
  SymbolRules,
} from '../../src/engine/types.js';
import {
  balanceViewOf,
  orderViewOf,
  positionViewOf,
  type BalanceView,
  type OrderView,
  type PositionView,
} from '../../src/engine/views.js';

/** Let every pending promise continuation run (one macrotask turn drains the microtask queue). */
export function flush(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

interface Timer {
  due: number;
  seq: number;
  resolve: () => void;
  cleanup?: () => void;
}

/** A Clock whose time moves only in advance(); sleep() registers a timer fired in (due, seq) order. */
export class ManualClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];
  /** Every sleep requested, in ms, in call order. */
  readonly sleeps: number[] = [];

  constructor(start = 1_700_000_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  get pending(): number {
    return this.timers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer: Timer = { due: this.t + Math.max(0, ms), seq: this.seq++, resolve };
      if (signal) {
        const onAbort = (): void => {
          this.timers = this.timers.filter((x) => x !== timer);
          resolve();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        timer.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.timers.push(timer);
    });
  }

  /** Move time forward by `ms`, firing due timers in time order and flushing between them. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await flush();
    for (;;) {
      let next: Timer | undefined;
      for (const x of this.timers) {
        if (x.due <= end && (next === undefined || x.due < next.due || (x.due === next.due && x.seq < next.seq))) next = x;
      }
      if (next === undefined) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = next.due;
      next.cleanup?.();
      next.resolve();
      await flush();
    }
    this.t = end;
    await flush();
  }
}

export class FakeFeed implements PriceFeed {
  readonly mids = new Map<string, number>();
  readonly ages = new Map<string, number>();
  set(symbol: string, mid: number | undefined, ageMs = 100): void {
    if (mid === undefined) this.mids.delete(symbol);
    else this.mids.set(symbol, mid);
    this.ages.set(symbol, ageMs);
  }
  mid(symbol: string): number | undefined {
    return this.mids.get(symbol);
  }
  ageMs(symbol: string): number {
    return this.ages.get(symbol) ?? Infinity;
  }
}

export class RecordingSink implements EventSink {
  readonly events: EngineEvent[] = [];
  emit(e: EngineEvent): void {
    this.events.push(e);
  }
  of<T extends EngineEvent['type']>(type: T): Extract<EngineEvent, { type: T }>[] {
    return this.events.filter((e) => e.type === type) as Extract<EngineEvent, { type: T }>[];
  }
  clear(): void {
    this.events.length = 0;
  }
}

/** An Rng that returns scripted values (then repeats the last); split() gives an independent copy. */
export class ScriptedRng implements Rng {
  private i = 0;
  constructor(private readonly values: number[]) {}
  next(): number {
    const v = this.values[Math.min(this.i, this.values.length - 1)]!;
    this.i++;
    return v;
  }
  split(): Rng {
    return new ScriptedRng(this.values);
  }
}

export function orderRow(p: Partial<OrderRow> & { orderId: number; side: Side; price: string }): OrderRow {
  const base = orderRowOf({
    orderId: p.orderId,
    symbol: 'BTCUSDT',
    status: 'NEW',
    clientOrderId: `c${p.orderId}`,
    price: p.price,
    avgPrice: '0',
    origQty: '0.0005',
    executedQty: '0',
    cumQuote: '0',
    timeInForce: 'GTC',
    type: 'LIMIT',
    reduceOnly: false,
    side: p.side,
    selfTradePreventionMode: 'EXPIRE_TAKER',
    updateTime: 0,
  });
  return { ...base, ...p };
}

export interface Call {
  method: string;
  args: unknown[];
}

/**
 * A scripted exchange for one account: holds a position per symbol, a wallet, and open orders;
 * records every call. `failNext(method, err)` makes the next call of that method reject.
 */
export class FakeExchange implements Exchange {
  readonly calls: Call[] = [];
  readonly orders: OrderRow[] = [];
  readonly positions = new Map<string, { amt: number; mark: number }>();
  wallet = 1000;
  unPnl = 0;
  asset = 'USDC';
  private nextId = 1;
  private readonly failures = new Map<string, Error[]>();
  /** Fail every call of any method while set. */
  failAll: Error | undefined;

  constructor(readonly id = 'acct') {}

  failNext(method: string, err: Error = new ExchangeError(-1000, 'scripted failure')): void {
    const q = this.failures.get(method) ?? [];
    q.push(err);
    this.failures.set(method, q);
  }

  setPosition(symbol: string, amt: number, mark: number): void {
    this.positions.set(symbol, { amt, mark });
  }

  addOrder(symbol: string, side: Side, price: string, orderId?: number): OrderRow {
    const o = orderRow({ orderId: orderId ?? 1000 + this.nextId++, symbol, side, price });
    this.orders.push(o);
    return o;
  }

  methods(): string[] {
    return this.calls.map((c) => c.method);
  }

  placed(): NewOrderRequest[] {
    return this.calls.filter((c) => c.method === 'placeOrder').map((c) => c.args[0] as NewOrderRequest);
  }

  cancelled(): number[] {
    return this.calls.filter((c) => c.method === 'cancelOrder').map((c) => (c.args[1] as OrderRef).orderId!);
  }

  private async enter(method: string, args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    await Promise.resolve();
    if (this.failAll) throw this.failAll;
    const q = this.failures.get(method);
    if (q && q.length > 0) throw q.shift()!;
  }

  async exchangeInfo(): Promise<ExchangeInfo> {
    await this.enter('exchangeInfo', []);
    return { serverTime: 0, symbols: Object.values(RULES) };
  }

  async balance(): Promise<BalanceView[]> {
    await this.enter('balance', []);
    const s = String(this.wallet);
    const rows: BalanceRow[] = [
      {
        accountAlias: 'x',
        asset: this.asset,
        balance: s,
        crossWalletBalance: s,
        crossUnPnl: String(this.unPnl),
        availableBalance: s,
        maxWithdrawAmount: s,
        marginAvailable: true,
        updateTime: 0,
      },
    ];
    return rows.map(balanceViewOf);
  }

  async positionRisk(symbol?: string): Promise<PositionView[]> {
    await this.enter('positionRisk', [symbol]);
    const rows: PositionRiskRow[] = [];
    for (const [sym, p] of this.positions) {
      if (symbol !== undefined && sym !== symbol) continue;
      rows.push({
        symbol: sym,
        positionAmt: String(p.amt),
        entryPrice: '0',
        breakEvenPrice: '0',
        markPrice: String(p.mark),
        unRealizedProfit: '0',
        liquidationPrice: '0',
        leverage: '5',
        maxNotionalValue: '0',
        marginType: 'cross',
        isolatedMargin: '0',
        isAutoAddMargin: 'false',
        positionSide: 'BOTH',
        notional: String(p.amt * p.mark),
        isolatedWallet: '0',
        updateTime: 0,
      });
    }
    return rows.map(positionViewOf);
  }

  async openOrders(symbol: string): Promise<OrderView[]> {
    await this.enter('openOrders', [symbol]);
    return this.orders.filter((o) => o.symbol === symbol).map(orderViewOf);
  }

  async placeOrder(order: NewOrderRequest): Promise<OrderView> {
    await this.enter('placeOrder', [order]);
    const o = orderRow({
      orderId: this.nextId++,
      symbol: order.symbol,
      side: order.side,
      price: order.price ?? '0',
      origQty: order.quantity,
      clientOrderId: order.newClientOrderId ?? 'auto',
    });
    this.orders.push(o);
    return orderViewOf(o);
  }

  async cancelOrder(symbol: string, ref: OrderRef): Promise<OrderView> {
    await this.enter('cancelOrder', [symbol, ref]);
    const i = this.orders.findIndex((o) => o.symbol === symbol && o.orderId === ref.orderId);
    if (i < 0) throw new ExchangeError(-2011, 'Unknown order sent.');
    const [o] = this.orders.splice(i, 1);
    return orderViewOf({ ...o!, status: 'CANCELED' });
  }

  async cancelAll(symbol: string): Promise<void> {
    await this.enter('cancelAll', [symbol]);
    for (let i = this.orders.length - 1; i >= 0; i--) if (this.orders[i]!.symbol === symbol) this.orders.splice(i, 1);
  }

  async setLeverage(symbol: string, leverage: number): Promise<void> {
    await this.enter('setLeverage', [symbol, leverage]);
  }
}

export const RULES: Record<string, SymbolRules> = {
  BTCUSDT: { symbol: 'BTCUSDT', tickSize: '0.10', stepSize: '0.0001', minQty: '0.0001', minNotional: '5' },
  ETHUSDT: { symbol: 'ETHUSDT', tickSize: '0.01', stepSize: '0.001', minQty: '0.001', minNotional: '5' },
};

export interface Harness {
  clock: ManualClock;
  feed: FakeFeed;
  ex: FakeExchange;
  sink: RecordingSink;
  breaker: CircuitBreaker;
  config: StrategyConfig;
  deps: LoopDeps;
}

/** Deps for one loop task on BTCUSDT (mid 80000, fresh feed), with a fresh exchange and breaker. */
export function harness(
  opts: { name?: string; qty?: number; rng?: Rng; config?: StrategyConfig; symbol?: string } = {},
): Harness {
  const clock = new ManualClock();
  const feed = new FakeFeed();
  const symbol = opts.symbol ?? 'BTCUSDT';
  feed.set(symbol, symbol === 'BTCUSDT' ? 80_000 : 3_000);
  const ex = new FakeExchange();
  const sink = new RecordingSink();
  const config = opts.config ?? defaultStrategyConfig();
  const breaker = new CircuitBreaker(config.breaker, clock, 'acct', sink);
  const deps: LoopDeps = {
    name: opts.name ?? 'test[acct,BTC-PERP]',
    accountId: 'acct',
    symbol,
    exchange: ex,
    feed,
    clock,
    rng: opts.rng ?? new SeededRng('test').split(opts.name ?? 'task'),
    events: sink,
    breaker,
    config,
    format: new OrderFormatter(RULES[symbol]!),
    ids: new ClientOrderIds('t-', taskCode(0, 0)),
    qty: opts.qty ?? 0.0005,
  };
  return { clock, feed, ex, sink, breaker, config, deps };
}
