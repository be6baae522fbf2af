/**
 * Dry run: reads go to the real account (balance, positions, open orders, exchangeInfo); every
 * write is logged and answered locally instead. Orders "placed" are kept as virtual open orders so
 * the loops see their own quotes and behave as they would live; nothing is ever sent.
 */
import type { Exchange } from '../engine/ports.js';
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { NewOrderRequest, OrderRef } from '../engine/types.js';
import type { OrderView } from '../engine/views.js';
import type { StopFlag } from '../session/stop-flag.js';

export interface DryRunLog {
  info(type: string, fields?: Record<string, unknown>): void;
}

let nextVirtualId = 9_000_000_000;

export class DryRunExchange implements Exchange {
  private readonly virtual = new Map<string, OrderView[]>();
  /** Real orders the loops "cancelled" in the dry run: hidden from openOrders from then on. */
  private readonly hidden = new Set<string>();
  readonly wouldSend: Array<{ action: string; symbol: string; [k: string]: unknown }> = [];

  constructor(
    private readonly inner: Exchange,
    private readonly account: string,
    private readonly log: DryRunLog,
    private readonly stop?: StopFlag,
  ) {}

  private list(symbol: string): OrderView[] {
    let l = this.virtual.get(symbol);
    if (!l) this.virtual.set(symbol, (l = []));
    return l;
  }

  exchangeInfo() {
    return this.inner.exchangeInfo();
  }
  balance() {
    return this.inner.balance();
  }
  positionRisk(symbol?: string) {
    return this.inner.positionRisk(symbol);
  }
  async openOrders(symbol: string): Promise<OrderView[]> {
    const real = (await this.inner.openOrders(symbol)).filter((o) => !this.hidden.has(`${symbol}|${o.orderId}`));
    return [...real, ...this.list(symbol)];
  }

  async placeOrder(o: NewOrderRequest): Promise<OrderView> {
    if (this.stop?.stopping) throw new ExchangeError(ErrorCode.UNKNOWN, 'shutting down: placement refused (not sent)', 0, false);
    const row: OrderView = {
      orderId: nextVirtualId++,
      symbol: o.symbol,
      status: 'NEW',
      clientOrderId: o.newClientOrderId ?? `dry-${nextVirtualId}`,
      side: o.side,
      price: Number(o.price ?? '0'),
      origQty: Number(o.quantity),
      executedQty: 0,
    };
    // A market/IOC order would not rest: report it as expired, keep only resting limit orders.
    if (o.type === 'LIMIT' && (o.timeInForce ?? 'GTC') !== 'IOC' && o.timeInForce !== 'FOK') this.list(o.symbol).push(row);
    else row.status = 'EXPIRED';
    const rec = {
      action: 'place',
      symbol: o.symbol,
      side: o.side,
      orderType: o.type,
      price: o.price,
      qty: o.quantity,
      tif: o.timeInForce,
      clientOrderId: row.clientOrderId,
    };
    this.wouldSend.push(rec);
    this.log.info('dry_run_order', { account: this.account, ...rec });
    return row;
  }

  async cancelOrder(symbol: string, ref: OrderRef): Promise<OrderView> {
    const l = this.list(symbol);
    const i = l.findIndex((o) =>
      ref.orderId !== undefined ? o.orderId === ref.orderId : o.clientOrderId === ref.origClientOrderId,
    );
    this.wouldSend.push({ action: 'cancel', symbol, ...ref });
    this.log.info('dry_run_cancel', { account: this.account, symbol, ...ref, virtual: i >= 0 });
    if (i < 0) {
      // A real order (left from before): not cancelled in a dry run, only hidden from the loops.
      const real = (await this.inner.openOrders(symbol)).find((o) =>
        ref.orderId !== undefined ? o.orderId === ref.orderId : o.clientOrderId === ref.origClientOrderId,
      );
      if (!real) throw new ExchangeError(ErrorCode.CANCEL_REJECTED, 'Unknown order sent.', 400, false);
      this.hidden.add(`${symbol}|${real.orderId}`);
      return { ...real, status: 'CANCELED' };
    }
    const [o] = l.splice(i, 1);
    return { ...o!, status: 'CANCELED' };
  }

  async cancelAll(symbol: string): Promise<void> {
    const n = this.list(symbol).length;
    this.virtual.set(symbol, []);
    this.wouldSend.push({ action: 'cancelAll', symbol });
    this.log.info('dry_run_cancel_all', { account: this.account, symbol, virtual: n });
  }

  async setLeverage(symbol: string, leverage: number): Promise<void> {
    this.wouldSend.push({ action: 'setLeverage', symbol, leverage });
    this.log.info('dry_run_leverage', { account: this.account, symbol, leverage });
  }
}
