/**
 * Candles of one price series at Binance's kline intervals, for the REST klines and 24 h ticker
 * (built from the tape the venue plays: the Binance mid of every tick read) and for the kline
 * stream (built from the venue's own trades).
 *
 * Rules:
 * - A candle covers [openTime, openTime + interval), openTime a multiple of the interval since the
 *   epoch (days start 00:00 UTC). Its open is the first price in it, close the last, high/low the
 *   extremes; volume, quote volume and taker-buy volume sum the trades (a tape of bookTickers has
 *   none: 0), `count` the prices seen (ticks or trades).
 * - Periods without a price have no candle (the REST reply skips them; Binance's would repeat the
 *   last close with volume 0).
 * - Each interval keeps its latest CANDLE_LIMIT candles (Binance's klines maximum, 1500): 25 h of
 *   1m candles, so the 24 h ticker always has its whole window once the server has run that long.
 */

export const KLINE_INTERVALS: Readonly<Record<string, number>> = {
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '6h': 21_600_000,
  '8h': 28_800_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
};

export const CANDLE_LIMIT = 1500;

export interface Candle {
  openTime: number;
  closeTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  quoteVolume: number;
  count: number;
  takerBuyVolume: number;
  takerBuyQuote: number;
  firstId: number;
  lastId: number;
}

export class CandleSeries {
  readonly candles: Candle[] = [];
  constructor(readonly intervalMs: number) {}

  /** One price (a tick's mid, or a trade with its qty). Out-of-order prices join the current candle. */
  add(t: number, price: number, qty = 0, takerBuy = false, id = 0): Candle {
    const iv = this.intervalMs;
    const open = Math.floor(t / iv) * iv;
    let c = this.candles[this.candles.length - 1];
    if (c === undefined || open > c.openTime) {
      c = {
        openTime: open,
        closeTime: open + iv - 1,
        open: price,
        high: price,
        low: price,
        close: price,
        volume: 0,
        quoteVolume: 0,
        count: 0,
        takerBuyVolume: 0,
        takerBuyQuote: 0,
        firstId: id,
        lastId: id,
      };
      this.candles.push(c);
      if (this.candles.length > CANDLE_LIMIT) this.candles.shift();
    }
    if (price > c.high) c.high = price;
    if (price < c.low) c.low = price;
    c.close = price;
    c.count++;
    c.lastId = id;
    if (qty > 0) {
      c.volume += qty;
      c.quoteVolume += qty * price;
      if (takerBuy) {
        c.takerBuyVolume += qty;
        c.takerBuyQuote += qty * price;
      }
    }
    return c;
  }

  /** Binance's selection: candles opening in [start, end], `limit` of them (the latest without a start). */
  range(start: number | undefined, end: number | undefined, limit: number): Candle[] {
    const lo = start ?? Number.NEGATIVE_INFINITY;
    const hi = end ?? Number.POSITIVE_INFINITY;
    const xs = this.candles.filter((c) => c.openTime >= lo && c.openTime <= hi);
    return start !== undefined ? xs.slice(0, limit) : xs.slice(-limit);
  }
}

/** Every kline interval of one price series. */
export class CandleSet {
  readonly series = new Map<string, CandleSeries>();
  last: { t: number; price: number } | undefined;
  constructor() {
    for (const [name, ms] of Object.entries(KLINE_INTERVALS)) this.series.set(name, new CandleSeries(ms));
  }
  add(t: number, price: number, qty = 0, takerBuy = false, id = 0): void {
    this.last = { t, price };
    for (const s of this.series.values()) s.add(t, price, qty, takerBuy, id);
  }
}

/** GET /fapi/v1/klines row. */
export function klineRow(c: Candle, dec: number, qdec: number): (string | number)[] {
  return [
    c.openTime,
    c.open.toFixed(dec),
    c.high.toFixed(dec),
    c.low.toFixed(dec),
    c.close.toFixed(dec),
    c.volume.toFixed(qdec),
    c.closeTime,
    c.quoteVolume.toFixed(8),
    c.count,
    c.takerBuyVolume.toFixed(qdec),
    c.takerBuyQuote.toFixed(8),
    '0',
  ];
}

/** The `<sym>@kline_<interval>` event of a candle. */
export function klineEvent(
  symbol: string,
  interval: string,
  c: Candle,
  closed: boolean,
  now: number,
  dec: number,
  qdec: number,
): Record<string, unknown> {
  return {
    e: 'kline',
    E: now,
    s: symbol,
    k: {
      t: c.openTime,
      T: c.closeTime,
      s: symbol,
      i: interval,
      f: c.firstId,
      L: c.lastId,
      o: c.open.toFixed(dec),
      c: c.close.toFixed(dec),
      h: c.high.toFixed(dec),
      l: c.low.toFixed(dec),
      v: c.volume.toFixed(qdec),
      n: c.count,
      x: closed,
      q: c.quoteVolume.toFixed(8),
      V: c.takerBuyVolume.toFixed(qdec),
      Q: c.takerBuyQuote.toFixed(8),
      B: '0',
    },
  };
}

/** GET /fapi/v1/ticker/24hr from the 1m candles of the last 24 h and the latest price. */
export function ticker24h(symbol: string, set: CandleSet, now: number, dec: number, qdec: number): Record<string, unknown> {
  const from = now - 86_400_000;
  const cs = set.series.get('1m')!.candles.filter((c) => c.closeTime >= from);
  const last = set.last?.price ?? 0;
  const open = cs[0]?.open ?? last;
  let high = last;
  let low = last;
  let vol = 0;
  let quote = 0;
  let count = 0;
  for (const c of cs) {
    if (c.high > high) high = c.high;
    if (c.low < low) low = c.low;
    vol += c.volume;
    quote += c.quoteVolume;
    count += c.count;
  }
  const change = last - open;
  return {
    symbol,
    priceChange: change.toFixed(dec),
    priceChangePercent: (open > 0 ? (100 * change) / open : 0).toFixed(3),
    weightedAvgPrice: (vol > 0 ? quote / vol : last).toFixed(dec),
    lastPrice: last.toFixed(dec),
    lastQty: '0',
    openPrice: open.toFixed(dec),
    highPrice: high.toFixed(dec),
    lowPrice: low.toFixed(dec),
    volume: vol.toFixed(qdec),
    quoteVolume: quote.toFixed(8),
    openTime: cs[0]?.openTime ?? now,
    closeTime: now,
    firstId: 0,
    lastId: 0,
    count,
  };
}
