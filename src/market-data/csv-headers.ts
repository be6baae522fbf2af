/**
 * The header rows of the data.binance.vision CSV layouts, and the check that a file's header is
 * the one its declared kind expects. A header of another known layout names the kind that reads
 * it, so a bookTicker file declared as trades_csv stops at line 1 instead of replaying nonsense.
 */

export const CSV_HEADERS = {
  bookticker_csv: 'update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time',
  trades_csv: 'id,price,qty,quote_qty,time,is_buyer_maker',
  aggtrades_csv: 'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker',
} as const;

export type CsvKind = keyof typeof CSV_HEADERS;

/** The header as compared: no BOM, no spaces, lower case. */
function normal(line: string): string {
  return line
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, '')
    .toLowerCase();
}

/** Problem with a header row for `kind`, if any ("what is wrong; what was expected"). */
export function headerProblem(line: string, kind: CsvKind): string | undefined {
  const h = normal(line);
  if (h === CSV_HEADERS[kind]) return undefined;
  const other = (Object.keys(CSV_HEADERS) as CsvKind[]).find((k) => CSV_HEADERS[k] === h);
  const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
  if (other !== undefined) return `this is a ${other} file (header "${shown}"), declared as kind: ${kind}; use kind: ${other}`;
  return `header "${shown}" is not the ${kind} header; expected ${CSV_HEADERS[kind]} (or no header)`;
}
