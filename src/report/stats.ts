/**
 * Counts what happened during a run (sim or serve): engine events (gate actions, placements,
 * rejections, breaker transitions), exchange fills and the periodic position samples, per account ×
 * symbol and per layer, and feeds the time-resolved collectors (windows, counterparty, fill
 * distance, resting through the mid, the pictures' series, the optional CSV export). Plain counters
 * in fixed-order maps; turned into the report by report.ts.
 *
 * What it may look at comes from the world as one StatsView given at construction. Memory is
 * O(windows + accounts): nothing here grows with the number of fills or ticks.
 */
import type { EngineEvent, EventSink } from '../engine/events.js';
import type { AccountSpec, Layer } from '../engine/roster.js';
import type { Fill } from '../sim-exchange/exchange-core.js';
import {
  countSide,
  LAYER_INDEX,
  LAYERS,
  newLayerCounter,
  newPair,
  ROLES,
  type LayerCounter,
  type PairCounter,
} from './counters.js';
import { CounterpartyMatrix } from './counterparty.js';
import { EXPORTED_EVENTS, type EventExport } from './events-export.js';
import { DistanceHistogram, distanceBps } from './fill-distance.js';
import { RestingThroughMid } from './resting.js';
import { SeriesCollector } from './series.js';
import { EMPTY_VIEW, type StatsTiming, type StatsView } from './stats-view.js';
import { ROLE_INDEX, WindowCollector, type Cumulative } from './windows.js';

export { LAYERS, type LayerCounter, type PairCounter } from './counters.js';

export interface StatsOptions {
  timing?: StatsTiming;
  /** The position cap (USDC) the samples test the gate against. */
  capUsdc?: number;
  /** false: only the run totals (no windows, counterparty, distances, series): the bench's baseline. */
  collect?: boolean;
  /** Stream every event to CSV files as well. */
  events?: EventExport;
}

/** The time-resolved collectors, present unless `collect: false`. */
export interface Collectors {
  windows: WindowCollector;
  counterparty: CounterpartyMatrix[];
  /** [symbol index][layer index]. */
  distance: DistanceHistogram[][];
  outsideTapeRange: number[];
  resting: RestingThroughMid;
  series: SeriesCollector;
}

export const DEFAULT_TIMING: StatsTiming = { startMs: 0, windowMs: 15 * 60_000, sampleMs: 10_000 };

export class RunStats implements EventSink {
  readonly layerOf = new Map<string, Layer>();
  private readonly roleIdxOf = new Map<string, number>();
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
  readonly timing: StatsTiming;
  readonly capUsdc: number;
  readonly collectors: Collectors | undefined;
  private readonly symIdx = new Map<string, number>();
  private readonly events: EventExport | undefined;

  /** qty(account, symbol): one order of that account on that symbol. */
  constructor(
    private readonly roster: AccountSpec[],
    readonly symbols: readonly string[],
    private readonly orderQty: (account: string, symbol: string) => number,
    private readonly view: StatsView = EMPTY_VIEW,
    opts: StatsOptions = {},
  ) {
    this.timing = opts.timing ?? DEFAULT_TIMING;
    this.capUsdc = opts.capUsdc ?? Number.POSITIVE_INFINITY;
    this.events = opts.events;
    symbols.forEach((s, i) => {
      this.symIdx.set(s, i);
      const m = new Map<Layer, LayerCounter>();
      for (const l of LAYERS) m.set(l, newLayerCounter());
      this.funnel.set(s, m);
    });
    for (const a of roster) {
      this.layerOf.set(a.id, a.layer);
      this.roleIdxOf.set(a.id, ROLE_INDEX.get(a.role)!);
      const m = new Map<string, PairCounter>();
      for (const s of symbols) m.set(s, newPair());
      this.pairs.set(a.id, m);
      this.breakerOpens.set(a.id, 0);
    }
    if (opts.collect !== false) {
      this.collectors = {
        windows: new WindowCollector(this.timing, symbols.length),
        counterparty: symbols.map(() => new CounterpartyMatrix()),
        distance: symbols.map(() => LAYERS.map(() => new DistanceHistogram())),
        outsideTapeRange: symbols.map(() => 0),
        resting: new RestingThroughMid((a) => this.roleIdxOf.get(a)),
        series: new SeriesCollector(this.timing.startMs, this.timing.sampleMs, symbols),
      };
    }
  }

  pair(account: string, symbol: string): PairCounter {
    return this.pairs.get(account)!.get(symbol)!;
  }

