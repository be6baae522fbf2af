/**
 * Websocket captures as JSON lines. Each line is a bookTicker payload, raw
 * `{"e":"bookTicker","u":..,"E":..,"T":..,"s":..,"b":..,"B":..,"a":..,"A":..}` or combined-stream
 * `{"stream":"btcusdt@bookTicker","data":{...}}`, optionally prefixed by a local receipt timestamp
 * and a space (`1721347022510 {...}`, the hftbacktest capture layout). Lines for other symbols and
 * other events (trades, subscription replies) are skipped and counted. Tick.t = T (match time),
 * else E (event time), else the receipt timestamp; with a receipt prefix the tick's `recvDelayMs` is
 * receipt − t (the feed delay replayed by `feed_latency: { model: replay }`). Plain text, .gz or .zip.
 */
import { LineTapeSource, type TapeReadOptions } from './line-tape-source.js';
import type { Tick } from './tick-source.js';

interface BookTickerPayload {
  e?: unknown;
  u?: unknown;
  E?: unknown;
  T?: unknown;
  s?: unknown;
  b?: unknown;
  B?: unknown;
  a?: unknown;
  A?: unknown;
}

export class WsJsonlSource extends LineTapeSource {
  protected readonly expects: string;
  private readonly symbol: string;

  constructor(file: string, symbol: string, opts: TapeReadOptions = {}) {
    super(file, opts);
    this.symbol = symbol.toUpperCase();
    this.expects = `bookTicker lines for ${this.symbol}`;
  }

  protected override nothingForUs(skipped: number): string {
    return `no bookTicker line for ${this.symbol} (${skipped} line(s) of other symbols or events skipped); expected ${this.expects} (source_symbol: picks another)`;
  }

  protected parseLine(raw: string): Tick | null {
    const line = raw.trim();
    if (line.length === 0) return null;
    let receipt = NaN;
    let json = line;
    if (line.charCodeAt(0) !== 123 /* { */) {
      const sp = line.indexOf(' ');
      receipt = sp > 0 ? +line.slice(0, sp) : NaN;
      if (!(receipt >= 0)) this.bad('expected a JSON object, optionally prefixed by a numeric receipt timestamp and a space');
      json = line.slice(sp + 1).trim();
    }
    let obj: unknown;
    try {
      obj = JSON.parse(json);
    } catch {
      this.bad('expected valid JSON');
    }
    if (typeof obj !== 'object' || obj === null) this.bad('expected a JSON object');
    let p = obj as BookTickerPayload & { data?: unknown };
    if ('data' in p && typeof p.data === 'object' && p.data !== null) p = p.data as BookTickerPayload;
    const isBookTicker =
      p.e === 'bookTicker' || (p.e === undefined && p.b !== undefined && p.a !== undefined && p.s !== undefined);
    if (!isBookTicker || typeof p.s !== 'string' || p.s.toUpperCase() !== this.symbol) return null;
    const bid = Number(p.b);
    const ask = Number(p.a);
    const bidQty = Number(p.B);
    const askQty = Number(p.A);
    const T = Number(p.T);
    const E = Number(p.E);
    const t = T > 0 ? T : E > 0 ? E : receipt;
    if (!(bid > 0) || !(ask > 0)) this.bad('"b" and "a" must be positive prices');
    if (!(bidQty >= 0) || !(askQty >= 0)) this.bad('"B" and "A" must be non-negative quantities');
    if (!(t > 0)) this.bad('a time ("T", "E" or the receipt prefix) in ms since the epoch');
    const tick: Tick = { t, bid, ask, bidQty, askQty };
    const u = Number(p.u);
    if (Number.isFinite(u) && p.u !== undefined) tick.updateId = u;
    if (receipt >= 0 && t !== receipt) tick.recvDelayMs = receipt - t;
    return tick;
  }
}
