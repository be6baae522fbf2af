/** Bad input to `data synth` and `data fetch`: exit 2 before writing or downloading anything. */
import type { BadInputCase } from './case.js';

/** `--flag value` pairs over defaults: a case's own value replaces the default (no flag given twice). */
function flags(defaults: Record<string, string>, extra: string[]): string[] {
  const m = new Map(Object.entries(defaults));
  for (let i = 0; i < extra.length; i += 2) m.set(extra[i]!, extra[i + 1]!);
  return [...m].flat();
}

const synth = (name: string, extra: string[], message: RegExp, files: Record<string, string> = {}): BadInputCase => ({
  name,
  category: 'data synth/fetch',
  files,
  args: ['data', 'synth', ...flags({ '--symbol': 'BTCUSDT', '--out': 'tape.csv' }, extra)],
  exit: 2,
  message,
});

const fetch = (name: string, extra: string[], message: RegExp, files: Record<string, string> = {}): BadInputCase => ({
  name,
  category: 'data synth/fetch',
  files,
  // A base URL on a closed loopback port: a case that got as far as a request would fail as exit 1.
  args: ['data', 'fetch', ...flags({ '--type': 'trades', '--out': 'dl', '--base-url': 'http://127.0.0.1:9' }, extra)],
  exit: 2,
  message,
});

export const cases: BadInputCase[] = [
  synth(
    'tape beyond the size bound',
    ['--duration', '30d'],
    /rocky-bot data synth: --duration: the tape would be about 25920000 rows, \d+\.\d MiB, over the 256\.0 MiB bound; .*--force/,
  ),
  synth('synth empty --seed', ['--seed', ''], /rocky-bot data synth: --seed: expected a seed/),
  synth('synth --seed beyond 2^53', ['--seed', '123456789012345678901'], /--seed: .*beyond 2\^53 − 1/),
  synth(
    'bad --duration',
    ['--duration', 'forever'],
    /rocky-bot data synth: --duration: expected a duration such as 10m, got "forever"/,
  ),
  synth('bad --start', ['--start', 'yesterday'], /rocky-bot data synth: --start: expected an ISO-8601 time, got "yesterday"/),
  synth('--rate-hz 0', ['--rate-hz', '0'], /rocky-bot data synth: source\.rate_hz: expected a number > 0, got 0/),
  synth(
    '--drift-pct-per-day -100',
    ['--drift-pct-per-day', '-100'],
    /rocky-bot data synth: source\.drift_pct_per_day: expected a number > -100, got -100/,
  ),
  synth(
    '--tick-size negative',
    ['--tick-size', '-1'],
    /rocky-bot data synth: --tick-size: expected a positive tick size, got -1/,
  ),
  synth('--rate-hz not a number', ['--rate-hz', 'fast'], /rocky-bot data synth: --rate-hz: expected a number/),
  synth('synth --out is a folder', [], /rocky-bot data synth: --out: tape\.csv is a folder, expected a file path/, {
    'tape.csv/keep': '',
  }),
  synth(
    'synth --out under a file',
    ['--out', 'f.txt/tape.csv'],
    /rocky-bot data synth: --out: f\.txt\/tape\.csv lies under a file/,
    { 'f.txt': 'x' },
  ),
  {
    name: 'synth of a symbol with no defaults',
    category: 'data synth/fetch',
    files: {},
    args: ['data', 'synth', '--symbol', 'SOLUSDT', '--out', 'tape.csv'],
    exit: 2,
    message: /rocky-bot data synth: --tick-size: no default for SOLUSDT; give a positive tick size/,
  },
  {
    name: 'synth --symbol not a symbol',
    category: 'data synth/fetch',
    files: {},
    args: ['data', 'synth', '--symbol', 'BTC/USDT', '--out', 'tape.csv'],
    exit: 2,
    message: /rocky-bot data synth: --symbol: expected an exchange symbol such as BTCUSDT, got "BTC\/USDT"/,
  },
  fetch(
    'fetch bad date',
    ['--symbol', 'BTCUSDT', '--date', '2024-13-01'],
    /rocky-bot data fetch: --date: date: "2024-13-01" is not a calendar date/,
  ),
  fetch(
    'fetch backwards range',
    ['--symbol', 'BTCUSDT', '--date', '2024-07-20..2024-07-18'],
    /--date: date range "2024-07-20\.\.2024-07-18" runs backwards/,
  ),
  fetch(
    'fetch bad symbol',
    ['--symbol', 'BTC-USDT', '--date', '2024-07-18'],
    /rocky-bot data fetch: symbol: expected letters and digits such as BTCUSDT, got "BTC-USDT"/,
  ),
  fetch(
    'fetch unknown type',
    ['--symbol', 'BTCUSDT', '--date', '2024-07-18', '--type', 'klines'],
    /rocky-bot: Invalid values:[\s\S]*Argument: type, Given: "klines"/,
  ),
  fetch(
    'fetch ftp base URL',
    ['--symbol', 'BTCUSDT', '--date', '2024-07-18', '--base-url', 'ftp://x'],
    /rocky-bot data fetch: base URL: expected http\(s\):\/\/…, got "ftp:\/\/x"/,
  ),
  fetch(
    'fetch --out is a file',
    ['--symbol', 'BTCUSDT', '--date', '2024-07-18', '--out', 'x.txt'],
    /rocky-bot data fetch: --out: x\.txt is a file, expected a folder/,
    { 'x.txt': 'x' },
  ),
  {
    name: 'index of a missing tape',
    category: 'data index',
    files: {},
    args: ['data', 'index', 'nope.csv'],
    exit: 2,
    message: /rocky-bot data index: .*nope\.csv/,
  },
  {
    name: 'index of a tape with a bad row',
    category: 'data index',
    files: {
      'bad.csv':
        'update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time\n1,100,1,101,1,1700000000000,1700000000000\n2,abc,1,101,1,1700000000100,1700000000100\n',
    },
    args: ['data', 'index', 'bad.csv'],
    exit: 2,
    message: /bad\.csv.*line 3/,
  },
];
