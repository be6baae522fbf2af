/**
 * `--config live.yaml`: overrides of the strategy defaults (config.ts, snake_case names as there)
 * plus a `live:` section for the live-only knobs, validated by the one schema
 * (schema/live-config.ts): the same strategy rules as scenario files, every problem at once with
 * its key path and line, unknown keys refused.
 */
import type { StrategyConfig } from '../engine/config.js';
import { DEFAULT_SYMBOLS, type SymbolSpec } from '../engine/roster.js';
import { readConfigText } from './read-text.js';
import { liveConfigSchema, liveCrossChecks } from './schema/live-config.js';
import { validate } from './schema/validate.js';
import { readYaml } from './yaml-reader.js';

/** Start-up reconciliation of orders a previous run left: cancel them, adopt them, or (dry run) only report. */
export type ReconcileMode = 'cancel' | 'adopt' | 'report';

export interface LiveSettings {
  status_interval_s: number;
  recv_window_ms: number;
  timeout_ms: number;
  /** What to do with open orders found at start. */
  reconcile: ReconcileMode;
  /** Spec symbol names to trade (BTC-PERP, ETH-PERP). */
  symbols: string[];
  drain_timeout_s: number;
  /** Start-up retries transient errors until this deadline, seconds. */
  startup_deadline_s: number;
}

export interface LiveConfig {
  strategy: StrategyConfig;
  live: LiveSettings;
}

export function parseLiveConfig(text: string, file = 'live.yaml'): LiveConfig {
  const src = readYaml(file, text);
  const { live, ...strategy } = validate(liveConfigSchema, src, { check: liveCrossChecks });
  return { strategy, live };
}

export function loadLiveConfig(path: string | undefined): LiveConfig {
  if (!path) return parseLiveConfig('', '<defaults>');
  return parseLiveConfig(readConfigText(path, 'live config'), path);
}

export function symbolSpecs(names: string[]): SymbolSpec[] {
  return DEFAULT_SYMBOLS.filter((d) => names.includes(d.name) || names.includes(d.exchange));
}
