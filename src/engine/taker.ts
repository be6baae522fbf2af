/**
 * TakerLoop (strategy-loops.md §4): cross aggression_bps (50 bps) past mid with a LIMIT GTC order to
 * force a fill, about once every interval.
 *
 * Invariants, in the spec's order:
 * - Exchange calls are sequential: positionRisk(symbol) → openOrders(symbol) → cancel each →
 *   placeOrder.
 * - Side: when |position|·mark is over the cap, the side that reduces the position
 *   (`taker_force_reduce`); otherwise a fair coin from this task's own stream (one draw per
 *   non-forced iteration). Force-reduce is the taker's own logic, not the maker gate, so it applies
 *   even when risk.position_gate is off.
 * - Every open order on the symbol is cancelled before placing (a resting taker order would lock
 *   margin), so at most one taker order per task rests at a time.
 * - Price = mid·(1 + aggression) for BUY, mid·(1 − aggression) for SELL, snapped passively
 *   (BUY floor, SELL ceil) so it never pays beyond the spec's aggression.
 */
import type { LoopTiming } from './config.js';
import { StrategyLoop, type LoopDeps } from './loop.js';
import type { Side } from './types.js';

export class TakerLoop extends StrategyLoop {
  readonly role = 'taker' as const;
  private readonly aggression: number;
  /** Side chosen by the latest iteration (for tests and diagnostics). */
  lastSide: Side | undefined;

  constructor(deps: LoopDeps) {
    super(deps);
    this.aggression = deps.config.taker.aggression_bps / 1e4;
  }

  protected get timing(): LoopTiming {
    return this.config.taker;
  }

  protected async step(mid: number): Promise<void> {
    const ex = this.exchange;
    const signal = this.signal;

    const positions = await ex.positionRisk(this.symbol);
    if (signal.aborted) return;
    this.readPosition(positions, mid);

    const notional = Math.abs(this.posAmt * this.mark);
    let side: Side;
    if (notional > this.cap) {
      side = this.posAmt > 0 ? 'SELL' : 'BUY';
      this.events.emit({
        type: 'taker_force_reduce',
        task: this.name,
        account: this.accountId,
        symbol: this.symbol,
        side,
        notional,
      });
    } else {
      side = this.rng.next() < 0.5 ? 'BUY' : 'SELL';
    }
    this.lastSide = side;
    const price = side === 'BUY' ? mid * (1 + this.aggression) : mid * (1 - this.aggression);

    const open = await ex.openOrders(this.symbol);
    if (signal.aborted) return;
    for (let i = 0; i < open.length; i++) {
      await this.cancel(open[i]!, 'taker_previous');
      if (signal.aborted) return;
    }
    await this.place(side, price, 'GTC');
  }
}
