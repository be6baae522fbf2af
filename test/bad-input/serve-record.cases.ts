/** Bad input to `serve` and `record`: exit 2 before listening or connecting. */
import type { BadInputCase } from './case.js';

const SC = 'name: paper\nduration: 1m\nsymbols:\n  BTCUSDT:\n    source: { kind: synthetic }\n';
const KEYS = JSON.stringify({
  base_url: 'http://127.0.0.1:9',
  accounts: [{ id: 'mm-anchor', key: 'a'.repeat(64), secret: 'b'.repeat(64) }],
});

const serve = (name: string, extra: string[], message: RegExp, files: Record<string, string> = {}): BadInputCase => ({
  name,
  category: 'serve',
  files: { 'sc.yaml': SC, 'k.json': KEYS, ...files },
  args: ['serve', '--scenario', 'sc.yaml', '--keys', 'k.json', ...(extra.includes('--port') ? [] : ['--port', '0']), ...extra],
  exit: 2,
  message,
});

const record = (name: string, args: string[], message: RegExp, files: Record<string, string> = {}): BadInputCase => ({
  name,
  category: 'record',
  files,
  args: ['record', ...args],
  exit: 2,
  message,
});

export const cases: BadInputCase[] = [
  serve(
    '--host not an address',
    ['--host', '999.1.1.1'],
    /rocky-bot serve: --host: expected an IP address such as 127\.0\.0\.1 or a host name, got "999\.1\.1\.1"/,
  ),
  serve('--port out of range', ['--port', '70000'], /rocky-bot serve: --port: expected 0\.\.65535, got 70000/),
  serve('--speed 0', ['--speed', '0'], /rocky-bot serve: --speed: expected a number > 0, got 0/),
  serve('bad fault flag', ['--fault-outage', 'bogus'], /rocky-bot serve: --fault-outage/),
  serve('bad scenario', [], /rocky-bot serve: sc\.yaml: exchange\.stp \(line 6\): expected one of NONE/, {
    'sc.yaml': `${SC}exchange: { stp: X }\n`,
  }),
  serve('bad keys', [], /rocky-bot serve: k\.json: accounts\[0\]\.secrte \(line 1\): unknown key/, {
    'k.json': JSON.stringify({ base_url: 'http://x', accounts: [{ id: 'mm-anchor', key: 'k'.repeat(64), secrte: 's' }] }),
  }),
  serve('serve --out is a file', ['--out', 'k.json'], /rocky-bot serve: --out: k\.json is a file, expected a folder/),
  record(
    '--feed-url not a URL',
    ['--out', 'rec', '--feed-url', 'notaurl'],
    /rocky-bot record: --feed-url: expected a ws:\/wss: URL, got "notaurl"/,
  ),
  record(
    '--feed-url http',
    ['--out', 'rec', '--feed-url', 'https://fstream.binance.com'],
    /rocky-bot record: --feed-url: expected a ws:\/wss: URL/,
  ),
  record(
    '--symbols with a space',
    ['--out', 'rec', '--symbols', 'BTC USDT'],
    /rocky-bot record: --symbols: expected e\.g\. BTCUSDT,ETHUSDT, got "BTC USDT"/,
  ),
  record('record --out is a file', ['--out', 'x.txt'], /rocky-bot record: --out: x\.txt is a file, expected a folder/, {
    'x.txt': 'x',
  }),
  record('record --out in /proc', ['--out', '/proc/rocky-rec'], /rocky-bot record: --out: cannot write in \/proc/),
  record('--out missing', [], /rocky-bot: Missing required argument: out/),
];
