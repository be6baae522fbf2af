import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { parseSetFlag } from '../../src/sweep/overrides.js';
import { buildPlan, cellLabel, runAt, runCount, type PlanInputs } from '../../src/sweep/plan.js';
import { readScenarioText } from '../../src/sweep/scenario-text.js';
import { formatSeeds, parseSeeds } from '../../src/sweep/seeds.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sweep-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCENARIO = `name: tiny
duration: 2m
symbols:
  BTCUSDT:
    source: { kind: synthetic, start_price: 64000, rate_hz: 10 }
`;

function scenario(text = SCENARIO, name = 'tiny.yaml') {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return readScenarioText(f);
}

const V = { version: '0.0.0', build: 'test' };
const plan = (over: Partial<PlanInputs> = {}) =>
  buildPlan({ scenarios: [scenario()], sets: [], mode: 'grid', seeds: [1, 2], version: V, ...over });

const keys = (p: ReturnType<typeof plan>) => Array.from({ length: runCount(p) }, (_, i) => runAt(p, i).key);

describe('sweep plan', () => {
  it('reads seed lists in any spelling as one sorted set', () => {
    expect(parseSeeds('3,1..2, 2')).toEqual([1, 2, 3]);
    expect(formatSeeds(parseSeeds('7,1..5,9,8'))).toBe('1..5,7..9');
    expect(() => parseSeeds('5..1')).toThrow(/--seeds: range 5..1 runs backwards/);
    expect(() => parseSeeds('1..x')).toThrow(/"x" is not a whole number/);
    expect(() => parseSeeds('0..9999999')).toThrow(/more than 1000000 seeds/);
  });

  it('reads --set values as YAML scalars, commas outside brackets separating values', () => {
    expect(parseSetFlag('strategy.taker.interval_s=20,30.5')).toEqual({ path: 'strategy.taker.interval_s', values: [20, 30.5] });
    expect(parseSetFlag('exchange.stp=NONE,EXPIRE_TAKER').values).toEqual(['NONE', 'EXPIRE_TAKER']);
    expect(parseSetFlag('fleet.exclude=[mm-taker-1,mm-taker-2]').values).toEqual([['mm-taker-1', 'mm-taker-2']]);
    expect(() => parseSetFlag('strategy.taker.interval_s')).toThrow(/--set strategy.taker.interval_s: no "="/);
    expect(() => parseSetFlag('a=1,1')).toThrow(/value 1 given twice/);
  });

  it('a grid puts the first --set outermost; zip pairs values and needs equal lengths', () => {
    const sets = [parseSetFlag('strategy.taker.interval_s=20,40'), parseSetFlag('strategy.taker.aggression_bps=30,50')];
    const grid = plan({ sets });
    expect(grid.cells.map((c) => cellLabel(grid, c))).toEqual([
      'strategy.taker.interval_s=20 strategy.taker.aggression_bps=30',
      'strategy.taker.interval_s=20 strategy.taker.aggression_bps=50',
      'strategy.taker.interval_s=40 strategy.taker.aggression_bps=30',
      'strategy.taker.interval_s=40 strategy.taker.aggression_bps=50',
    ]);
    const zip = plan({ sets, mode: 'zip' });
    expect(zip.cells.map((c) => cellLabel(zip, c))).toEqual([
      'strategy.taker.interval_s=20 strategy.taker.aggression_bps=30',
      'strategy.taker.interval_s=40 strategy.taker.aggression_bps=50',
    ]);
    expect(() => plan({ sets: [sets[0]!, parseSetFlag('strategy.taker.aggression_bps=1,2,3')], mode: 'zip' })).toThrow(
      /same number of values/,
    );
  });

  it('run keys change with what changes a result, and only with that', () => {
    const base = keys(plan());
    expect(new Set(base).size).toBe(2);
    // same inputs, seeds spelt in another order: same keys
    expect(keys(plan({ seeds: parseSeeds('2,1') }))).toEqual(base);
    // a fixed override, another duration, other scenario bytes, another build: other keys
    expect(keys(plan({ sets: [parseSetFlag('strategy.taker.interval_s=31')] }))).not.toContain(base[0]);
    expect(keys(plan({ duration: { text: '1m', ms: 60_000 } }))).not.toContain(base[0]);
    expect(keys(plan({ scenarios: [scenario(`${SCENARIO}# a comment\n`)] }))).not.toContain(base[0]);
    expect(keys(plan({ version: { ...V, build: 'other' } }))).not.toContain(base[0]);
    // the same override in a cell of a larger grid is the same run
    const wide = plan({ sets: [parseSetFlag('strategy.taker.interval_s=31,32')] });
    expect(keys(wide)).toContain(keys(plan({ sets: [parseSetFlag('strategy.taker.interval_s=31')] }))[0]);
  });

  it('validates every cell before anything runs, naming the --set that broke it', () => {
    let err: ConfigError | undefined;
    try {
      plan({ sets: [parseSetFlag('strategy.taker.interval_s=20,-5')] });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toMatch(
      /tiny\.yaml: strategy\.taker\.interval_s \(--set\): expected a number > 0, got -5 \(in the cell strategy\.taker\.interval_s=-5\)$/,
    );
    expect(() => plan({ sets: [parseSetFlag('strategy.taker.intervl_s=3')] })).toThrow(/intervl_s \(--set\): unknown key/);
    expect(() => plan({ sets: [parseSetFlag('name.x=1')] })).toThrow(
      /name\.x \(--set\): cannot set inside name: it is not a mapping/,
    );
    expect(() => plan({ sets: [parseSetFlag('seed=1,2')] })).toThrow(/use --seeds/);
  });
});
