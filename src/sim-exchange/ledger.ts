/**
 * Cross-margin ledger of one account: USDC wallet, one-way positions, fees, margin.
 *
 * Rules (one-way mode, cross margin, one collateral asset):
 * - Position per symbol: signed amount in steps (long > 0), entry price = quantity-weighted average
 *   of the fills that opened/increased it. A fill against the position realises
 *   closedQty × (fillPrice − entry) × sign(position) into the wallet; a fill larger than the
 *   position flips it and the excess opens at the fill price. Flat ⇒ entry 0.
 * - Fees: price × qty × rate (maker or taker) per fill, debited from the wallet, summed in feesPaid.
 * - Unrealised PnL = amount × (mark − entry). Mark is the caller's `mark(symbol)` (Binance mid); a
 *   non-finite or non-positive mark falls back to the entry price (unrealised 0).
 * - Position initial margin = |amount| × mark / leverage(symbol).
 * - Open-order initial margin, per symbol: only the exposure-increasing part of resting orders.
 *   Buy orders first offset a short position, sell orders a long one; of each side's open quantity
 *   Q with open notional N (Σ order price × qty) and offsettable quantity P, the increasing notional
 *   is N × max(0, Q − P) / Q (pro rata over that side's orders). The symbol's open-order IM is
 *   max(increasing buy notional, increasing sell notional) / leverage (both sides cannot fill into
 *   more exposure than the larger of them, as on Binance's cross margin).
 * - availableBalance = wallet + Σ unrealised − Σ position IM − Σ open-order IM (may go negative).
 * - A new order is admitted when the increase in open-order IM it causes is 0 or fits the
 *   available balance (so reducing orders always pass, even with nothing available).
 *
 * Invariants: quantities are integer steps; open notionals are integer tick·step products (exact);
 * money (wallet, fees, PnL, entry) is float. All per-symbol state lives in preallocated
 * PositionState objects; balance/margin queries allocate nothing.
 *
 * - Funding (perp-venue.ts): applyFunding books a settlement's amount in the wallet and in
 *   `funding` (signed: received > 0). Liquidation fees and insurance top-ups go through
 *   chargeFee / credit.
 *
 * Known limits: maintenance margin and liquidation live in perp-venue.ts (used only when a scenario
 * enables them); no leverage brackets for initial margin; the margin
 * check values an order at its limit price (MARKET at mark) as if it rested in full, so taker
 * orders are checked conservatively and fees are not reserved.
 */
import type { Side } from '../engine/types.js';
import { priceOf, qtyOf, type CompiledSymbol } from './filters.js';

export class PositionState {
  /** Signed position in steps. */
  amtSteps = 0;
  entryPrice = 0;
  /** Realised PnL of this symbol (fees excluded). */
  realizedPnl = 0;
  /** Open (resting) buy quantity in steps and Σ priceTicks × steps. */
  buySteps = 0;
  buyTS = 0;
  sellSteps = 0;
  sellTS = 0;
  updateTime = 0;

  constructor(
    readonly spec: CompiledSymbol,
    public leverage: number,
  ) {}

  get amt(): number {
    return qtyOf(this.spec, this.amtSteps);
  }
}

export class MarginLedger {
  wallet: number;
  feesPaid = 0;
  /** Funding received (> 0) or paid (< 0) over the run. */
  funding = 0;
  updateTime = 0;
  /** Realised PnL of the latest applyFill (fees excluded). */
  lastRealized = 0;
  readonly positions: readonly PositionState[];
  private readonly bySymbol = new Map<string, PositionState>();

  constructor(
    wallet: number,
    specs: readonly CompiledSymbol[],
    leverage: number,
    readonly mark: (symbol: string) => number,
  ) {
    this.wallet = wallet;
    const ps: PositionState[] = [];
    for (const s of specs) {
      const p = new PositionState(s, leverage);
      ps.push(p);
      this.bySymbol.set(s.symbol, p);
    }
    this.positions = ps;
  }

  position(symbol: string): PositionState | undefined {
    return this.bySymbol.get(symbol);
  }

