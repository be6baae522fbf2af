/** Bad keys files and live configs: exit 2 before any connection, naming the file, key path and line. */
import type { BadInputCase } from './case.js';

const KEY = 'a'.repeat(64);
const SECRET = 'b'.repeat(64);
const GOOD_KEYS = JSON.stringify(
  { base_url: 'http://127.0.0.1:9', accounts: [{ id: 'mm-anchor', key: KEY, secret: SECRET }] },
  null,
  2,
);

const keys = (name: string, content: string, message: RegExp): BadInputCase => ({
  name,
  category: 'keys file',
  files: { 'k.json': content },
  args: ['keys', 'check', '--keys', 'k.json'],
  exit: 2,
  message,
});

const live = (name: string, yaml: string, message: RegExp): BadInputCase => ({
  name,
  category: 'live config',
  files: { 'k.json': GOOD_KEYS, 'live.yaml': yaml },
  args: ['live', '--keys', 'k.json', '--config', 'live.yaml', '--dry-run'],
  exit: 2,
  message,
});

const acct = (o: Record<string, unknown>) => JSON.stringify({ base_url: 'https://rocky.example', accounts: [o] }, null, 2);

export const cases: BadInputCase[] = [
  keys(
    'misspelt base_url',
    JSON.stringify({ base_ur1: 'https://x', accounts: [{ id: 'mm-anchor', key: KEY, secret: SECRET }] }, null, 2),
    /base_ur1 \(line 2\): unknown key; expected one of: \$schema, base_url, accounts/,
  ),
  keys(
    'misspelt secret',
    acct({ id: 'mm-anchor', key: KEY, secrte: SECRET }),
    /accounts\[0\]\.secrte \(line 7\): unknown key; expected one of: id, key, secret/,
  ),
  keys(
    'base_url not http',
    acct({ id: 'mm-anchor', key: KEY, secret: SECRET }).replace('https://rocky.example', 'ftp://x'),
    /base_url \(line 2\): expected an http\(s\) URL/,
  ),
  keys(
    'secret empty',
    acct({ id: 'mm-anchor', key: KEY, secret: '' }),
    /accounts\[0\]\.secret \(line 7\): expected a non-empty string \(account mm-anchor\)/,
  ),
  keys(
    'keys unknown account id',
    acct({ id: 'mm-boss', key: KEY, secret: SECRET }),
    /accounts\[0\]\.id \(line 5\): unknown: account id "mm-boss" is not one of/,
  ),
  keys(
    'placeholder left in',
    acct({ id: 'mm-anchor', key: 'REPLACE_WITH_API_KEY', secret: SECRET }),
    /accounts\[0\]\.key \(line 6\): still the \.keys\.example\.json placeholder/,
  ),
  keys(
    'no accounts',
    JSON.stringify({ base_url: 'https://x', accounts: [] }),
    /accounts \(line 1\): expected at least one account/,
  ),
  keys('not JSON', '{"base_url": "https://x",\n  "accounts": [\n', /k\.json: INVALID\n {2}- not valid JSON/),
  keys('keys file a list', '[]', /k\.json: INVALID\n {2}- line 1: expected a mapping/),
  keys('keys file empty', '', /k\.json: INVALID\n {2}- not valid JSON/),
  {
    name: 'keys path is a folder',
    category: 'keys file',
    files: { 'keys/readme.txt': 'x' },
    args: ['keys', 'check', '--keys', 'keys'],
    exit: 2,
    message: /keys: INVALID[\s\S]*cannot read: EISDIR/,
  },
  keys(
    'duplicate API key',
    JSON.stringify(
      {
        base_url: 'https://x',
        accounts: [
          { id: 'mm-anchor', key: KEY, secret: SECRET },
          { id: 'mm-taker-1', key: KEY, secret: SECRET },
        ],
      },
      null,
      2,
    ),
    /accounts\[1\]\.key \(line \d+\): duplicate: same API key as accounts\[0\] \(account mm-taker-1\)/,
  ),
  live(
    'live time_in_force IOC',
    'ladder: { time_in_force: IOC }\n',
    /live\.yaml: ladder\.time_in_force \(line 1\): expected one of GTC, GTX, got \\"IOC\\"/,
  ),
  live(
    'live negative drift_bps',
    'ladder:\n  drift_bps: -5\n',
    /live\.yaml: ladder\.drift_bps \(line 2\): expected a number ≥ 0, got -5/,
  ),
  live(
    'live negative cap',
    'risk: { max_notional_usdc: -1 }\n',
    /live\.yaml: risk\.max_notional_usdc \(line 1\): expected a number ≥ 0, got -1/,
  ),
  live(
    'live unknown key',
    'rsik: { leverage: 5 }\n',
    /live\.yaml: rsik \(line 1\): unknown key; expected one of: ladder, anchor, taker, risk, breaker, feed, qty, live/,
  ),
  live(
    'unknown live key',
    'live:\n  recv_window: 5000\n',
    /live\.yaml: live\.recv_window \(line 2\): unknown key; expected one of: status_interval_s, recv_window_ms/,
  ),
  live(
    'recv window not below the timeout',
    'live: { recv_window_ms: 30000, timeout_ms: 1500 }\n',
    /live\.yaml: live\.recv_window_ms \(line 1\): expected recv_window_ms < timeout_ms \(1500\), got 30000/,
  ),
  live(
    'recv window beyond 60 s',
    'live: { recv_window_ms: 90000, timeout_ms: 120000 }\n',
    /live\.yaml: live\.recv_window_ms \(line 1\): expected a number ≤ 60000, got 90000/,
  ),
  live(
    'reconcile report',
    'live: { reconcile: report }\n',
    /live\.yaml: live\.reconcile \(line 1\): expected one of cancel, adopt, got \\"report\\"/,
  ),
  live(
    'live unknown symbol',
    'live: { symbols: [SOL-PERP] }\n',
    /live\.yaml: live\.symbols\[0\] \(line 1\): expected one of BTC-PERP, BTCUSDT, ETH-PERP, ETHUSDT/,
  ),
  live(
    'symbol listed twice',
    'live: { symbols: [BTC-PERP, BTCUSDT] }\n',
    /live\.yaml: live\.symbols\[1\] \(line 1\): BTCUSDT is listed twice/,
  ),
  live(
    'qty for a symbol not traded',
    'live: { symbols: [BTC-PERP] }\nqty: { L1: { ETHUSDT: 0.01 } }\n',
    /live\.yaml: qty\.L1\.ETHUSDT \(line 2\): ETHUSDT is not traded; expected one of live\.symbols: BTCUSDT/,
  ),
  live(
    'status interval 0',
    'live: { status_interval_s: 0 }\n',
    /live\.yaml: live\.status_interval_s \(line 1\): expected a number > 0, got 0/,
  ),
  live('live config YAML syntax', 'live: [\n', /live\.yaml: line \d+: YAML syntax/),
  {
    name: 'live config missing',
    category: 'live config',
    files: { 'k.json': GOOD_KEYS },
    args: ['live', '--keys', 'k.json', '--config', 'nope.yaml', '--dry-run'],
    exit: 2,
    message: /nope\.yaml: cannot read live config \(ENOENT\)/,
  },
  {
    name: 'live --feed-url not a websocket',
    category: 'live config',
    files: { 'k.json': GOOD_KEYS },
    args: ['live', '--keys', 'k.json', '--feed-url', 'http://x', '--dry-run'],
    exit: 2,
    message: /rocky-bot live: --feed-url: expected a ws:\/wss: URL, got "http:\/\/x"/,
  },
  {
    name: 'live --metrics-port out of range',
    category: 'live config',
    files: { 'k.json': GOOD_KEYS },
    args: ['live', '--keys', 'k.json', '--metrics-port', '70000'],
    exit: 2,
    message: /rocky-bot live: --metrics-port: expected a port 0-65535, got 70000/,
  },
  {
    name: 'live --record-latency into a file as folder',
    category: 'live config',
    files: { 'k.json': GOOD_KEYS, f: 'x' },
    args: ['live', '--keys', 'k.json', '--record-latency', 'f/lat.csv'],
    exit: 2,
    message: /rocky-bot live: --record-latency: f\/lat\.csv lies under a file, expected a path in a folder/,
  },
];
