/**
 * The pictures' data (series.json beside report.json, read by the HTML report and by
 * `rocky-bot report DIR`), kept in BucketSeries so memory stays flat for runs of any length:
 * - per symbol: the Binance mid and Rocky's best bid / ask at each sample (the latest in a bucket);
 * - per symbol × layer: the lowest and highest fill price in each bucket (two points per bucket);
 * - per account × symbol: the signed position notional at mark with the largest |value| per bucket;
 * - rejections by code, breaker opens and closes, counted per bucket.
 * Times are written as whole seconds since the run start, prices rounded to 1e-4, USDC to cents.
 */
import type { Layer } from '../engine/roster.js';
import { BucketSeries } from './bucket-series.js';
import { LAYERS } from './counters.js';

interface PriceB {
  mid: number;
  bid: number;
  ask: number;
}
interface FillB {
  lo: number[];
  hi: number[];
}
interface PosB {
  v: number;
}
interface EventB {
  rej: Map<number, number>;
  opens: number;
  closes: number;
}

export interface SeriesFile {
  version: 1;
  start_ms: number;
  cap_usdc: number;
  symbols: string[];
  price: Record<string, { t: number[]; mid: (number | null)[]; bid: (number | null)[]; ask: (number | null)[] }>;
  fills: Record<string, Record<Layer, { t: number[]; lo: (number | null)[]; hi: (number | null)[] }>>;
  positions: Record<string, Record<string, { layer: Layer; t: number[]; v: number[] }>>;
  events: { t: number[]; rejections: Record<string, number[]>; breaker_opens: number[]; breaker_closes: number[] };
  /** Fill distance histograms: counts per `width_bps` bucket from 0, the last bucket open-ended. */
  distance: { width_bps: number; up_to_bps: number; counts: Record<string, Record<Layer, number[]>> };
}

const later = (a: number, b: number): number => (Number.isNaN(b) ? a : b);
const rnd = (x: number, dp: number): number | null => (Number.isFinite(x) ? Math.round(x * 10 ** dp) / 10 ** dp : null);

export class SeriesCollector {
  private readonly price: BucketSeries<PriceB>[];
  private readonly fillsS: BucketSeries<FillB>[];
  /** Keyed by the pair's counter object (one per account × symbol), so a sample needs no string key. */
  private readonly pos = new Map<object, BucketSeries<PosB>>();
  private readonly events: BucketSeries<EventB>;

  constructor(
    private readonly startMs: number,
    private readonly baseMs: number,
    private readonly symbols: readonly string[],
  ) {
    this.price = symbols.map(
      () =>
        new BucketSeries<PriceB>(
          startMs,
          baseMs,
          1024,
          () => ({ mid: Number.NaN, bid: Number.NaN, ask: Number.NaN }),
          (a, b) => {
            a.mid = later(a.mid, b.mid);
            a.bid = later(a.bid, b.bid);
            a.ask = later(a.ask, b.ask);
          },
        ),
    );
    this.fillsS = symbols.map(
      () =>
        new BucketSeries<FillB>(
          startMs,
          baseMs,
          512,
          () => ({ lo: LAYERS.map(() => Number.NaN), hi: LAYERS.map(() => Number.NaN) }),
          (a, b) => {
            for (let i = 0; i < LAYERS.length; i++) {
              if (!(a.lo[i]! <= b.lo[i]!)) a.lo[i] = Number.isNaN(b.lo[i]!) ? a.lo[i]! : b.lo[i]!;
              if (!(a.hi[i]! >= b.hi[i]!)) a.hi[i] = Number.isNaN(b.hi[i]!) ? a.hi[i]! : b.hi[i]!;
            }
          },
        ),
    );
    this.events = new BucketSeries<EventB>(
      startMs,
      baseMs,
      512,
      () => ({ rej: new Map(), opens: 0, closes: 0 }),
      (a, b) => {
        for (const [c, n] of b.rej) a.rej.set(c, (a.rej.get(c) ?? 0) + n);
        a.opens += b.opens;
        a.closes += b.closes;
      },
    );
  }

