/**
 * Outside liquidity, the tape-quotes model (`outside_quotes:` in a scenario): the Binance best bid
 * and ask of each symbol's tape stand as outside quotes on the venue, so a crossing order can fill
 * against them (the exchange core interleaves them with its book by price:
 * src/sim-exchange/outside-quotes.ts) — a taker's remainder no longer rests 50 bps through the mid
 * when the user says outside traders exist.
 *
 * Rules:
 * - Price: the tape's latest bid and ask at the venue's time (no feed latency: outside traders
 *   are taken to be as fast as the venue's own mark), moved `offset_bps` outwards (bid × (1 −
 *   offset), ask × (1 + offset)) and snapped away from the mid to the symbol's tick (bid down,
 *   ask up), so an offset never makes them better than the tape.
 * - Size: the tape's bid qty and ask qty (or the scenario's fixed `qty` per symbol), floored to
 *   the step; a fill takes from it, and every new tick renews both sides in full.
 * - Owner: the `outside-quotes` account, funded without limit, which takes the other side of each
 *   fill; its fills count as external fills in the report.
 * Leaves out: depth beyond the best level, queue position among outside traders, outside traders
 * taking the fleet's stale quotes (that is `external_flow`), and any cost of their hedging.
 */
import type { Side, SymbolRules } from '../engine/types.js';
import type { OutsideQuote, OutsideQuotes } from '../sim-exchange/outside-quotes.js';
import type { OutsideQuotesSpec } from '../scenario/scenario.js';
import type { Tick } from '../market-data/tick-source.js';
import type { TapeCursor } from '../sim/tape-cursor.js';

/** The account that owns the outside quotes. */
export const OUTSIDE_QUOTES_ACCOUNT = 'outside-quotes';

interface SymbolState {
  readonly cursor: TapeCursor;
  readonly tick: number;
  readonly step: number;
  readonly fixedQty: number | undefined;
  /** The tick the sizes below belong to. */
  seen: Tick | undefined;
  bid: OutsideQuote;
  ask: OutsideQuote;
}

export class TapeQuotes implements OutsideQuotes {
  readonly account = OUTSIDE_QUOTES_ACCOUNT;
  private readonly syms = new Map<string, SymbolState>();
  private readonly factorBid: number;
  private readonly factorAsk: number;

  constructor(tapes: ReadonlyMap<string, TapeCursor>, rules: Record<string, SymbolRules>, spec: OutsideQuotesSpec) {
    this.factorBid = 1 - spec.offset_bps / 1e4;
    this.factorAsk = 1 + spec.offset_bps / 1e4;
    for (const [sym, cursor] of tapes) {
      const r = rules[sym]!;
      this.syms.set(sym, {
        cursor,
        tick: Number(r.tickSize),
        step: Number(r.stepSize),
        fixedQty: spec.qty?.[sym],
        seen: undefined,
        bid: { priceTicks: 0, steps: 0 },
        ask: { priceTicks: 0, steps: 0 },
      });
    }
  }

  best(symbol: string, side: Side, now: number): OutsideQuote | undefined {
    const s = this.syms.get(symbol);
    if (s === undefined) return undefined;
    s.cursor.advance(now);
    const t = s.cursor.last;
    if (t === undefined) return undefined;
    if (t !== s.seen) this.renew(s, t);
    const q = side === 'BUY' ? s.bid : s.ask;
    return q.steps > 0 && q.priceTicks > 0 ? q : undefined;
  }

  take(symbol: string, side: Side, steps: number): void {
    const s = this.syms.get(symbol);
    if (s === undefined) return;
    const q = side === 'BUY' ? s.bid : s.ask;
    q.steps = Math.max(0, q.steps - steps);
  }

  private renew(s: SymbolState, t: Tick): void {
    s.seen = t;
    const steps = (qty: number): number => Math.max(0, Math.floor(qty / s.step + 1e-9));
    // Fresh objects: a quote handed out before the renewal keeps its own numbers.
    s.bid = { priceTicks: Math.floor((t.bid * this.factorBid) / s.tick + 1e-9), steps: steps(s.fixedQty ?? t.bidQty) };
    s.ask = { priceTicks: Math.ceil((t.ask * this.factorAsk) / s.tick - 1e-9), steps: steps(s.fixedQty ?? t.askQty) };
  }
}
