/**
 * data.binance.vision USD-M trades and aggTrades CSV readers. Each trade becomes a tick whose mid
 * is the trade price, with bid/ask = price ∓ half_spread (in ticks or in basis points) and both
 * quantities = the trade quantity. Header row optional. Plain text, .gz or .zip.
 *
 * trades:    `id,price,qty,quote_qty,time,is_buyer_maker`
 * aggTrades: `agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker`
 */
import { splitFields } from './bookticker-csv.js';
import type { LineReaderOptions } from './line-reader.js';
import { LineTapeSource } from './line-tape-source.js';
import { looksNumeric } from './tape-source.js';
import type { Tick } from './tick-source.js';

export type TradesLayout = 'trades' | 'aggtrades';

/** Half the synthetic spread put around each trade price. Exactly one of the two. */
export type HalfSpread = { ticks: number } | { bps: number };

const LAYOUTS: Record<TradesLayout, { columns: string; n: number; price: number; qty: number; time: number }> = {
  trades: { columns: 'id,price,qty,quote_qty,time,is_buyer_maker', n: 6, price: 1, qty: 2, time: 4 },
  aggtrades: {
    columns: 'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker',
    n: 7,
    price: 1,
    qty: 2,
    time: 5,
  },
};

export class TradesCsvSource extends LineTapeSource {
  private readonly f: string[] = [];
  private first = true;
  private readonly layout: (typeof LAYOUTS)[TradesLayout];

  constructor(
    file: string,
    kind: TradesLayout,
    private readonly halfSpread: HalfSpread,
    private readonly tickSize: number,
    opts: LineReaderOptions = {},
  ) {
    super(file, opts);
    this.layout = LAYOUTS[kind];
  }

  protected read(): Tick | undefined {
    const f = this.f;
    const L = this.layout;
    for (;;) {
      const line = this.lines.nextLine();
      if (line === undefined) return undefined;
      if (line.length === 0) {
        this.counters.skipped++;
        continue;
      }
      const n = splitFields(line, f);
      if (this.first) {
        this.first = false;
        if (!looksNumeric(f[0]!)) continue;
      }
      if (n < L.n - 1) this.bad(line, `expected ${L.n} fields (${L.columns}), got ${n}`);
      const id = +f[0]!;
      const price = +f[L.price]!;
      const qty = +f[L.qty]!;
      const t = +f[L.time]!;
      if (!(price > 0)) this.bad(line, 'price must be a positive number');
      if (!(qty >= 0)) this.bad(line, 'quantity must be a non-negative number');
      if (!(t > 0)) this.bad(line, 'time must be a positive integer of ms since the epoch');
      if (!Number.isFinite(id)) this.bad(line, 'the trade id must be an integer');
      const half = 'ticks' in this.halfSpread ? this.halfSpread.ticks * this.tickSize : (price * this.halfSpread.bps) / 10_000;
      this.counters.rowsRead++;
      return { t, bid: round8(price - half), ask: round8(price + half), bidQty: qty, askQty: qty, updateId: id };
    }
  }
}

/** Removes float noise (63960 − 0.05 → 63959.95) without snapping to the tick grid. */
function round8(x: number): number {
  return Math.round(x * 1e8) / 1e8;
}
