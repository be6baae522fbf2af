import { describe, expect, it } from 'vitest';
import { runOne, type RunTask } from '../../src/sweep/run-one.js';
import { readScenarioText, tapeSha256 } from '../../src/sweep/scenario-text.js';

const replay = readScenarioText('scenarios/replay-sample.yaml');
const task = (tapes: string[]): RunTask => ({
  scenario: replay,
  overrides: [{ path: 'fleet.takers', value: 1 }],
  seed: 3,
  durationMs: 30_000,
  key: 'k',
  tapes,
});
const real = ['data/BTCUSDT-bookTicker-sample.csv', 'data/ETHUSDT-bookTicker-sample.csv'].map((f) =>
  tapeSha256(new URL(`../../${f}`, import.meta.url).pathname),
);

describe('one sweep run', () => {
  it('runs the scenario text with its overrides and seed, keeping metrics and verdicts only', async () => {
    const out = await runOne(task(real));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.result.seed).toBe(3);
    expect(out.result.expectations.map((e) => e.name)).toEqual(['funnel_decreasing L1 > L2', 'cap_respected']);
    expect(out.result.metrics['fills.taker']).toBeGreaterThan(0);
  });

  it('refuses, as bad input, a tape that is not the one the sweep planned with', async () => {
    const out = await runOne(task([real[0]!, 'f'.repeat(64)]));
    expect(out).toEqual({
      ok: false,
      kind: 'input',
      message: expect.stringMatching(
        /ETHUSDT-bookTicker-sample\.csv: this tape differs from the one the sweep was planned with \(SHA-256 ffffffffffff…\)/,
      ),
    });
  });
});
