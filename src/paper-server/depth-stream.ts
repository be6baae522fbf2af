/**
 * Depth of the paper venue's own book (the Rocky book: the fleet's resting orders), as Binance's
 * `<sym>@depth[@100ms|@500ms]` diff stream and `<sym>@depth<N>` partial stream, with update ids a
 * local order book can follow (Binance's "how to manage a local order book"):
 * - Every change of a symbol's resting book (the venue's listener `book()`) bumps the symbol's
 *   update id; REST depth answers the book with lastUpdateId = that id.
 * - Each change is compared with the book before it (both as price/qty strings), and every level it
 *   changed is noted, with its new absolute quantity ("0" = gone), for each diff speed.
 * - A diff stream of one speed (100, 250 or 500 ms of server time) sends, when the id moved since
 *   its last event, `U` = its last event's `u` + 1, `u` = the current id, `pu` = its last event's `u`
 *   and every level noted since its last event (with the quantity it has now), then forgets them:
 *   changes inside one period fold into one event, as Binance's do, and a level changed and changed
 *   back still appears (a follower whose snapshot caught the middle state gets it corrected).
 * - So a follower that takes a REST snapshot (lastUpdateId L), drops events with u < L, starts at
 *   the first event with U ≤ L ≤ u (applying absolute quantities is idempotent), and then requires
 *   each event's pu to be the previous u, holds exactly the venue's book (test/paper-server).
 * - Levels are compared as far as DEPTH_LEVELS per side (Binance's REST maximum, 1000); the
 *   fleet's books are tens of levels.
 */
import type { SimExchangeCore } from '../sim-exchange/exchange-core.js';

export const DEPTH_LEVELS = 1000;
export const DEPTH_SPEEDS = [100, 250, 500] as const;
export type DepthSpeed = (typeof DEPTH_SPEEDS)[number];

export interface DepthPayload {
  e: 'depthUpdate';
  E: number;
  T: number;
  s: string;
  U: number;
  u: number;
  pu: number;
  b: [string, string][];
  a: [string, string][];
}

type Levels = Map<string, string>;

interface SpeedState {
  lastU: number;
  bids: Levels;
  asks: Levels;
}

interface SymbolState {
  id: number;
  /** The book as of the latest change. */
  bids: Levels;
  asks: Levels;
  speeds: Map<DepthSpeed, SpeedState>;
}

export class DepthStreams {
  private readonly states = new Map<string, SymbolState>();

  constructor(
    private readonly core: SimExchangeCore,
    symbols: readonly string[],
  ) {
    for (const s of symbols) {
      const speeds = new Map<DepthSpeed, SpeedState>();
      for (const sp of DEPTH_SPEEDS) speeds.set(sp, { lastU: 1, bids: new Map(), asks: new Map() });
      this.states.set(s, { id: 1, bids: new Map(), asks: new Map(), speeds });
    }
  }

  /** The listener's book change: a new update id, the changed levels noted for every speed. */
  bump(symbol: string): void {
    const st = this.states.get(symbol);
    if (st === undefined) return;
    st.id++;
    const snap = this.snapshot(symbol, DEPTH_LEVELS);
    const b = changed(st.bids, snap.bids);
    const a = changed(st.asks, snap.asks);
    for (const sp of st.speeds.values()) {
      for (const [p, q] of b) sp.bids.set(p, q);
      for (const [p, q] of a) sp.asks.set(p, q);
    }
  }

  updateId(symbol: string): number {
    return this.states.get(symbol)?.id ?? 1;
  }

  /** The book as price/qty strings, best first (REST depth and partial streams). */
  snapshot(symbol: string, levels: number): { bids: [string, string][]; asks: [string, string][] } {
    const d = this.core.bookDepth(symbol, levels);
    const spec = this.core.specOf(symbol);
    const dec = spec?.tickDec ?? 8;
    const qd = spec?.stepDec ?? 8;
    const lv = (x: [number, number]): [string, string] => [x[0].toFixed(dec), x[1].toFixed(qd)];
    return { bids: d.bids.map(lv), asks: d.asks.map(lv) };
  }

  /** The diff event of one speed at `now`, or undefined when the book did not change since the last one. */
  diff(symbol: string, speed: DepthSpeed, now: number): DepthPayload | undefined {
    const st = this.states.get(symbol);
    const sp = st?.speeds.get(speed);
    if (st === undefined || sp === undefined || st.id === sp.lastU) return undefined;
    const ev: DepthPayload = {
      e: 'depthUpdate',
      E: now,
      T: now,
      s: symbol,
      U: sp.lastU + 1,
      u: st.id,
      pu: sp.lastU,
      b: [...sp.bids],
      a: [...sp.asks],
    };
    sp.bids.clear();
    sp.asks.clear();
    sp.lastU = st.id;
    return ev;
  }

  /** `<sym>@depth<N>`: the top N levels now, with the current ids. */
  partial(symbol: string, levels: number, now: number): DepthPayload {
    const snap = this.snapshot(symbol, levels);
    const id = this.updateId(symbol);
    return { e: 'depthUpdate', E: now, T: now, s: symbol, U: id, u: id, pu: id - 1, b: snap.bids, a: snap.asks };
  }
}

/** Levels of `now` that differ from `prev` (removed ones with qty "0"); `prev` becomes `now`. */
function changed(prev: Levels, now: [string, string][]): [string, string][] {
  const out: [string, string][] = [];
  const seen = new Set<string>();
  for (const [p, q] of now) {
    seen.add(p);
    if (prev.get(p) !== q) {
      out.push([p, q]);
      prev.set(p, q);
    }
  }
  for (const p of [...prev.keys()]) {
    if (!seen.has(p)) {
      out.push([p, '0']);
      prev.delete(p);
    }
  }
  return out;
}