  emit(e: EngineEvent): void {
    const c = this.collectors;
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
        if (c) {
          const now = this.view.now();
          const w = c.windows.at(now);
          w.rejections.set(code, (w.rejections.get(code) ?? 0) + 1);
          c.series.rejection(now, code);
        }
        break;
      }
      case 'breaker_transition':
        this.breakerTransitions++;
        if (e.to === 'open') this.breakerOpens.set(e.account, (this.breakerOpens.get(e.account) ?? 0) + 1);
        if (c) {
          const now = this.view.now();
          if (e.to === 'open') c.windows.at(now).breakerOpens++;
          if (e.to === 'open' || e.to === 'closed') c.series.breaker(now, e.to === 'open');
        }
        break;
      default:
        break;
    }
    if (this.events && EXPORTED_EVENTS.has(e.type))
      this.events.event(e, this.view.now(), this.layerOf.get(e.account) ?? 'external');
  }

  /** Called by the exchange core for every fill. `posAfter` gives an account's position amount after it. */
  onFill(f: Fill, posAfter: (account: string) => number): void {
    this.trades++;
    const layers = this.funnel.get(f.symbol)!;
    const notional = f.price * f.qty;
    const c = this.collectors;
    const si = this.symIdx.get(f.symbol)!;
    const makerLayer = this.layerOf.get(f.makerAccount);
    const takerLayer = this.layerOf.get(f.takerAccount);
    let mid: number | undefined;
    let bps: number | undefined;
    if (c || this.events) {
      mid = this.view.mid(f.symbol);
      if (mid !== undefined && Number.isFinite(mid) && mid > 0) bps = distanceBps(f.price, mid);
    }
    for (const [acct, layer, maker] of [
      [f.makerAccount, makerLayer, true],
      [f.takerAccount, takerLayer, false],
    ] as const) {
      if (!layer) {
        this.externalFills.set(f.symbol, (this.externalFills.get(f.symbol) ?? 0) + 1);
        continue;
      }
      countSide(layers.get(layer)!, maker, f.qty, notional);
      const p = this.pair(acct, f.symbol);
      p.fills++;
      p.last_fill_ms = f.t;
      this.observe(p, Math.abs(posAfter(acct)), f.price, this.orderQty(acct, f.symbol), false);
      if (c) {
        const li = LAYER_INDEX.get(layer)!;
        countSide(c.windows.at(f.t).funnel[si]![li]!, maker, f.qty, notional);
        if (bps !== undefined) c.distance[si]![li]!.add(bps);
        c.series.fill(si, li, f.t, f.price);
      }
    }
    if (c) {
      c.counterparty[si]!.add(makerLayer ?? 'external', takerLayer ?? 'external', f.qty, notional);
      const range = this.view.tapeRange(f.symbol);
      if (range && (f.price < range.lo || f.price > range.hi)) c.outsideTapeRange[si]!++;
    }
    this.events?.fill(f, makerLayer ?? 'external', takerLayer ?? 'external', mid, bps);
  }

  /**
   * The periodic look at every account × symbol (every sampleMs): max notional at mark, and whether
   * the account's next exposure-increasing order would be refused by the cap gate ("gated").
   */
  sampleAll(): void {
    const now = this.view.now();
    const c = this.collectors;
    const w = c?.windows.at(now);
    this.symbols.forEach((sym, si) => {
      const mark = this.view.mid(sym);
      if (c) {
        const top = this.view.bookTop(sym);
        c.series.priceSample(si, now, mark, top.bid, top.ask);
      }
      if (mark === undefined || !Number.isFinite(mark)) return;
      for (const [acct, perSym] of this.pairs) {
        const amt = this.view.position(acct, sym).amt;
        const absAmt = Math.abs(amt);
        const qty = this.orderQty(acct, sym);
        const gated = (absAmt + qty) * mark > this.capUsdc;
        const p = perSym.get(sym)!;
        this.observe(p, absAmt, mark, qty, true, gated);
        if (gated && p.first_gated_ms === undefined) p.first_gated_ms = now;
        if (p.first_gated_ms !== undefined) p.samples_since_first_gated++;
        const layer = this.layerOf.get(acct)!;
        if (w) {
          const li = LAYER_INDEX.get(layer)!;
          w.samples[li]!++;
          if (gated) w.samplesGated[li]!++;
          c!.series.positionSample(p, now, amt * mark);
        }
        this.events?.position(now, acct, layer, sym, amt, mark, gated);
      }
    });
    if (c) {
      c.resting.sample(this.view, this.symbols);
      c.windows.observeCumulative(now, () => this.cumulative());
    }
  }

  /** Close the windows at the end of the run (call once, after the final sample). */
  finish(): void {
    this.collectors?.windows.finish(this.view.now(), this.cumulative());
  }

  private cumulative(): Cumulative {
    const realized = ROLES.map(() => 0);
    const fees = ROLES.map(() => 0);
    let apiCalls = 0;
    for (const a of this.roster) {
      const r = this.roleIdxOf.get(a.id)!;
      for (const s of this.symbols) realized[r]! += this.view.position(a.id, s).realizedPnl;
      fees[r]! += this.view.fees(a.id);
      apiCalls += this.view.apiCalls(a.id);
    }
    return { realized, fees, apiCalls };
  }

  /** A look at an account's position (after a fill, or periodic: then also for time gated). */
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
