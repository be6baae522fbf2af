/**
 * Graceful stop (design.md §7), the same in every world: raise the shared stop flag (every client
 * refuses placements from then on), abort the loops, let in-flight calls finish (bounded by the
 * drain timeout), then — unless keepOrders — cancel the open orders of every account and symbol and
 * read them back until none is open (a few rounds). The result says what is still open, so the
 * caller can fail loudly instead of leaving orders behind unknowingly.
 */
import type { Clock, Exchange } from '../engine/ports.js';
import { pool } from './reconcile.js';
import type { SessionLog } from './session-log.js';
import type { StopFlag } from './stop-flag.js';

export interface StopDeps {
  stop: StopFlag;
  /** Aborts every loop. */
  loops: AbortController;
  /** Resolves when every loop has returned (runFleet). */
  fleetDone: Promise<void>;
  /** Exchanges to clean up, by account. */
  exchanges: Map<string, Exchange>;
  symbols: string[];
  keepOrders: boolean;
  clock: Clock;
  log: SessionLog;
  /** Longest wait for in-flight calls, ms. */
  drainTimeoutMs?: number;
  /** cancelAll rounds per account/symbol until openOrders reads empty. */
  cancelAttempts?: number;
}

export interface StopResult {
  drained: boolean;
  cancelCalls: number;
  stillOpen: Array<{ account: string; symbol: string; count: number }>;
  errors: Array<{ account: string; symbol: string; message: string }>;
}

export async function gracefulStop(d: StopDeps): Promise<StopResult> {
  d.stop.stop('signal');
  d.loops.abort();
  const drainMs = d.drainTimeoutMs ?? 15_000;
  const timer = new AbortController();
  const drained = await Promise.race([d.fleetDone.then(() => true), d.clock.sleep(drainMs, timer.signal).then(() => false)]);
  timer.abort();
  d.log.info('shutdown_loops_stopped', { drained, drainTimeoutMs: drainMs });
  const result: StopResult = { drained, cancelCalls: 0, stillOpen: [], errors: [] };
  if (d.keepOrders) {
    d.log.info('shutdown_keep_orders', { note: 'open orders left on the exchange (--keep-orders)' });
    return result;
  }
  const attempts = d.cancelAttempts ?? 3;
  const jobs = [...d.exchanges.keys()].flatMap((account) => d.symbols.map((symbol) => ({ account, symbol })));
  await pool(jobs, 6, async ({ account, symbol }) => {
    const ex = d.exchanges.get(account)!;
    let last = -1;
    for (let i = 0; i < attempts; i++) {
      try {
        await ex.cancelAll(symbol);
        result.cancelCalls++;
        last = (await ex.openOrders(symbol)).length;
        if (last === 0) return;
      } catch (e) {
        if (i === attempts - 1) result.errors.push({ account, symbol, message: (e as Error).message });
      }
    }
    if (last > 0) result.stillOpen.push({ account, symbol, count: last });
  });
  if (result.stillOpen.length > 0 || result.errors.length > 0) {
    d.log.error('shutdown_cancel_incomplete', { stillOpen: result.stillOpen, errors: result.errors });
  } else {
    d.log.info('shutdown_orders_cancelled', { accounts: d.exchanges.size, symbols: d.symbols, cancelCalls: result.cancelCalls });
  }
  return result;
}
