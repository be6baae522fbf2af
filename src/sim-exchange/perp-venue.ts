/**
 * The perpetual's account rules the venue applies when the world asks (funding settlements,
 * liquidation checks), as pure functions of one account's ledger; perp-actions.ts does the
 * order book side (cancelling, the closing fill, the listener's events).
 *
 * Funding (Binance USD-M, cross margin): at a settlement every open position pays
 * amount × mark × rate (a positive rate: longs pay, shorts receive), booked in the wallet; mark is
 * the venue's mark at the settlement time. The net over all accounts is zero when the venue's net
 * position is (it always is: every fill has two sides).
 *
 * Liquidation (cross margin, one-way): an account is liquidated when its maintenance margin
 * MM = Σ maintenance(|amount| × mark) (maintenance-margin.ts) is above 0 and its margin balance
 * (wallet + Σ unrealised PnL) falls below MM. Then the liquidation engine cancels all of the
 * account's open orders and closes every position with one MARKET order per symbol at the mark
 * (snapped to the tick), against its own account (Binance's insurance fund takes the position
 * over). The liquidated account pays a liquidation fee of `feeRate` × the closed notional, at most
 * what is left in its wallet; a wallet below 0 after closing is topped up to 0 by the insurance
 * fund (`insuranceCovered`), so a wallet never stays negative. The fee goes to the insurance fund.
 *
 * Known limits: the close is one fill at the mark, not a walk of the book at the bankruptcy price;
 * no partial liquidation of large positions, no auto-deleveraging, no isolated margin.
 */
import type { Side } from '../engine/types.js';
import type { MarginLedger, PositionState } from './ledger.js';
import type { MaintenanceModel } from './maintenance-margin.js';

export interface LiquidationConfig {
  /** The liquidation engine's (insurance fund's) account on the venue. */
  account: string;
  /** Fraction of the closed notional charged as the liquidation fee. */
  feeRate: number;
  maintenance: MaintenanceModel;
}

/** One position closed by the liquidation engine. */
export interface Liquidation {
  t: number;
  account: string;
  symbol: string;
  /** Side of the closing order (SELL closes a long). */
  side: Side;
  qty: number;
  price: number;
  fee: number;
  /** Of the account, when the check found it below maintenance. */
  marginBalance: number;
  maintMargin: number;
  /** Paid by the insurance fund to bring the wallet back to 0 (after all of the account's closes). */
  insuranceCovered: number;
  orderId: number;
}

export function positionNotional(l: MarginLedger, p: PositionState): number {
  return p.amtSteps === 0 ? 0 : Math.abs(p.amtSteps) * p.spec.step * l.markOf(p);
}

export function maintenanceMargin(l: MarginLedger, mm: MaintenanceModel): number {
  let m = 0;
  for (const p of l.positions) if (p.amtSteps !== 0) m += mm.margin(p.spec.symbol, positionNotional(l, p));
  return m;
}

export function marginBalance(l: MarginLedger): number {
  return l.wallet + l.totalUnrealized();
}

/** True when the account must be liquidated now (see the module rule). */
export function belowMaintenance(
  l: MarginLedger,
  mm: MaintenanceModel,
): { marginBalance: number; maintMargin: number } | undefined {
  // One pass, one mark per open position: this runs for every account at every check.
  let maint = 0;
  let bal = l.wallet;
  for (const p of l.positions) {
    if (p.amtSteps === 0) continue;
    const mark = l.markOf(p);
    const qty = p.amtSteps * p.spec.step;
    bal += qty * (mark - p.entryPrice);
    maint += mm.margin(p.spec.symbol, Math.abs(qty) * mark);
  }
  return maint > 0 && bal < maint ? { marginBalance: bal, maintMargin: maint } : undefined;
}

/** The funding a position pays (negative) or receives at `rate`, at the ledger's mark. */
export function fundingAmount(l: MarginLedger, p: PositionState, rate: number): number {
  if (p.amtSteps === 0) return 0;
  const v = -p.amtSteps * p.spec.step * l.markOf(p) * rate;
  return Number.isFinite(v) ? v : 0;
}

/** The closing price of a liquidation: the mark snapped to the nearest tick (at least one tick). */
export function closeAtMark(l: MarginLedger, p: PositionState): number {
  return Math.max(1, Math.round(l.markOf(p) / p.spec.tick));
}