  priceSample(symIdx: number, t: number, mid: number | undefined, bid: number | undefined, ask: number | undefined): void {
    const b = this.price[symIdx]!.at(t);
    b.mid = mid ?? Number.NaN;
    b.bid = bid ?? Number.NaN;
    b.ask = ask ?? Number.NaN;
  }

  fill(symIdx: number, layerIdx: number, t: number, price: number): void {
    const b = this.fillsS[symIdx]!.at(t);
    if (!(b.lo[layerIdx]! <= price)) b.lo[layerIdx] = price;
    if (!(b.hi[layerIdx]! >= price)) b.hi[layerIdx] = price;
  }

  /** `pair`: a stable object per account × symbol (its counters); toFile maps names back to it. */
  positionSample(pair: object, t: number, notional: number): void {
    let s = this.pos.get(pair);
    if (!s) {
      s = new BucketSeries<PosB>(
        this.startMs,
        this.baseMs,
        256,
        () => ({ v: 0 }),
        (a, b) => {
          if (Math.abs(b.v) > Math.abs(a.v)) a.v = b.v;
        },
      );
      this.pos.set(pair, s);
    }
    const b = s.at(t);
    if (Math.abs(notional) >= Math.abs(b.v)) b.v = notional;
  }

  rejection(t: number, code: number): void {
    const b = this.events.at(t);
    b.rej.set(code, (b.rej.get(code) ?? 0) + 1);
  }

  breaker(t: number, opened: boolean): void {
    const b = this.events.at(t);
    if (opened) b.opens++;
    else b.closes++;
  }

  /**
   * The file. names: exchange symbol → report name; pairs: [account, layer] in roster order.
   */
  toFile(
    capUsdc: number,
    names: (sym: string) => string,
    pairs: readonly [string, Layer][],
    pairOf: (account: string, symbol: string) => object | undefined,
  ): SeriesFile {
    const sec = (t: number): number => Math.round((t - this.startMs) / 1000);
    const out: SeriesFile = {
      version: 1,
      start_ms: this.startMs,
      cap_usdc: capUsdc,
      symbols: this.symbols.map(names),
      price: {},
      fills: {},
      positions: {},
      events: { t: [], rejections: {}, breaker_opens: [], breaker_closes: [] },
      distance: { width_bps: 0, up_to_bps: 0, counts: {} },
    };
    this.symbols.forEach((sym, si) => {
      const name = names(sym);
      const pe = this.price[si]!.entries();
      out.price[name] = {
        t: pe.map(([t]) => sec(t)),
        mid: pe.map(([, b]) => rnd(b.mid, 4)),
        bid: pe.map(([, b]) => rnd(b.bid, 4)),
        ask: pe.map(([, b]) => rnd(b.ask, 4)),
      };
      const fe = this.fillsS[si]!.entries();
      const byLayer = {} as SeriesFile['fills'][string];
      LAYERS.forEach((l, li) => {
        const rows = fe.filter(([, b]) => !Number.isNaN(b.lo[li]!));
        byLayer[l] = {
          t: rows.map(([t]) => sec(t)),
          lo: rows.map(([, b]) => rnd(b.lo[li]!, 4)),
          hi: rows.map(([, b]) => rnd(b.hi[li]!, 4)),
        };
      });
      out.fills[name] = byLayer;
      const perAcct: SeriesFile['positions'][string] = {};
      for (const [acct, layer] of pairs) {
        const key = pairOf(acct, sym);
        const s = key === undefined ? undefined : this.pos.get(key);
        if (!s) continue;
        const e = s.entries();
        perAcct[acct] = { layer, t: e.map(([t]) => sec(t)), v: e.map(([, b]) => rnd(b.v, 2) ?? 0) };
      }
      out.positions[name] = perAcct;
    });
    const ev = this.events.entries();
    const codes = [...new Set(ev.flatMap(([, b]) => [...b.rej.keys()]))].sort((a, b) => a - b);
    out.events.t = ev.map(([t]) => sec(t));
    for (const c of codes) out.events.rejections[String(c)] = ev.map(([, b]) => b.rej.get(c) ?? 0);
    out.events.breaker_opens = ev.map(([, b]) => b.opens);
    out.events.breaker_closes = ev.map(([, b]) => b.closes);
    return out;
  }
}
