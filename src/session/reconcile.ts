/**
 * Start-up reconciliation: per account and symbol, find the open orders a previous run left
 * behind and cancel them (default) or adopt them (leave them for the loops, which read open
 * orders every iteration). Either way a restart never leaves duplicates it does not know about.
 */
import type { Exchange } from '../engine/ports.js';
import type { OrderView } from '../engine/views.js';

import type { ReconcileMode } from '../config/live-config.js';
import type { SessionLog } from './session-log.js';

export type { ReconcileMode };

export interface ReconcileResult {
  found: number;
  cancelled: number;
  adopted: number;
  /** Still open after a cancel (verification failed), or accounts/symbols that could not be read. */
  errors: Array<{ account: string; symbol: string; message: string }>;
  leftovers: Array<{
    account: string;
    symbol: string;
    orders: Array<Pick<OrderView, 'orderId' | 'clientOrderId' | 'side' | 'price' | 'origQty'>>;
  }>;
}

/** The part of the session log reconciliation writes to. */
export type ReconcileLog = Pick<SessionLog, 'info' | 'warn'>;

/** Run `fn` over `items` with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (i < items.length) await fn(items[i++]!);
  });
  await Promise.all(workers);
}

export async function reconcile(
  clients: Map<string, Exchange>,
  symbols: string[],
  mode: ReconcileMode,
  log: ReconcileLog,
  concurrency = 6,
): Promise<ReconcileResult> {
  const result: ReconcileResult = { found: 0, cancelled: 0, adopted: 0, errors: [], leftovers: [] };
  const jobs = [...clients.keys()].flatMap((account) => symbols.map((symbol) => ({ account, symbol })));
  await pool(jobs, concurrency, async ({ account, symbol }) => {
    const ex = clients.get(account)!;
    try {
      const open = await ex.openOrders(symbol);
      if (open.length === 0) return;
      result.found += open.length;
      const orders = open.map((o) => ({
        orderId: o.orderId,
        clientOrderId: o.clientOrderId,
        side: o.side,
        price: o.price,
        origQty: o.origQty,
      }));
      result.leftovers.push({ account, symbol, orders });
      if (mode === 'adopt' || mode === 'report') {
        if (mode === 'adopt') result.adopted += open.length;
        log.info(mode === 'adopt' ? 'reconcile_adopt' : 'reconcile_found', { account, symbol, count: open.length, orders });
        return;
      }
      await ex.cancelAll(symbol);
      const after = await ex.openOrders(symbol);
      result.cancelled += open.length - after.length;
      log.info('reconcile_cancel', { account, symbol, count: open.length, remaining: after.length, orders });
      if (after.length > 0) {
        result.errors.push({ account, symbol, message: `${after.length} order(s) still open after cancelAll` });
      }
    } catch (e) {
      result.errors.push({ account, symbol, message: (e as Error).message });
      log.warn('reconcile_error', { account, symbol, error: (e as Error).message });
    }
  });
  return result;
}
