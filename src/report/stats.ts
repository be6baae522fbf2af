/**
 * Counts what happened during a sim run: engine events (gate actions, placements, rejections,
 * breaker transitions) and exchange fills, per account × symbol and per layer. Plain counters in
 * fixed-order maps; turned into the report by report.ts.
 */
import type { EngineEvent, EventSink } from '../engine/events.js';
import type { AccountSpec, Layer } from '../engine/roster.js';
import type { Fill } from '../sim-exchange/exchange-core.js';

export const LAYERS: readonly Layer[] = ['anchor', 'L1', 'L2', 'L3', 'taker'];

export interface LayerCounter {
  fills: number;
  maker_fills: number;
  taker_fills: number;
  qty: number;
  notional: number;
}

export interface PairCounter {
  fills: number;
  orders_placed: number;
  gate_skips: number;
  gate_cancels: number;
  breaker_skips: number;
  stale_skips: number;
  iteration_errors: number;
  rejections: Map<number, number>;
  max_abs_notional: number;
  /** Highest (|position| − one own order) × price seen: above the cap means beyond "cap + one order". */
  max_excess_over_one_order: number;
  samples: number;
  samples_gated: number;
}

function newPair(): PairCounter {
  return {
    fills: 0,
    orders_placed: 0,
    gate_skips: 0,
    gate_cancels: 0,
    breaker_skips: 0,
    stale_skips: 0,
    iteration_errors: 0,
    rejections: new Map(),
    max_abs_notional: 0,
    max_excess_over_one_order: 0,
    samples: 0,
    samples_gated: 0,
  };
}

export class RunStats implements EventSink {
  readonly layerOf = new Map<string, Layer>();
  /** account → symbol → counters, in roster × symbol order. */
  readonly pairs = new Map<string, Map<string, PairCounter>>();
  /** symbol → layer → counters. */
  readonly funnel = new Map<string, Map<Layer, LayerCounter>>();
  readonly rejections = new Map<number, number>();
  readonly breakerOpens = new Map<string, number>();
  breakerTransitions = 0;
  /** Orders placed while the placing symbol's feed was older than the staleness limit (must stay 0). */
  quotesOnStaleFeed = 0;
  /** Fills against accounts outside the fleet (external flow), per symbol. */
  readonly externalFills = new Map<string, number>();
  trades = 0;

  /** qty(account, symbol): one order of that account on that symbol. */
  constructor(
    roster: AccountSpec[],
    symbols: string[],
    private readonly orderQty: (account: string, symbol: string) => number,
  ) {
    for (const s of symbols) {
      const m = new Map<Layer, LayerCounter>();
      for (const l of LAYERS) m.set(l, { fills: 0, maker_fills: 0, taker_fills: 0, qty: 0, notional: 0 });
      this.funnel.set(s, m);
    }
    for (const a of roster) {
      this.layerOf.set(a.id, a.layer);
      const m = new Map<string, PairCounter>();
      for (const s of symbols) m.set(s, newPair());
      this.pairs.set(a.id, m);
      this.breakerOpens.set(a.id, 0);
    }
  }

  pair(account: string, symbol: string): PairCounter {
    return this.pairs.get(account)!.get(symbol)!;
  }

  emit(e: EngineEvent): void {
    switch (e.type) {
      case 'order_placed':
        this.pair(e.account, e.symbol).orders_placed++;
        break;
      case 'gate_skip':
        this.pair(e.account, e.symbol).gate_skips++;
        break;
      case 'gate_cancel':
        this.pair(e.account, e.symbol).gate_cancels++;
        break;
      case 'breaker_skip':
        this.pair(e.account, e.symbol).breaker_skips++;
        break;
      case 'stale_skip':
        this.pair(e.account, e.symbol).stale_skips++;
        break;
      case 'iteration_error': {
        const p = this.pair(e.account, e.symbol);
        p.iteration_errors++;
        const code = e.code ?? 0;
        p.rejections.set(code, (p.rejections.get(code) ?? 0) + 1);
        this.rejections.set(code, (this.rejections.get(code) ?? 0) + 1);
        break;
      }
      case 'breaker_transition':
        this.breakerTransitions++;
        if (e.to === 'open') this.breakerOpens.set(e.account, (this.breakerOpens.get(e.account) ?? 0) + 1);
        break;
      default:
        break;
    }
  }

  /** Called by the exchange core for every fill. `posAfter` gives an account's position amount after it. */
  onFill(f: Fill, posAfter: (account: string) => number): void {
    this.trades++;
    const layers = this.funnel.get(f.symbol)!;
    const notional = f.price * f.qty;
    for (const [acct, maker] of [
      [f.makerAccount, true],
      [f.takerAccount, false],
    ] as const) {
      const layer = this.layerOf.get(acct);
      if (!layer) {
        this.externalFills.set(f.symbol, (this.externalFills.get(f.symbol) ?? 0) + 1);
        continue;
      }
      const c = layers.get(layer)!;
      c.fills++;
      if (maker) c.maker_fills++;
      else c.taker_fills++;
      c.qty += f.qty;
      c.notional += notional;
      const p = this.pair(acct, f.symbol);
      p.fills++;
      this.observe(p, Math.abs(posAfter(acct)), f.price, this.orderQty(acct, f.symbol), false);
    }
  }

  /**
   * The periodic look at every account × symbol (every 10 s in the sim): max notional at mark, and
   * whether the account's next exposure-increasing order would be refused by a `cap` gate.
   */
  sampleAll(
    symbols: readonly string[],
    amtOf: (account: string, symbol: string) => number,
    markOf: (symbol: string) => number | undefined,
    cap: number,
  ): void {
    for (const sym of symbols) {
      const mark = markOf(sym);
      if (mark === undefined || !Number.isFinite(mark)) continue;
      for (const [acct, perSym] of this.pairs) {
        const absAmt = Math.abs(amtOf(acct, sym));
        const qty = this.orderQty(acct, sym);
        this.observe(perSym.get(sym)!, absAmt, mark, qty, true, (absAmt + qty) * mark > cap);
      }
    }
  }

  /** A look at an account's position (after a fill, or periodic: then also for time at cap). */
  observe(p: PairCounter, absAmt: number, price: number, orderQty: number, sample = true, gated = false): void {
    const notional = absAmt * price;
    if (notional > p.max_abs_notional) p.max_abs_notional = notional;
    const excess = (absAmt - orderQty) * price;
    if (excess > p.max_excess_over_one_order) p.max_excess_over_one_order = excess;
    if (sample) {
      p.samples++;
      if (gated) p.samples_gated++;
    }
  }
}
