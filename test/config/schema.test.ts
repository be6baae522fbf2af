/** The one config schema: shared strategy rules, defaults that agree with the models, --set overrides, every problem at once. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { parseLiveConfig } from '../../src/config/live-config.js';
import { parseSeedFlag } from '../../src/config/schema/primitives.js';
import { DEFAULT_LATENCY as SCHEMA_LATENCY } from '../../src/config/schema/scenario.js';
import { parsePriceSource } from '../../src/market-data/price-source.js';
import { SYNTHETIC_DEFAULTS } from '../../src/market-data/synthetic.js';
import { loadScenario, parseSetFlag } from '../../src/scenario/scenario.js';
import { DEFAULT_LATENCY } from '../../src/sim/latency.js';
import { SMALL_MARKET, writeScenario } from '../sim/helpers.js';

const scenarioError = (yaml: string, set: Array<{ path: string; value: unknown }> = []): ConfigError => {
  try {
    loadScenario(writeScenario(yaml), { set });
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};
const liveError = (yaml: string): ConfigError | undefined => {
  try {
    parseLiveConfig(yaml, 'live.yaml');
    return undefined;
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
};

describe('config schema', () => {
  it('defaults agree with the models they configure', () => {
    expect(SCHEMA_LATENCY).toEqual(DEFAULT_LATENCY);
    const s = parsePriceSource({ kind: 'synthetic' }, 'f', 'p');
    expect(s).toMatchObject({
      drift_pct_per_day: SYNTHETIC_DEFAULTS.drift_pct_per_day,
      rate_hz: SYNTHETIC_DEFAULTS.rate_hz,
      arrivals: SYNTHETIC_DEFAULTS.arrivals,
      spread_ticks: SYNTHETIC_DEFAULTS.spread_ticks,
    });
  });

  it('scenario strategy and live --config accept and refuse the same values, with the same words', () => {
    const overrides = [
      'ladder: { time_in_force: IOC }',
      'anchor: { drift_bps: -5 }',
      'risk: { max_notional_usdc: -1 }',
      'risk: { leverage: 0 }',
      'breaker: { cooldown_s: 60, max_cooldown_s: 10 }',
      'taker: { aggression: 40 }',
      'ladder: { drift_bps: 3, time_in_force: GTX }',
      'qty: { L1: { BTCUSDT: 0.001 } }',
    ];
    for (const o of overrides) {
      const live = liveError(`${o}\n`);
      let sim: ConfigError | undefined;
      try {
        loadScenario(writeScenario(`name: x\n${SMALL_MARKET}strategy: { ${o} }\n`));
      } catch (e) {
        sim = e as ConfigError;
      }
      expect(sim === undefined, o).toBe(live === undefined);
      if (sim && live) expect(sim.problem, o).toBe(live.problem);
    }
  });

  it('reports every problem of a file at once, in file order, each with its line', () => {
    const e = scenarioError(
      `name: x\n${SMALL_MARKET}exchange: { stp: X }\nstrategy:\n  ladder: { interval_s: 0 }\nfaults: { error_rate: 3 }\n`,
    );
    expect(e.issues.map((i) => i.where)).toEqual([
      'exchange.stp (line 8)',
      'strategy.ladder.interval_s (line 10)',
      'faults.error_rate (line 11)',
    ]);
    expect(e.message.split('\n')).toHaveLength(3);
  });

  it('--set overrides are applied before validation and pass the same checks', () => {
    const file = writeScenario(`name: x\n${SMALL_MARKET}`);
    const sc = loadScenario(file, {
      set: [
        parseSetFlag('exchange.latency.median_ms=40'),
        parseSetFlag('faults.outages[0]={from: 1m, to: 2m}'),
        parseSetFlag('seed=abc'),
      ],
    });
    expect(sc.exchange.latency).toMatchObject({ model: 'lognormal', median_ms: 40, sigma: 0.5 });
    expect(sc.faults.outages).toEqual([{ from_s: 60, to_s: 120, kind: '5xx' }]);
    expect(sc.seed).toBe('abc');
    const e = scenarioError(`name: x\n${SMALL_MARKET}`, [parseSetFlag('strategy.risk.leverage=500')]);
    expect(e.where).toBe('strategy.risk.leverage (--set)');
    expect(e.problem).toBe('expected a number ≤ 125, got 500');
    expect(() => parseSetFlag('no-equals')).toThrow(/expected dotted\.path=value/);
  });

  it('seeds: whole numbers within 2^53 − 1 or words; nothing that a double would round or a typo', () => {
    expect(parseSeedFlag('42')).toBe(42);
    expect(parseSeedFlag('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseSeedFlag('calm-1')).toBe('calm-1');
    for (const bad of ['', ' ', '9007199254740992', '1.5', '-3', '+3', '1e3', 'a b', 'x'.repeat(65)]) {
      expect(Array.isArray(parseSeedFlag(bad)), bad).toBe(true);
    }
    expect(scenarioError(`name: x\nseed: 12345678901234567890\n${SMALL_MARKET}`).where).toBe('seed (line 2)');
  });

  it('live: recv window below the request timeout, qty only for traded symbols', () => {
    expect(liveError('live: { recv_window_ms: 5000, timeout_ms: 5000 }\n')?.where).toBe('live.recv_window_ms (line 1)');
    expect(liveError('live: { recv_window_ms: 4999, timeout_ms: 5000 }\n')).toBeUndefined();
    expect(liveError('live: { symbols: [ETH-PERP] }\nqty: { taker: { BTCUSDT: 0.001 } }\n')?.where).toBe(
      'qty.taker.BTCUSDT (line 2)',
    );
    expect(parseLiveConfig('', 'x').live).toMatchObject({ recv_window_ms: 5000, timeout_ms: 10_000, reconcile: 'cancel' });
  });

  it("models: latency, fees and outside quotes are chosen by name; defaults are today's", () => {
    const base = loadScenario(writeScenario(`name: x\n${SMALL_MARKET}`));
    expect(base.exchange.latency).toEqual(DEFAULT_LATENCY);
    expect(base.exchange.fees).toEqual({ model: 'fixed', maker: 0.0002, taker: 0.0005 });
    expect(base.outsideQuotes).toBeNull();
    const sc = loadScenario(
      writeScenario(
        `name: x\n${SMALL_MARKET}exchange:\n  latency: { model: constant, ms: 30 }\n  fees: { model: tiered, tiers: [{ min_volume_usdc: 0, maker: 0.0002, taker: 0.0005 }, { min_volume_usdc: 1e6, maker: 0.0001, taker: 0.0004 }], start_volume_usdc: { anchor: 2e6 } }\noutside_quotes: { offset_bps: 5 }\n`,
      ),
    );
    expect(sc.exchange.latency).toEqual({ model: 'constant', ms: 30 });
    expect(sc.exchange.fees).toMatchObject({ model: 'tiered', start_volume_usdc: { ladder: 0, anchor: 2e6, taker: 0 } });
    expect(sc.outsideQuotes).toEqual({ offset_bps: 5 });
    expect(scenarioError(`name: x\n${SMALL_MARKET}exchange: { latency: { model: gamma } }\n`).message).toMatch(
      /exchange\.latency\.model \(line \d+\): expected one of lognormal, constant, replay/,
    );
    expect(scenarioError(`name: x\n${SMALL_MARKET}exchange: { latency: { model: constant, median_ms: 3 } }\n`).message).toMatch(
      /exchange\.latency\.median_ms .*unknown key/,
    );
    expect(
      scenarioError(`name: x\n${SMALL_MARKET}exchange: { maker_fee: 0, fees: { model: fixed, maker: 0, taker: 0 } }\n`).message,
    ).toMatch(/exchange\.maker_fee.*give either maker_fee \/ taker_fee or fees, not both/);
    expect(
      scenarioError(
        `name: x\n${SMALL_MARKET}exchange: { fees: { model: tiered, tiers: [{ min_volume_usdc: 10, maker: 0, taker: 0 }] } }\n`,
      ).message,
    ).toMatch(/tiers\[0\]\.min_volume_usdc.*the first tier starts at 0/);
    expect(scenarioError(`name: x\n${SMALL_MARKET}outside_quotes: { qty: { SOLUSDT: 1 } }\n`).message).toMatch(
      /outside_quotes\.qty\.SOLUSDT.*no symbol SOLUSDT/,
    );
  });
});
