/**
 * data.binance.vision USD-M bookTicker CSV reader:
 * `update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time`.
 * Header row optional (present when the first field is not numeric). Plain text, .gz or .zip.
 *
 * Parsing is plain `indexOf(',')` splitting, not csv-parse: these files never quote or escape.
 * Measured on a 2M-row file (Node 20, this repo's bench machine): plain splitting ≈ 2.9M rows/s,
 * csv-parse/sync on 1 MiB chunks of whole lines ≈ 0.45M rows/s (about 6× slower), so csv-parse
 * would dominate replay time for a day-long tape. See bench/ticks.mjs.
 */
import { ConfigError } from '../config-error.js';
import { LineReader, type LineReaderOptions } from './line-reader.js';
import { OrderedTapeSource, looksNumeric } from './tape.js';
import type { Tick } from './tick-source.js';

export const BOOKTICKER_COLUMNS =
  'update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time';

/** Splits a CSV line with no quoting into `out` (reused); returns the field count. */
export function splitFields(line: string, out: string[]): number {
  let n = 0;
  let start = 0;
  for (;;) {
    const c = line.indexOf(',', start);
    if (c < 0) {
      out[n++] = line.slice(start);
      return n;
    }
    out[n++] = line.slice(start, c);
    start = c + 1;
  }
}

export class BookTickerCsvSource extends OrderedTapeSource {
  private readonly lines: LineReader;
  private readonly f: string[] = [];
  private first = true;

  constructor(
    readonly file: string,
    opts: LineReaderOptions = {},
  ) {
    super();
    this.lines = new LineReader(file, opts);
  }

  protected read(): Tick | undefined {
    const f = this.f;
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
        if (!looksNumeric(f[0]!)) continue; // header row
      }
      if (n < 6) this.bad(line, `expected 7 fields (${BOOKTICKER_COLUMNS}), got ${n}`);
      const updateId = +f[0]!;
      const bid = +f[1]!;
      const bidQty = +f[2]!;
      const ask = +f[3]!;
      const askQty = +f[4]!;
      const tt = f[5]!.length > 0 ? +f[5]! : NaN;
      const et = n > 6 && f[6]!.length > 0 ? +f[6]! : NaN;
      const t = tt > 0 ? tt : et;
      if (!(bid > 0) || !(ask > 0)) this.bad(line, 'best_bid_price and best_ask_price must be positive numbers');
      if (!(bidQty >= 0) || !(askQty >= 0)) this.bad(line, 'best_bid_qty and best_ask_qty must be non-negative numbers');
      if (!(t > 0)) this.bad(line, 'transaction_time (or event_time) must be a positive integer of ms since the epoch');
      if (!Number.isFinite(updateId)) this.bad(line, 'update_id must be an integer');
      this.counters.rowsRead++;
      return { t, bid, ask, bidQty, askQty, updateId };
    }
  }

  private bad(line: string, expected: string): never {
    const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
    const where = `line ${this.lines.lineNo}`;
    this.close();
    throw new ConfigError(this.file, where, `${expected}; got "${shown}"`);
  }

  protected release(): void {
    this.lines.close();
  }
}
