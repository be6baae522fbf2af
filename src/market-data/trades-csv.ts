/**
 * data.binance.vision USD-M trades and aggTrades CSV readers. Each trade becomes a tick whose mid
 * is the trade price, with bid/ask = price ∓ half_spread (in ticks or in basis points) and both
 * quantities = the trade quantity. Header row optional (then it must be the layout's own). Id
 * columns must be integers and is_buyer_maker true/false, which also tells a headerless bookTicker
 * file from these layouts. Plain text, .gz or .zip; row checks and policy: line-tape-source.ts.
 *
 * trades:    `id,price,qty,quote_qty,time,is_buyer_maker`
 * aggTrades: `agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker`
 */
import { splitFields } from './bookticker-csv.js';
import { CSV_HEADERS, headerProblem } from './csv-headers.js';
import { LineTapeSource, type TapeReadOptions } from './line-tape-source.js';
import { looksNumeric } from './tape-source.js';
import type { Tick } from './tick-source.js';

export type TradesLayout = 'trades' | 'aggtrades';

/** Half the synthetic spread put around each trade price (> 0: a zero spread is a locked book). Exactly one of the two. */
export type HalfSpread = { ticks: number } | { bps: number };

interface Layout {
  kind: 'trades_csv' | 'aggtrades_csv';
  n: number;
  price: number;
  qty: number;
  time: number;
  /** Columns that hold integers (ids): a bookTicker row has prices there. */
  ints: number[];
}

const LAYOUTS: Record<TradesLayout, Layout> = {
  trades: { kind: 'trades_csv', n: 6, price: 1, qty: 2, time: 4, ints: [0] },
  aggtrades: { kind: 'aggtrades_csv', n: 7, price: 1, qty: 2, time: 5, ints: [0, 3, 4] },
};

export class TradesCsvSource extends LineTapeSource {
  protected readonly expects: string;
  private readonly f: string[] = [];
  private readonly layout: Layout;

  constructor(
    file: string,
    kind: TradesLayout,
    private readonly halfSpread: HalfSpread,
    private readonly tickSize: number,
    opts: TapeReadOptions = {},
  ) {
    super(file, opts);
    this.layout = LAYOUTS[kind];
    this.expects = `${kind} rows (${CSV_HEADERS[this.layout.kind]})`;
  }

  protected override isHeader(line: string): boolean {
    return !looksNumeric(line);
  }

  protected override headerProblem(line: string): string | undefined {
    return headerProblem(line, this.layout.kind);
  }

  protected parseLine(line: string): Tick {
    const f = this.f;
    const L = this.layout;
    const n = splitFields(line, f);
    // The is_buyer_maker column may be missing; anything else is another layout.
    if (n < L.n - 1 || n > L.n) this.bad(`expected ${L.n} fields (${CSV_HEADERS[L.kind]}), got ${n}`);
    const price = +f[L.price]!;
    const qty = +f[L.qty]!;
    const t = +f[L.time]!;
    if (!(price > 0)) this.bad('price must be a positive number');
    if (!(qty >= 0)) this.bad('quantity must be a non-negative number');
    if (!(t > 0)) this.bad('time must be a positive integer of ms since the epoch');
    for (const i of L.ints) if (!/^\d+$/.test(f[i]!)) this.bad(`${CSV_HEADERS[L.kind].split(',')[i]} must be an integer`);
    if (n === L.n) {
      const m = f[L.n - 1]!.toLowerCase();
      if (m !== 'true' && m !== 'false') this.bad('is_buyer_maker must be true or false');
    }
    const id = +f[0]!;
    const half = 'ticks' in this.halfSpread ? this.halfSpread.ticks * this.tickSize : (price * this.halfSpread.bps) / 10_000;
    return { t, bid: round8(price - half), ask: round8(price + half), bidQty: qty, askQty: qty, updateId: id };
  }
}

/** Removes float noise (63960 − 0.05 → 63959.95) without snapping to the tick grid. */
function round8(x: number): number {
  return Math.round(x * 1e8) / 1e8;
}
