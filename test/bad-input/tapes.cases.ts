/**
 * Bad tapes for the bad-input table (run by table.test.ts): each case is a scenario plus its tape
 * files, written into a fresh folder, and the `rocky-bot` argv run there. Every one must end the
 * run with exit 2 and a one-line message naming the tape file and the line (or the archive) and
 * what was expected; no stack trace, no report written. Archives are built at import time.
 */
import zlib from 'node:zlib';
import { zipSync } from 'fflate';
import type { BadInputCase } from './case.js';

const T0 = Date.UTC(2024, 6, 19);
const BT = 'update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time';
const TRADES = 'id,price,qty,quote_qty,time,is_buyer_maker';

/** n bookTicker rows from T0, 100 ms apart (600 rows cover the 60 s run). */
function bt(n: number, edit: (i: number, row: string[]) => void = () => {}): string[] {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const bid = 64000 + (i % 7) / 10;
    const t = T0 + i * 100;
    const row = [String(5000 + i), bid.toFixed(1), '1.5', (bid + 0.1).toFixed(1), '2.5', String(t), String(t + 1)];
    edit(i, row);
    rows.push(row.join(','));
  }
  return rows;
}
const text = (lines: string[]): string => `${lines.join('\n')}\n`;
const tape = (n = 600, edit?: (i: number, row: string[]) => void): string => text([BT, ...bt(n, edit)]);
/** Row k (0-based data row) is file line k + 2 (the header is line 1). */
const at = (k: number, col: number, v: string) => (i: number, row: string[]) => {
  if (i === k) row[col] = v;
};

function scenario(source: string, extra = ''): string {
  return `name: bad-tape\nduration: 60s\nsymbols:\n  BTCUSDT:\n    source: ${source}\n${extra}`;
}
const bookticker = (file: string, keys = '') => scenario(`{ kind: bookticker_csv, file: ${file}${keys} }`);
const ARGS = ['sim', '--scenario', 'sc.yaml', '--out', 'out'];

function tapeCase(name: string, files: Record<string, string | Buffer>, message: RegExp, sc?: string): BadInputCase {
  return {
    name,
    category: 'tape',
    files: { 'sc.yaml': sc ?? bookticker(Object.keys(files)[0]!), ...files },
    args: ARGS,
    exit: 2,
    message,
  };
}

const gz = zlib.gzipSync(Buffer.from(tape()));
const flipped = Buffer.from(gz);
for (let i = 200; i < 216; i++) flipped[i] = flipped[i]! ^ 0x55;
const csv = new TextEncoder().encode(tape());
const twoEntries = Buffer.from(zipSync({ 'BTCUSDT-bookTicker.csv': csv, 'notes.txt': new TextEncoder().encode('hi\n') }));
const oneEntry = Buffer.from(zipSync({ 'BTCUSDT-bookTicker.csv': csv }));

