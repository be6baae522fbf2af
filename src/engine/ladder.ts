/**
 * LadderMakerLoop (strategy-loops.md §2): keep exactly one resting LIMIT order on one fixed side at
 * mid ∓ offset_bps (BUY below mid, SELL above).
 *
 * Invariants, in the spec's order:
 * - Exchange calls are sequential: balance() → positionRisk(symbol) → openOrders(symbol) →
 *   cancel/place. Balance+unrealised PnL feeds the breaker's drawdown check; if that opens the
 *   breaker the iteration stops before touching orders.
 * - Position-cap gate (when risk.position_gate): if |(pos + sign·qty)·mark| > cap, place nothing and
 *   cancel any own-side resting order, so a fill cannot push the position further. The opposite-side
 *   ladder is a different account/task and is untouched; it can always reduce.
 * - Drift: a live own-side order within drift_bps of the target stays (no churn); beyond it, it is
 *   cancelled and replaced. Extra own-side orders (a restart's leftovers) are cancelled, keeping the
 *   first listed.
 * - Prices snap passively (BUY floor, SELL ceil); qty floors to step (see orders.ts).
 */
import type { LoopTiming } from './config.js';
import { StrategyLoop, type LoopDeps } from './loop.js';
import type { Side } from './types.js';
import type { BalanceView, OrderView } from './views.js';

export interface LadderParams {
  side: Side;
  offsetBps: number;
}

export class LadderMakerLoop extends StrategyLoop {
  readonly role = 'ladder' as const;
  readonly side: Side;
  readonly offsetBps: number;
  /** Target = mid × targetFactor (1 − offset for BUY, 1 + offset for SELL). */
  private readonly targetFactor: number;
  private readonly driftLimit: number;

  constructor(deps: LoopDeps, params: LadderParams) {
    super(deps);
    this.side = params.side;
    this.offsetBps = params.offsetBps;
    const sign = params.side === 'BUY' ? -1 : 1;
    this.targetFactor = 1 + (sign * params.offsetBps) / 1e4;
    this.driftLimit = deps.config.ladder.drift_bps / 1e4;
  }

  protected get timing(): LoopTiming {
    return this.config.ladder;
  }

  protected async step(mid: number): Promise<void> {
    const target = mid * this.targetFactor;
    const ex = this.exchange;
    const signal = this.signal;

    const balances = await ex.balance();
    if (signal.aborted) return;
    const positions = await ex.positionRisk(this.symbol);
    if (signal.aborted) return;

    const equity = equityOf(balances);
    if (equity !== undefined) {
      this.breaker.updateEquity(equity);
      if (this.breaker.state === 'open') return; // drawdown tripped it: stop before touching orders
    }
    this.readPosition(positions, mid);

    if (this.gateOn) {
      const notional = this.wouldBeNotional(this.side);
      if (notional > this.cap) {
        this.emitGateSkip(this.side, notional);
        const open = await ex.openOrders(this.symbol);
        if (signal.aborted) return;
        for (let i = 0; i < open.length; i++) {
          const o = open[i]!;
          if (o.side !== this.side) continue;
          await this.cancel(o, 'gate');
          if (signal.aborted) return;
        }
        return;
      }
    }

    const open = await ex.openOrders(this.symbol);
    if (signal.aborted) return;
    let live: OrderView | undefined;
    for (let i = 0; i < open.length; i++) {
      const o = open[i]!;
      if (o.side !== this.side) continue;
      if (live === undefined) {
        live = o;
        continue;
      }
      await this.cancel(o, 'drift', 'duplicate');
      if (signal.aborted) return;
    }

    if (live !== undefined) {
      const drift = Math.abs(live.price - target) / target;
      if (drift <= this.driftLimit) return; // in place
      await this.cancel(live, 'drift');
      if (signal.aborted) return;
    }
    await this.place(this.side, target, this.config.ladder.time_in_force);
  }
}

/**
 * Account equity for the breaker: balance + crossUnPnl of the settlement-asset row (USDC preferred,
 * else USDT). Undefined when neither row is present.
 */
export function equityOf(rows: BalanceView[]): number | undefined {
  let usdt: BalanceView | undefined;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.asset === 'USDC') return r.balance + r.crossUnPnl;
    if (r.asset === 'USDT' && usdt === undefined) usdt = r;
  }
  return usdt === undefined ? undefined : usdt.balance + usdt.crossUnPnl;
}
