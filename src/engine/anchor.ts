/**
 * AnchorMakerLoop (strategy-loops.md §3): quote both sides at mid ± offset_bps (1 bps) so the book
 * shows a tight inside spread.
 *
 * Invariants, in the spec's order:
 * - Exchange calls are sequential: positionRisk(symbol) → openOrders(symbol) → ensure(BUY) →
 *   ensure(SELL). Both sides are judged against the same position snapshot taken at the start.
 * - Per-side position-cap gate (when risk.position_gate): a side whose fill would take
 *   |position|·mark over the cap cancels its resting order and places nothing; the other side is
 *   judged independently, so the reducing side keeps quoting.
 * - Drift: a live order more than drift_bps (1 bps) from its target is cancelled and replaced; within
 *   it, left alone. Extra orders on a side (a restart's leftovers) are cancelled, keeping the first.
 * - The anchor does not fetch balance (the spec's anchor does not), so its breaker sees API errors
 *   only, not drawdown.
 */
import type { LoopTiming } from './config.js';
import { StrategyLoop, type LoopDeps } from './loop.js';
import type { Side } from './types.js';
import type { OrderView } from './views.js';

export class AnchorMakerLoop extends StrategyLoop {
  readonly role = 'anchor' as const;
  private readonly bidFactor: number;
  private readonly askFactor: number;
  private readonly driftLimit: number;

  constructor(deps: LoopDeps) {
    super(deps);
    const off = deps.config.anchor.offset_bps / 1e4;
    this.bidFactor = 1 - off;
    this.askFactor = 1 + off;
    this.driftLimit = deps.config.anchor.drift_bps / 1e4;
  }

  protected get timing(): LoopTiming {
    return this.config.anchor;
  }

  protected async step(mid: number): Promise<void> {
    const targetBid = mid * this.bidFactor;
    const targetAsk = mid * this.askFactor;
    const ex = this.exchange;
    const signal = this.signal;

    const positions = await ex.positionRisk(this.symbol);
    if (signal.aborted) return;
    this.readPosition(positions, mid);

    const open = await ex.openOrders(this.symbol);
    if (signal.aborted) return;
    let liveBid: OrderView | undefined;
    let liveAsk: OrderView | undefined;
    for (let i = 0; i < open.length; i++) {
      const o = open[i]!;
      if (o.side === 'BUY') {
        if (liveBid === undefined) {
          liveBid = o;
          continue;
        }
      } else if (liveAsk === undefined) {
        liveAsk = o;
        continue;
      }
      await this.cancel(o, 'drift', 'duplicate');
      if (signal.aborted) return;
    }

    if (!(await this.ensure(targetBid, 'BUY', liveBid))) return;
    await this.ensure(targetAsk, 'SELL', liveAsk);
  }

  /** One side of the anchor; returns false when aborted midway (stop the iteration). */
  private async ensure(target: number, side: Side, live: OrderView | undefined): Promise<boolean> {
    const signal = this.signal;
    if (this.gateOn) {
      const notional = this.wouldBeNotional(side);
      if (notional > this.cap) {
        this.emitGateSkip(side, notional);
        if (live !== undefined) {
          await this.cancel(live, 'gate');
          if (signal.aborted) return false;
        }
        return true;
      }
    }
    if (live !== undefined && Math.abs(live.price - target) / target > this.driftLimit) {
      await this.cancel(live, 'drift');
      if (signal.aborted) return false;
      live = undefined;
    }
    if (live === undefined) {
      await this.place(side, target, this.config.anchor.time_in_force);
      if (signal.aborted) return false;
    }
    return true;
  }
}