export const cases: BadInputCase[] = [
  tapeCase('empty tape file', { 'btc.csv': '' }, /btc\.csv: the file is empty; expected bookTicker rows/),
  tapeCase('header-only tape', { 'btc.csv': `${BT}\n` }, /btc\.csv: line 1: a header and no data rows/),
  tapeCase('blank-lines-only tape', { 'btc.csv': '\n\n\n' }, /btc\.csv: line 3: only blank lines/),
  tapeCase('short row', { 'btc.csv': text([BT, ...bt(2), '5002,64000.0,1']) }, /btc\.csv: line 4: expected 7 fields/),
  tapeCase(
    'non-numeric price',
    { 'btc.csv': tape(600, at(1, 1, 'abc')) },
    /btc\.csv: line 3: best_bid_price and best_ask_price must be positive/,
  ),
  tapeCase(
    'NaN price',
    { 'btc.csv': tape(600, at(0, 3, 'NaN')) },
    /btc\.csv: line 2: best_bid_price and best_ask_price must be positive/,
  ),
  tapeCase('negative price', { 'btc.csv': tape(600, at(2, 1, '-64000.0')) }, /btc\.csv: line 4: best_bid_price/),
  tapeCase('zero price', { 'btc.csv': tape(600, at(2, 3, '0')) }, /btc\.csv: line 4: best_bid_price/),
  tapeCase(
    'price of 1e300',
    { 'btc.csv': tape(600, at(3, 3, '1e300')) },
    /btc\.csv: line 5: bid 64000.3 \/ ask 1e\+300: expected prices > 0 and ≤ 10000000/,
  ),
  tapeCase('infinite price', { 'btc.csv': tape(600, at(3, 1, 'Infinity')) }, /btc\.csv: line 5: bid Infinity/),
  tapeCase(
    'negative quantity',
    { 'btc.csv': tape(600, at(4, 2, '-1')) },
    /btc\.csv: line 6: best_bid_qty and best_ask_qty must be non-negative/,
  ),
  tapeCase(
    'crossed book',
    { 'btc.csv': tape(600, at(5, 3, '63999.0')) },
    /btc\.csv: line 7: crossed book \(bid 64000\.5 > ask 63999\); expected bid < ask/,
  ),
  tapeCase(
    'locked book',
    { 'btc.csv': tape(600, at(5, 3, '64000.5')) },
    /btc\.csv: line 7: locked book \(bid = ask = 64000\.5\)/,
  ),
  tapeCase(
    'a bad row late in the run (at 50 s of 60 s)',
    { 'btc.csv': tape(600, at(500, 1, 'x')) },
    /btc\.csv: line 502: best_bid_price and best_ask_price must be positive/,
  ),
  tapeCase(
    'timestamps in seconds',
    {
      'btc.csv': tape(600, (i, r) => {
        r[5] = String(Math.floor((T0 + i * 100) / 1000));
      }),
    },
    /btc\.csv: line 2: time 1721347200 looks like seconds since the epoch \(2024-07-19T00:00:00\.000Z\); expected milliseconds/,
  ),
  tapeCase(
    'timestamps in microseconds',
    {
      'btc.csv': tape(600, (i, r) => {
        r[5] = String((T0 + i * 100) * 1000);
      }),
    },
    /btc\.csv: line 2: time 1721347200000000 looks like microseconds/,
  ),
  tapeCase(
    'timestamps in nanoseconds',
    {
      'btc.csv': tape(600, (i, r) => {
        r[5] = `${T0 + i * 100}000000`;
      }),
    },
    /btc\.csv: line 2: time .* looks like nanoseconds/,
  ),
  tapeCase(
    'bookTicker file declared as trades_csv',
    { 'btc.csv': tape() },
    /btc\.csv: line 1: this is a bookticker_csv file .* declared as kind: trades_csv; use kind: bookticker_csv/,
    scenario('{ kind: trades_csv, file: btc.csv }'),
  ),
  tapeCase(
    'headerless bookTicker file declared as trades_csv',
    { 'btc.csv': text(bt(600)) },
    /btc\.csv: line 1: expected 6 fields \(id,price,qty,quote_qty,time,is_buyer_maker\), got 7/,
    scenario('{ kind: trades_csv, file: btc.csv }'),
  ),
  tapeCase(
    'headerless bookTicker file declared as aggtrades_csv',
    { 'btc.csv': text(bt(600)) },
    /btc\.csv: line 1: .*(must be an integer|is_buyer_maker must be true or false)/,
    scenario('{ kind: aggtrades_csv, file: btc.csv }'),
  ),
  tapeCase(
    'trades file declared as bookticker_csv',
    { 'btc.csv': text([TRADES, `1,64000.0,0.1,6400,${T0},true`]) },
    /btc\.csv: line 1: this is a trades_csv file .* use kind: trades_csv/,
  ),
  tapeCase(
    'tape ends at 10 s of a 60 s run',
    { 'btc.csv': tape(100) },
    /btc\.csv: line 101: the tape ends 9\.9 s into the run, which lasts 60\.0 s; expected ticks until the end/,
  ),
  tapeCase(
    'from/to window outside the tape',
    { 'btc.csv': tape() },
    /btc\.csv: line 601: the from\/to window \[2024-07-20T00:00:00\.000Z, …\) selects no tick: the tape read has ticks from 2024-07-19T00:00:00\.000Z to 2024-07-19T00:00:59\.900Z/,
    bookticker('btc.csv', ', from: 2024-07-20'),
  ),
  tapeCase(
    'tape starting after the run (rebase: false)',
    { 'btc.csv': tape() },
    /btc\.csv: line 2: the tape starts 30\.0 s after the run does/,
    bookticker('btc.csv', ', rebase: false').replace('duration: 60s', 'duration: 60s\nstart: 2024-07-18T23:59:30Z'),
  ),
  tapeCase('0-byte .gz', { 'btc.csv.gz': Buffer.alloc(0) }, /btc\.csv\.gz: empty archive \(0 bytes\); expected gzip data/),
  tapeCase('0-byte .zip', { 'btc.zip': Buffer.alloc(0) }, /btc\.zip: empty archive \(0 bytes\); expected a zip archive/),
  tapeCase(
    'truncated .gz',
    { 'btc.csv.gz': gz.subarray(0, gz.length >> 1) },
    /btc\.csv\.gz: line \d+: gzip data is truncated or corrupt \(unexpected EOF\)/,
  ),
  tapeCase(
    '.gz cut inside its trailer',
    { 'btc.csv.gz': gz.subarray(0, gz.length - 3) },
    /btc\.csv\.gz: line 602: gzip data ends without its trailer|btc\.csv\.gz: line 602: gzip member 1 does not match its trailer/,
  ),
  tapeCase(
    'corrupt .gz',
    { 'btc.csv.gz': flipped },
    /btc\.csv\.gz: line \d+: gzip (data is truncated or corrupt|member 1 does not match its trailer)/,
  ),
  tapeCase(
    'plain text named .gz',
    { 'btc.csv.gz': tape() },
    /btc\.csv\.gz: line 1: gzip data is truncated or corrupt \(invalid gzip data\)/,
  ),
  tapeCase(
    'zip with two entries',
    { 'btc.zip': twoEntries },
    /btc\.zip: the zip archive holds 2 files \(BTCUSDT-bookTicker\.csv, notes\.txt\); name the one to replay with entry:/,
  ),
  tapeCase(
    'zip entry: naming a missing entry',
    { 'btc.zip': oneEntry },
    /btc\.zip: the zip archive has no entry "BTC\.csv" \(entry:\); it holds BTCUSDT-bookTicker\.csv/,
    bookticker('btc.zip', ', entry: BTC.csv'),
  ),
  tapeCase(
    'truncated .zip',
    { 'btc.zip': oneEntry.subarray(0, oneEntry.length >> 1) },
    /btc\.zip: not a zip archive, or truncated/,
  ),
  tapeCase(
    'ws_jsonl capture with no line for the symbol',
    {
      'btc.jsonl': text([JSON.stringify({ e: 'bookTicker', u: 1, T: T0, s: 'ETHUSDT', b: '3400', B: '1', a: '3400.1', A: '1' })]),
    },
    /btc\.jsonl: line 1: no bookTicker line for BTCUSDT \(1 line\(s\) of other symbols or events skipped\)/,
    scenario('{ kind: ws_jsonl, file: btc.jsonl }'),
  ),
  tapeCase(
    'ws_jsonl capture with broken JSON',
    { 'btc.jsonl': text(['{"e":"bookTicker",']) },
    /btc\.jsonl: line 1: expected valid JSON/,
    scenario('{ kind: ws_jsonl, file: btc.jsonl }'),
  ),
  tapeCase(
    'on_bad_row: skip with every row bad',
    {
      'btc.csv': tape(600, (_i, r) => {
        r[3] = '1';
      }),
    },
    /btc\.csv: line 601: all 600 data rows are bad \(on_bad_row: skip skipped them all\); the first, line 2: crossed book/,
    bookticker('btc.csv', ', on_bad_row: skip'),
  ),
  tapeCase(
    'an empty second day in files:',
    { 'day1.csv': tape(300), 'day2.csv': `${BT}\n` },
    /day2\.csv: line 1: a header and no data rows/,
    scenario('{ kind: bookticker_csv, files: [day1.csv, day2.csv] }'),
  ),
  tapeCase('missing tape file', { 'other.csv': tape() }, /nope\.csv: cannot open: no such file/, bookticker('nope.csv')),
  tapeCase(
    'on_bad_row with an unknown value',
    { 'btc.csv': tape() },
    /sc\.yaml: symbols\.BTCUSDT\.source\.on_bad_row.*expected one of error, skip, got "ignore"/,
    bookticker('btc.csv', ', on_bad_row: ignore'),
  ),
  tapeCase(
    'entry: for a file that is no zip',
    { 'btc.csv': tape() },
    /sc\.yaml: symbols\.BTCUSDT\.source\.entry.*names a member of a \.zip file/,
    bookticker('btc.csv', ', entry: a.csv'),
  ),
  tapeCase(
    'trades with a zero half spread (every book locked)',
    { 'btc.csv': text([TRADES, `1,64000.0,0.1,6400,${T0},true`]) },
    /sc\.yaml: symbols\.BTCUSDT\.source\.half_spread_ticks.*expected a number > 0, got 0/,
    scenario('{ kind: trades_csv, file: btc.csv, half_spread_ticks: 0 }'),
  ),
];
