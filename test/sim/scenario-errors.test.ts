import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadScenario } from '../../src/scenario/scenario.js';
import { SMALL_MARKET, writeScenario } from './helpers.js';

const errorOf = (yaml: string): ConfigError => {
  const file = writeScenario(yaml);
  try {
    loadScenario(file);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).file).toBe(file);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('scenario validation', () => {
  it('an unknown key names its full path and line', () => {
    const e = errorOf(`name: x\n${SMALL_MARKET}exchange:\n  latency:\n    median_ms: 20\n    sigmaa: 0.3\n`);
    expect(e.where).toBe('exchange.latency.sigmaa (line 11)');
    expect(e.problem).toMatch(/unknown key; expected one of: model, median_ms, sigma, min_ms/);
  });

  it('a wrong type names the key and what was expected', () => {
    const e = errorOf(`name: x\n${SMALL_MARKET}strategy:\n  ladder:\n    interval_s: fast\n`);
    expect(e.where).toMatch(/^strategy\.ladder\.interval_s/);
    expect(e.problem).toMatch(/expected a number, got "fast"/);
  });

  it('a strategy override must be a spec parameter', () => {
    const e = errorOf(`name: x\n${SMALL_MARKET}strategy:\n  taker:\n    aggression: 40\n`);
    expect(e.where).toMatch(/^strategy\.taker\.aggression/);
    expect(e.problem).toMatch(/aggression_bps/);
  });

  it('bad durations, bad account ids and YAML syntax errors are named', () => {
    expect(errorOf(`name: x\nduration: 6 hours\n${SMALL_MARKET}`).where).toMatch(/^duration/);
    expect(errorOf(`name: x\n${SMALL_MARKET}fleet:\n  accounts: [mm-anchor, mm-l4-buy-05bps]\n`).where).toMatch(
      /^fleet\.accounts\[1\]/,
    );
    expect(errorOf(`name: x\nsymbols: [\n`).where).toMatch(/^line \d+$/);
  });

  it('errors inside a price source keep their line, and every problem is reported', () => {
    const e = errorOf(`name: x\nsymbols:\n  BTCUSDT:\n    source:\n      kind: synthetic\n      rate_hz: fast\n      vol: 3\n`);
    expect(e.issues.map((i) => i.where)).toEqual([
      'symbols.BTCUSDT.source.rate_hz (line 6)',
      'symbols.BTCUSDT.source.vol (line 7)',
    ]);
    expect(e.message).toContain(`${e.file}: symbols.BTCUSDT.source.rate_hz (line 6): expected a number, got "fast"`);
  });

  it('overrides apply and defaults are the spec values', () => {
    const sc = loadScenario(
      writeScenario(`name: x\n${SMALL_MARKET}strategy:\n  ladder: { drift_bps: 3 }\n  risk: { position_gate: false }\n`),
    );
    expect(sc.strategy.ladder.drift_bps).toBe(3);
    expect(sc.strategy.ladder.interval_s).toBe(3);
    expect(sc.strategy.risk.position_gate).toBe(false);
    expect(sc.strategy.risk.max_notional_usdc).toBe(150);
    expect(sc.roster).toHaveLength(30);
  });
});

// dist/ is built by test/global-setup.ts when missing or stale, so these never skip.
describe('rocky-bot sim exit codes', () => {
  const bin = path.resolve('bin/rocky-bot.js');
  it('exits 2 with the file and key path for a bad scenario, and writes nothing', () => {
    const file = writeScenario(`name: bad\n${SMALL_MARKET}exchange: { wallet: 100 }\n`);
    const out = path.join(path.dirname(file), 'out');
    const r = spawnSync(process.execPath, [bin, 'sim', '--scenario', file, '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('exchange.wallet');
    expect(existsSync(out)).toBe(false);
  });

  it('exits 1 and names the failed expectation', () => {
    const file = writeScenario(`name: failing\nduration: 2m\n${SMALL_MARKET}expect:\n  breaker_opens: { min: 1000 }\n`);
    const out = path.join(path.dirname(file), 'out');
    const r = spawnSync(process.execPath, [bin, 'sim', '--scenario', file, '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL breaker_opens/);
    expect(existsSync(path.join(out, 'report.json'))).toBe(true);
  });
});