  /** Book a fill of `steps` at `priceTicks` on `side`; returns the fee charged. */
  applyFill(p: PositionState, side: Side, priceTicks: number, steps: number, feeRate: number, now: number): number {
    const price = priceOf(p.spec, priceTicks);
    const step = p.spec.step;
    const fee = price * steps * step * feeRate;
    this.wallet -= fee;
    this.feesPaid += fee;
    let realized = 0;
    const d = side === 'BUY' ? 1 : -1;
    const a = p.amtSteps;
    if (a === 0 || Math.sign(a) === d) {
      const abs = Math.abs(a);
      p.entryPrice = (abs * p.entryPrice + steps * price) / (abs + steps);
      p.amtSteps = a + d * steps;
    } else {
      const abs = Math.abs(a);
      const closed = Math.min(abs, steps);
      realized = closed * step * (price - p.entryPrice) * Math.sign(a);
      if (steps < abs) {
        p.amtSteps = a + d * steps;
      } else if (steps === abs) {
        p.amtSteps = 0;
        p.entryPrice = 0;
      } else {
        p.amtSteps = d * (steps - abs);
        p.entryPrice = price;
      }
      this.wallet += realized;
      p.realizedPnl += realized;
    }
    this.lastRealized = realized;
    p.updateTime = now;
    this.updateTime = now;
    return fee;
  }

  /** A funding settlement: `amount` received (> 0) or paid (< 0). */
  applyFunding(amount: number, now: number): void {
    this.wallet += amount;
    this.funding += amount;
    this.updateTime = now;
  }

  /** A fee outside a fill (the liquidation fee): debited from the wallet, counted in feesPaid. */
  chargeFee(fee: number, now: number): void {
    this.wallet -= fee;
    this.feesPaid += fee;
    this.updateTime = now;
  }

  /** Money moved into the wallet from outside trading (the insurance fund's top-up, a fee received). */
  credit(amount: number, now: number): void {
    this.wallet += amount;
    this.updateTime = now;
  }

  addOpen(p: PositionState, side: Side, priceTicks: number, steps: number): void {
    if (side === 'BUY') {
      p.buySteps += steps;
      p.buyTS += priceTicks * steps;
    } else {
      p.sellSteps += steps;
      p.sellTS += priceTicks * steps;
    }
  }

  removeOpen(p: PositionState, side: Side, priceTicks: number, steps: number): void {
    this.addOpen(p, side, priceTicks, -steps);
  }

  markOf(p: PositionState): number {
    const m = this.mark(p.spec.symbol);
    return Number.isFinite(m) && m > 0 ? m : p.entryPrice;
  }

  unrealized(p: PositionState): number {
    if (p.amtSteps === 0) return 0;
    return p.amtSteps * p.spec.step * (this.markOf(p) - p.entryPrice);
  }

  positionIM(p: PositionState): number {
    if (p.amtSteps === 0) return 0;
    return (Math.abs(p.amtSteps) * p.spec.step * this.markOf(p)) / p.leverage;
  }

  /** Open-order IM of a symbol with hypothetical extra open quantity (see the module rule). */
  openOrderIM(p: PositionState, extraSide?: Side, extraTicks = 0, extraSteps = 0): number {
    let bq = p.buySteps;
    let bts = p.buyTS;
    let sq = p.sellSteps;
    let sts = p.sellTS;
    if (extraSide === 'BUY') {
      bq += extraSteps;
      bts += extraTicks * extraSteps;
    } else if (extraSide === 'SELL') {
      sq += extraSteps;
      sts += extraTicks * extraSteps;
    }
    const a = p.amtSteps;
    const incBuy = increasing(bq, bts, a < 0 ? -a : 0);
    const incSell = increasing(sq, sts, Math.max(a, 0));
    return (Math.max(incBuy, incSell) * p.spec.unit) / p.leverage;
  }

  /** Increase in open-order IM if an order of `steps` at `priceTicks` were added to the book. */
  extraOpenIM(p: PositionState, side: Side, priceTicks: number, steps: number): number {
    return this.openOrderIM(p, side, priceTicks, steps) - this.openOrderIM(p);
  }

  totalUnrealized(): number {
    let u = 0;
    for (const p of this.positions) u += this.unrealized(p);
    return u;
  }

  totalPositionIM(): number {
    let m = 0;
    for (const p of this.positions) m += this.positionIM(p);
    return m;
  }

  totalOpenOrderIM(): number {
    let m = 0;
    for (const p of this.positions) m += this.openOrderIM(p);
    return m;
  }

  availableBalance(): number {
    let v = this.wallet;
    for (const p of this.positions) v += this.unrealized(p) - this.positionIM(p) - this.openOrderIM(p);
    return v;
  }
}

/** Increasing part (in tick·steps) of one side's open orders: N × max(0, Q − P) / Q. */
function increasing(q: number, ts: number, offset: number): number {
  if (q <= offset) return 0;
  return offset === 0 ? ts : (ts * (q - offset)) / q;
}
