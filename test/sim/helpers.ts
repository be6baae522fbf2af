import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadScenario, type Scenario } from '../../src/scenario/scenario.js';

/** Write a scenario YAML into a fresh temp folder and return its path. */
export function writeScenario(yaml: string, name = 'test.yaml'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rocky-sc-'));
  const file = path.join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

export function scenarioFrom(yaml: string): Scenario {
  return loadScenario(writeScenario(yaml));
}

/** A small, fast market: both symbols, synthetic, with a gentle up-trend. */
export const SMALL_MARKET = `
symbols:
  BTCUSDT:
    source: { kind: synthetic, start_price: 64000, drift_pct_per_day: 6, rate_hz: 10 }
  ETHUSDT:
    source: { kind: synthetic, start_price: 3450, drift_pct_per_day: 6, rate_hz: 10 }
`;
