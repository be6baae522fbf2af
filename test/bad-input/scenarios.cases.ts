/** Bad scenario files: every one exits 2 naming the file, the key path with its line, and what was expected. */
import type { BadInputCase } from './case.js';

/** A valid one-symbol scenario of 5 lines; cases append to it (their first line is line 6). */
const BASE = 'name: t\nduration: 1m\nsymbols:\n  BTCUSDT:\n    source: { kind: synthetic }\n';
const SYMS = 'name: t\nduration: 1m\nsymbols:\n';

const sc = (name: string, yaml: string | Buffer, message: RegExp): BadInputCase => ({
  name,
  category: 'scenario file',
  files: { 'sc.yaml': yaml },
  args: ['sim', '--scenario', 'sc.yaml', '--out', 'out'],
  exit: 2,
  message,
});

export const cases: BadInputCase[] = [
  sc('unknown top-level key', `${BASE}exchnage: {}\n`, /sc\.yaml: exchnage \(line 6\): unknown key; expected one of: .*exchange/),
  sc(
    'unknown nested key',
    `${BASE}exchange:\n  latency:\n    sigmaa: 0.3\n`,
    /sc\.yaml: exchange\.latency\.sigmaa \(line 8\): unknown key; expected one of: model, median_ms, sigma, min_ms/,
  ),
  sc(
    'wrong type',
    `${BASE}strategy:\n  ladder:\n    interval_s: fast\n`,
    /sc\.yaml: strategy\.ladder\.interval_s \(line 8\): expected a number, got "fast"/,
  ),
  sc(
    'time_in_force IOC',
    `${BASE}strategy: { ladder: { time_in_force: IOC } }\n`,
    /strategy\.ladder\.time_in_force \(line 6\): expected one of GTC, GTX, got "IOC"/,
  ),
  sc(
    'negative drift_bps',
    `${BASE}strategy: { anchor: { drift_bps: -5 } }\n`,
    /strategy\.anchor\.drift_bps \(line 6\): expected a number ≥ 0, got -5/,
  ),
  sc(
    'negative cap',
    `${BASE}strategy: { risk: { max_notional_usdc: -1 } }\n`,
    /strategy\.risk\.max_notional_usdc \(line 6\): expected a number ≥ 0, got -1/,
  ),
  sc(
    'leverage 0',
    `${BASE}strategy: { risk: { leverage: 0 } }\n`,
    /strategy\.risk\.leverage \(line 6\): expected a number ≥ 1, got 0/,
  ),
  sc(
    'misspelt strategy parameter',
    `${BASE}strategy: { taker: { aggression: 40 } }\n`,
    /strategy\.taker\.aggression \(line 6\): unknown key; expected one of: .*aggression_bps/,
  ),
  sc(
    'max_cooldown below cooldown',
    `${BASE}strategy: { breaker: { cooldown_s: 60, max_cooldown_s: 30 } }\n`,
    /strategy\.breaker\.max_cooldown_s \(line 6\): expected max_cooldown_s ≥ cooldown_s \(60\), got 30/,
  ),
  sc(
    'name ".." escapes out/',
    `name: ".."\n${BASE.slice(8)}`,
    /sc\.yaml: name \(line 1\): expected letters, digits.*starting with a letter or digit.*got "\.\."/,
  ),
  sc('name with a slash', `name: a/b\n${BASE.slice(8)}`, /sc\.yaml: name \(line 1\): expected letters, digits/),
  sc('name missing', BASE.slice(8), /sc\.yaml: name( \(line 1\))?: missing; expected the scenario name/),
  sc(
    'seed beyond 2^53',
    `${BASE}seed: 9007199254740993\n`,
    /sc\.yaml: seed \(line 6\): expected a seed: a whole number from 0 to 2\^53 − 1/,
  ),
  sc('negative seed', `${BASE}seed: -1\n`, /sc\.yaml: seed \(line 6\): expected a seed/),
  sc(
    'duration in words',
    `${BASE}duration: 6 hours\n`.replace('duration: 1m\n', ''),
    /sc\.yaml: duration \(line 5\): expected a positive duration such as 6h/,
  ),
  sc('zero duration', BASE.replace('1m', '0'), /sc\.yaml: duration \(line 2\): expected a positive duration/),
  sc(
    'start not a time',
    `${BASE}start: yesterday\n`,
    /sc\.yaml: start \(line 6\): expected an ISO-8601 UTC time such as 2024-07-19T00:00:00Z, got "yesterday"/,
  ),
  sc('symbols missing', 'name: t\nduration: 1m\n', /sc\.yaml: symbols( \(line 1\))?: missing; expected a mapping/),
  sc(
    'symbols empty',
    `${SYMS.replace('symbols:\n', 'symbols: {}\n')}`,
    /sc\.yaml: symbols \(line 3\): expected at least one symbol/,
  ),
  sc(
    'symbol not an exchange symbol',
    `${SYMS}  btc:\n    source: { kind: synthetic }\n`,
    /sc\.yaml: symbols\.btc \(line 4\): expected an exchange symbol such as BTCUSDT/,
  ),
  sc(
    'two symbols, one name',
    `${BASE}  ETHUSDT:\n    name: BTC-PERP\n    source: { kind: synthetic }\n`,
    /sc\.yaml: symbols\.ETHUSDT\.name \(line 7\): name BTC-PERP is already used by BTCUSDT/,
  ),
  sc(
    'no default rules',
    `${SYMS}  SOLUSDT:\n    source: { kind: synthetic, start_price: 150 }\n`,
    /sc\.yaml: symbols\.SOLUSDT\.rules\.tick_size \(line 4\): missing; SOLUSDT has no default rules/,
  ),
  sc(
    'bad tick size',
    `${SYMS}  BTCUSDT:\n    rules: { tick_size: abc }\n    source: { kind: synthetic }\n`,
    /symbols\.BTCUSDT\.rules\.tick_size \(line 5\): expected a positive decimal such as "0\.1", got "abc"/,
  ),
  sc(
    'source missing',
    `${SYMS}  BTCUSDT:\n    name: BTC-PERP\n`,
    /symbols\.BTCUSDT\.source \(line 4\): missing; expected a mapping/,
  ),
  sc(
    'unknown source kind',
    `${SYMS}  BTCUSDT:\n    source: { kind: csv }\n`,
    /symbols\.BTCUSDT\.source\.kind \(line 5\): expected one of synthetic, bookticker_csv, trades_csv, aggtrades_csv, ws_jsonl/,
  ),
  sc(
    'unknown source key keeps its line',
    `${SYMS}  BTCUSDT:\n    source:\n      kind: synthetic\n      vol: 3\n`,
    /symbols\.BTCUSDT\.source\.vol \(line 7\): unknown key/,
  ),
  sc(
    'rate_hz 0',
    `${SYMS}  BTCUSDT:\n    source:\n      kind: synthetic\n      rate_hz: 0\n`,
    /symbols\.BTCUSDT\.source\.rate_hz \(line 7\): expected a number > 0, got 0/,
  ),
  sc(
    'drift of -100 %',
    `${SYMS}  BTCUSDT:\n    source: { kind: synthetic, drift_pct_per_day: -100 }\n`,
    /source\.drift_pct_per_day \(line 5\): expected a number > -100, got -100/,
  ),
  sc(
    'shock recovery without duration',
    `${SYMS}  BTCUSDT:\n    source:\n      kind: synthetic\n      shocks: [{ at_min: 1, move_pct: -8, over_min: 5, recover_pct: 50 }]\n`,
    /source\.shocks\[0\]\.recover_over_min \(line 7\): expected a duration > 0 when recover_pct is set/,
  ),
  sc(
    'replay without files',
    `${SYMS}  BTCUSDT:\n    source: { kind: bookticker_csv }\n`,
    /source\.files \(line 5\): missing; expected file: PATH or files: \[PATH, \.\.\.\]/,
  ),
  sc(
    'file and files',
    `${SYMS}  BTCUSDT:\n    source: { kind: bookticker_csv, file: a.csv, files: [b.csv] }\n`,
    /source\.file \(line 5\): give either file or files, not both/,
  ),
  sc(
    'window to before from',
    `${SYMS}  BTCUSDT:\n    source: { kind: bookticker_csv, file: a.csv, from: 2024-07-19T01:00:00Z, to: 2024-07-19 }\n`,
    /source\.to \(line 5\): expected a time after from \(2024-07-19T01:00:00\.000Z\)/,
  ),
  sc(
    'both half spreads',
    `${SYMS}  BTCUSDT:\n    source: { kind: trades_csv, file: a.csv, half_spread_ticks: 1, half_spread_bps: 1 }\n`,
    /source\.half_spread_bps \(line 5\): give either half_spread_ticks or half_spread_bps, not both/,
  ),
  sc(
    'feed latency sigma 5',
    `${SYMS}  BTCUSDT:\n    source: { kind: synthetic }\n    feed_latency: { sigma: 5 }\n`,
    /symbols\.BTCUSDT\.feed_latency\.sigma \(line 6\): expected a number ≤ 3, got 5/,
  ),
  sc(
    'negative wallet',
    `${BASE}exchange: { wallet_usdc: -5 }\n`,
    /exchange\.wallet_usdc \(line 6\): expected a number ≥ 0, got -5/,
  ),
  sc(
    'wallet per role typo',
    `${BASE}exchange:\n  wallet_usdc: { ladders: 100 }\n`,
    /exchange\.wallet_usdc\.ladders \(line 7\): unknown key; expected one of: ladder, anchor, taker/,
  ),
  sc(
    'unknown stp',
    `${BASE}exchange: { stp: CANCEL_BOTH }\n`,
    /exchange\.stp \(line 6\): expected one of NONE, EXPIRE_TAKER, EXPIRE_MAKER, EXPIRE_BOTH/,
  ),
  sc(
    'rate limit 0',
    `${BASE}exchange: { limits: { orders_per_10s: 0 } }\n`,
    /exchange\.limits\.orders_per_10s \(line 6\): expected a number ≥ 1, got 0/,
  ),
  sc(
    'unknown account id',
    `${BASE}fleet:\n  accounts: [mm-anchor, mm-l4-buy-05bps]\n`,
    /fleet\.accounts\[1\] \(line 7\): account id "mm-l4-buy-05bps" is not one of/,
  ),
  sc(
    'duplicate account id',
    `${BASE}fleet:\n  accounts: [mm-anchor, mm-anchor]\n`,
    /fleet\.accounts\[1\] \(line 7\): duplicate account id mm-anchor/,
  ),
  sc(
    'accounts and takers',
    `${BASE}fleet:\n  accounts: [mm-anchor]\n  takers: 2\n`,
    /fleet\.takers \(line 8\): give either fleet\.accounts \(an explicit roster\) or fleet\.takers, not both/,
  ),
  sc(
    'exclude of no account',
    `${BASE}fleet: { exclude: [mm-taker-9] }\n`,
    /fleet\.exclude\[0\] \(line 6\): no account mm-taker-9 in the roster/,
  ),
  sc(
    'empty fleet',
    `${BASE}fleet: { accounts: [mm-anchor], exclude: [mm-anchor] }\n`,
    /sc\.yaml: fleet \(line 6\): the fleet is empty; expected at least one account/,
  ),
  sc(
    'fault window backwards',
    `${BASE}faults:\n  outages: [{ from: 20m, to: 10m }]\n`,
    /faults\.outages\[0\]\.to \(line 7\): expected a time after from/,
  ),
  sc(
    'unknown outage kind',
    `${BASE}faults:\n  outages: [{ from: 1m, to: 2m, kind: 404 }]\n`,
    /faults\.outages\[0\]\.kind \(line 7\): expected one of 5xx, 5xx_after_apply, timeout/,
  ),
  sc('error rate above 1', `${BASE}faults: { error_rate: 2 }\n`, /faults\.error_rate \(line 6\): expected a number ≤ 1, got 2/),
  sc(
    'feed gap on a symbol not in the scenario',
    `${BASE}faults:\n  feed_gaps: [{ from: 0, to: 1m, symbols: [ETHUSDT] }]\n`,
    /faults\.feed_gaps\[0\]\.symbols\[0\] \(line 7\): no symbol ETHUSDT in this scenario; expected one of the scenario's symbols: BTCUSDT/,
  ),
  sc(
    'external flow on a symbol not in the scenario',
    `${BASE}external_flow: { rate_per_min: 2, qty: { ETHUSDT: 0.04 } }\n`,
    /external_flow\.qty\.ETHUSDT \(line 6\): no symbol ETHUSDT in this scenario/,
  ),
  sc(
    'external flow without qty',
    `${BASE}external_flow: { rate_per_min: 2 }\n`,
    /external_flow\.qty \(line 6\): missing; expected a mapping/,
  ),
  sc(
    'qty for a symbol not in the scenario',
    `${BASE}strategy:\n  qty: { L2: { SOLUSDT: 1 } }\n`,
    /strategy\.qty\.L2\.SOLUSDT \(line 7\): no symbol SOLUSDT in this scenario/,
  ),
  sc(
    'no qty for a traded symbol',
    `${SYMS}  SOLUSDT:\n    rules: { tick_size: "0.01", step_size: "0.01", min_qty: "0.01", min_notional: "5" }\n    source: { kind: synthetic, start_price: 150 }\n`,
    /strategy\.qty\.L1( \(line 1\))?: missing a quantity for SOLUSDT \(the L1 accounts trade it\)/,
  ),
  sc(
    'qty below min_qty',
    `${BASE}strategy:\n  qty: { L1: { BTCUSDT: 0.00001 } }\n`,
    /strategy\.qty\.L1\.BTCUSDT \(line 7\): 0\.00001 snaps to 0 at step_size 0\.0001, below min_qty 0\.0001/,
  ),
  sc(
    'unknown expectation kind',
    `${BASE}expect:\n  fill: { min: 1 }\n`,
    /expect\.fill \(line 7\): unknown key; expected one of: funnel_decreasing/,
  ),
  sc(
    'expectation min above max',
    `${BASE}expect:\n  fills: { min: 10, max: 5 }\n`,
    /expect\.fills\.max \(line 7\): expected max ≥ min \(10\), got 5/,
  ),
  sc(
    'expectation range empty',
    `${BASE}expect:\n  breaker_opens: {}\n`,
    /expect\.breaker_opens \(line 7\): expected min and\/or max/,
  ),
  sc(
    'expectation on an unknown account',
    `${BASE}expect:\n  quoted: [mm-l9-buy-05bps@BTC-PERP]\n`,
    /expect\.quoted\[0\] \(line 7\): no account mm-l9-buy-05bps in the fleet/,
  ),
  sc(
    'expectation on an unknown symbol',
    `${BASE}expect:\n  never_quoted: [mm-anchor@ETH-PERP]\n`,
    /expect\.never_quoted\[0\] \(line 7\): no symbol named ETH-PERP; expected one of BTC-PERP/,
  ),
  sc(
    'funnel of one layer',
    `${BASE}expect:\n  funnel_decreasing: [L1]\n`,
    /expect\.funnel_decreasing \(line 7\): expected at least two layers/,
  ),
  sc(
    'no_quotes_on_stale_feed false',
    `${BASE}expect:\n  no_quotes_on_stale_feed: false\n`,
    /expect\.no_quotes_on_stale_feed \(line 7\): only `true` makes sense here/,
  ),
  sc(
    'rejection code not a code',
    `${BASE}expect:\n  rejections: { balance: { max: 0 } }\n`,
    /expect\.rejections\.balance \(line 7\): expected an error code such as "-2010"/,
  ),
  sc('YAML syntax error', `${BASE}exchange: [\n`, /sc\.yaml: line \d+: YAML syntax/),
  sc('duplicate key', `${BASE}seed: 1\nseed: 2\n`, /sc\.yaml: line 7: YAML syntax: Map keys must be unique/),
  sc('two documents', `${BASE}---\nname: u\n`, /sc\.yaml: line 6: YAML syntax: Source contains multiple documents/),
  sc(
    'alias bomb',
    `${BASE}a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
    /sc\.yaml: YAML aliases expand too far \(more than 100 expansions\)/,
  ),
  sc('a list, not a mapping', '- name: t\n', /sc\.yaml: line 1: expected a mapping, got a list/),
  sc('empty file', '', /sc\.yaml: name( \(line 1\))?: missing; expected the scenario name/),
  sc(
    'binary garbage',
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x3a, 0x3a]),
    /sc\.yaml: (line \d+: YAML syntax|expected a mapping)/,
  ),
  sc(
    'several problems at once',
    `${BASE}exchange: { stp: X, maker_fee: 1 }\nstrategy: { feed: { max_feed_age_s: 0 } }\n`,
    /exchange\.maker_fee \(line 6\)[^\n]*\n[^\n]*exchange\.stp \(line 6\)[^\n]*\n[^\n]*strategy\.feed\.max_feed_age_s \(line 7\)/,
  ),
  sc(
    'scenario file too big',
    `${BASE}description: "${'x'.repeat(5 * 1024 * 1024)}"\n`,
    /sc\.yaml: cannot read scenario file: \d+ bytes, expected at most 4194304/,
  ),
  sc(
    'unknown latency model',
    `${BASE}exchange: { latency: { model: gamma } }\n`,
    /sc\.yaml: exchange\.latency\.model \(line 6\): expected one of lognormal, constant, replay/,
  ),
  sc(
    'latency replay file missing',
    `${BASE}exchange: { latency: { model: replay, file: nope.csv } }\n`,
    /nope\.csv: cannot read the latency recording \(ENOENT\)/,
  ),
  {
    ...sc('latency recording with a bad row', `${BASE}exchange: { latency: { model: replay, file: lat.csv } }\n`, /x/),
    files: {
      'sc.yaml': `${BASE}exchange: { latency: { model: replay, file: lat.csv } }\n`,
      'lat.csv':
        'sent_at,account,method,path,status,rtt_ms\n1000,mm-anchor,GET,/fapi/v1/time,200,12\n1001,mm-anchor,GET,/p,200,slow\n',
    },
    message: /lat\.csv: line 3: rtt_ms must be a number ≥ 0, got "slow"/,
  },
  sc(
    'fees given twice',
    `${BASE}exchange: { taker_fee: 0.0004, fees: { model: fixed, maker: 0, taker: 0.0004 } }\n`,
    /sc\.yaml: exchange\.taker_fee \(line 6\): give either maker_fee \/ taker_fee or fees, not both/,
  ),
  sc(
    'feed replay on a synthetic tape',
    `${SYMS}  BTCUSDT:\n    source: { kind: synthetic }\n    feed_latency: { model: replay }\n`,
    /sc\.yaml: symbols\.BTCUSDT\.feed_latency\.model \(line 6\): replay needs a tape that recorded receipt times/,
  ),
  sc(
    'outside quotes for an unknown symbol',
    `${BASE}outside_quotes: { qty: { ETHUSDT: 1 } }\n`,
    /sc\.yaml: outside_quotes\.qty\.ETHUSDT \(line 6\): no symbol ETHUSDT in this scenario/,
  ),
];
