/**
 * The perpetual's venue actions: funding settlements, maintenance-margin reads and the
 * liquidation engine, applied to the shared VenueState (venue-state.ts). The rules themselves
 * (who pays what, when an account is below maintenance, the closing price) are pure functions in
 * perp-venue.ts; this file does the order-book and listener side of them.
 *
 * Rules:
 * - Nothing here runs unless the world calls it (settleFunding, liquidationCheck); none of it is
 *   charged to an account's rate limits.
 * - Accounts are walked in creation order, so payments and liquidations come out in a fixed order.
 * - A liquidation cancels all of the account's open orders first (one book event per symbol that
 *   had any), then closes each position with one FILLED MARKET order (clientOrderId
 *   `autoclose-<t>-<id>`, a fresh order id and trade id) against the liquidation account, then
 *   tells one LIQUIDATION account event. The liquidation account and the outside quotes' account
 *   are never liquidated.
 */
import type { Side } from '../engine/types.js';
import { priceOf, qtyOf } from './filters.js';
import type { MaintenanceModel } from './maintenance-margin.js';
import { OrderRecord } from './order-record.js';
import {
  belowMaintenance,
  closeAtMark,
  fundingAmount,
  maintenanceMargin,
  positionNotional,
  type Liquidation,
  type LiquidationConfig,
} from './perp-venue.js';
import type { Account, VenueState } from './venue-state.js';

/**
 * A funding settlement of one symbol at `rate` (perp-venue.ts): every account with a position
 * pays or receives amount × mark × rate. Returns the non-zero payments, in account order.
 */
export function settleFunding(
  s: VenueState,
  symbol: string,
  rate: number,
  now: number,
): Array<{ account: string; amount: number }> {
  const out: Array<{ account: string; amount: number }> = [];
  for (const a of s.accounts.values()) {
    const p = a.ledger.position(symbol);
    if (p === undefined || p.amtSteps === 0) continue;
    const amount = fundingAmount(a.ledger, p, rate);
    if (amount === 0) continue;
    a.ledger.applyFunding(amount, now);
    out.push({ account: a.id, amount });
    s.listener?.account(a.id, 'FUNDING_FEE', now, [symbol], amount);
  }
  return out;
}

/** Maintenance margin of an account under `mm` (0 without positions). */
export function maintenanceOf(s: VenueState, acct: string, mm: MaintenanceModel): number {
  return maintenanceMargin(s.account(acct).ledger, mm);
}

/** Maintenance margin of one position under `mm` (0 for an unknown symbol). */
export function positionMaintenanceOf(s: VenueState, acct: string, symbol: string, mm: MaintenanceModel): number {
  const l = s.account(acct).ledger;
  const p = l.position(symbol);
  return p === undefined ? 0 : mm.margin(symbol, positionNotional(l, p));
}

/**
 * Liquidate every account below its maintenance margin (perp-venue.ts), in account order; needs
 * cfg.liquidation. Returns the positions closed.
 */
export function liquidationCheck(s: VenueState, now: number): Liquidation[] {
  const cfg = s.cfg.liquidation;
  const out: Liquidation[] = [];
  if (cfg === undefined) return out;
  for (const a of s.accounts.values()) {
    if (a.id === cfg.account || a.id === s.outside?.account) continue;
    const below = belowMaintenance(a.ledger, cfg.maintenance);
    if (below !== undefined) liquidate(s, a, cfg, below, now, out);
  }
  return out;
}

function liquidate(
  s: VenueState,
  a: Account,
  cfg: LiquidationConfig,
  below: { marginBalance: number; maintMargin: number },
  now: number,
  out: Liquidation[],
): void {
  const fund = s.account(cfg.account);
  for (const [sym, m] of a.open) {
    if (m.size === 0) continue;
    const book = s.books.get(sym)!;
    for (const o of m.values()) {
      book.remove(o);
      s.close(a, o, 'CANCELED', now);
    }
    s.listener?.book(sym, now);
  }
  const first = out.length;
  const symbols: string[] = [];
  for (const p of a.ledger.positions) {
    if (p.amtSteps === 0) continue;
    const spec = p.spec;
    const side: Side = p.amtSteps > 0 ? 'SELL' : 'BUY';
    const steps = Math.abs(p.amtSteps);
    const ticks = closeAtMark(a.ledger, p);
    fund.ledger.applyFill(fund.ledger.position(spec.symbol)!, side === 'SELL' ? 'BUY' : 'SELL', ticks, steps, 0, now);
    a.ledger.applyFill(p, side, ticks, steps, 0, now);
    const realized = a.ledger.lastRealized;
    const notional = ticks * steps * spec.unit;
    const fee = Math.min(cfg.feeRate * notional, Math.max(0, a.ledger.wallet));
    if (fee > 0) {
      a.ledger.chargeFee(fee, now);
      fund.ledger.credit(fee, now);
    }
    const id = s.nextOrderId++;
    const o = new OrderRecord(
      id,
      a.id,
      spec,
      p,
      side,
      'MARKET',
      'IOC',
      ticks,
      steps,
      `autoclose-${now}-${id}`,
      true,
      'NONE',
      now,
    );
    o.openSteps = 0;
    o.filledSteps = steps;
    o.cumTS = ticks * steps;
    o.status = 'FILLED';
    s.history.add(o);
    const tradeId = s.nextTradeId++;
    s.listener?.order(o, 'TRADE', now, { tradeId, priceTicks: ticks, steps, fee, realized, maker: false });
    symbols.push(spec.symbol);
    out.push({
      t: now,
      account: a.id,
      symbol: spec.symbol,
      side,
      qty: qtyOf(spec, steps),
      price: priceOf(spec, ticks),
      fee,
      marginBalance: below.marginBalance,
      maintMargin: below.maintMargin,
      insuranceCovered: 0,
      orderId: id,
    });
  }
  if (a.ledger.wallet < 0) {
    const cover = -a.ledger.wallet;
    a.ledger.credit(cover, now);
    fund.ledger.credit(-cover, now);
    if (out.length > first) out[out.length - 1]!.insuranceCovered = cover;
  }
  s.listener?.account(a.id, 'LIQUIDATION', now, symbols);
}
