/**
 * data.binance.vision USD-M bookTicker CSV reader:
 * `update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time`.
 * Header row optional (present when the first field is not numeric; it must then be this header).
 * Plain text, .gz or .zip. The checks every row passes and the bad-row policy: line-tape-source.ts.
 * An optional eighth column, `received_at` (what `rocky-bot record` writes: the local receipt time,
 * ms; header `…,event_time,received_at`), becomes the tick's `recvDelayMs` (receipt − tick time),
 * the feed delay of a recorded session.
 *
 * Parsing, not csv-parse (these files never quote or escape): rows of plain decimals are parsed
 * from the bytes in place (csv-bytes.ts; no string, no field array per row); any other row (the
 * header, a bad row, signs, exponents, long mantissas, a missing event_time) is decoded and goes
 * through `parseLine`, plain `indexOf(',')` splitting with a slice-free decimal parser
 * (tape-source.ts parseNum). Both give the same tick for the same row, and only parseLine and
 * tape-checks.ts word errors, so messages do not depend on the path. Figures: bench/rows/tape-ingest.mjs.
 */
import { CSV_HEADERS, headerProblem } from './csv-headers.js';
import { scanDecimalRow } from './csv-bytes.js';
import { LineTapeSource } from './line-tape-source.js';
import { tickFine } from './tape-checks.js';
import { looksNumeric, parseNum } from './tape-source.js';
import type { Tick } from './tick-source.js';

export const BOOKTICKER_COLUMNS = CSV_HEADERS.bookticker_csv;
/** The recorder's header: the public-data columns plus the local receipt time. */
export const RECORDED_BOOKTICKER_COLUMNS = `${BOOKTICKER_COLUMNS},received_at`;

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

export class BookTickerCsvSource extends LineTapeSource {
  protected readonly expects = `bookTicker rows (${BOOKTICKER_COLUMNS})`;
  private readonly commas = new Int32Array(10);
  /** Fields of the row parsed in place; [8] is their count. */
  private readonly vals = new Float64Array(9);
  protected override fast = true;

  protected override fastRow(buf: Uint8Array, pos: number, len: number): number {
    const v = this.vals;
    const nl = scanDecimalRow(buf, pos, len, v, 8);
    if (nl < 0) return nl;
    const n = v[8]!;
    if (n < 7) return -1;
    const bid = v[1]!;
    const ask = v[3]!;
    const tt = v[5]!;
    const t = tt > 0 ? tt : v[6]!;
    if (!tickFine(bid, ask, t)) return -1;
    if (n === 8) {
      const recv = v[7]!;
      if (!(recv > 0)) return -1;
      this.fastTick = { t, bid, ask, bidQty: v[2]!, askQty: v[4]!, updateId: v[0]!, recvDelayMs: recv - t };
    } else {
      this.fastTick = { t, bid, ask, bidQty: v[2]!, askQty: v[4]!, updateId: v[0]! };
    }
    return nl;
  }

  protected override isHeader(line: string): boolean {
    return !looksNumeric(line);
  }

  protected override headerProblem(line: string): string | undefined {
    if (
      line
        .replace(/^\uFEFF/, '')
        .replace(/\s+/g, '')
        .toLowerCase() === RECORDED_BOOKTICKER_COLUMNS
    )
      return undefined;
    return headerProblem(line, 'bookticker_csv');
  }

  protected parseLine(line: string): Tick {
    const c = this.commas;
    // Field k spans [c[k] + 1, c[k + 1]); c[0] = -1, the last bound is the line length.
    let n = 0;
    c[0] = -1;
    for (let p = line.indexOf(','); p >= 0 && n < 8; p = line.indexOf(',', p + 1)) c[++n] = p;
    c[++n] = line.length;
    if (n < 6 || n > 8) this.bad(`expected 7 fields (${BOOKTICKER_COLUMNS}), or 8 with received_at, got ${n}`);
    const updateId = parseNum(line, c[0]! + 1, c[1]!);
    const bid = parseNum(line, c[1]! + 1, c[2]!);
    const bidQty = parseNum(line, c[2]! + 1, c[3]!);
    const ask = parseNum(line, c[3]! + 1, c[4]!);
    const askQty = parseNum(line, c[4]! + 1, c[5]!);
    const tt = parseNum(line, c[5]! + 1, c[6]!);
    const t = tt > 0 ? tt : n > 6 ? parseNum(line, c[6]! + 1, c[7]!) : NaN;
    if (!(bid > 0) || !(ask > 0)) this.bad('best_bid_price and best_ask_price must be positive numbers');
    if (!(bidQty >= 0) || !(askQty >= 0)) this.bad('best_bid_qty and best_ask_qty must be non-negative numbers');
    if (!(t > 0)) this.bad('transaction_time (or event_time) must be a positive integer of ms since the epoch');
    if (!Number.isFinite(updateId)) this.bad('update_id must be an integer');
    if (n === 8) {
      const recv = parseNum(line, c[7]! + 1, c[8]!);
      if (!(recv > 0)) this.bad('received_at must be a positive integer of ms since the epoch');
      return { t, bid, ask, bidQty, askQty, updateId, recvDelayMs: recv - t };
    }
    return { t, bid, ask, bidQty, askQty, updateId };
  }
}
