/**
 * `--config live.yaml`: overrides of the strategy defaults (config.ts, snake_case names as there)
 * plus a `live:` section for the live-only knobs. Unknown keys are errors naming the key path.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { defaultStrategyConfig, type StrategyConfig } from '../engine/config.js';
import { DEFAULT_SYMBOLS, type SymbolSpec } from '../engine/roster.js';

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
}

export interface LiveConfig {
  strategy: StrategyConfig;
  live: LiveSettings;
}

export class LiveConfigError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${file}: ${where ? `${where}: ` : ''}${problem}`);
    this.name = 'LiveConfigError';
  }
}

export function defaultLiveSettings(): LiveSettings {
  return {
    status_interval_s: 60,
    recv_window_ms: 5000,
    timeout_ms: 10_000,
    reconcile: 'cancel',
    symbols: DEFAULT_SYMBOLS.map((s) => s.name),
    drain_timeout_s: 15,
  };
}

/** Merge `over` into `base` in place, only over keys `base` has, with the same value types. */
function merge(base: Record<string, unknown>, over: unknown, file: string, path: string): void {
  if (over === null || typeof over !== 'object' || Array.isArray(over)) {
    throw new LiveConfigError(file, path, 'expected a mapping');
  }
  for (const [k, v] of Object.entries(over as Record<string, unknown>)) {
    const p = path ? `${path}.${k}` : k;
    if (!(k in base)) throw new LiveConfigError(file, p, `unknown key (known: ${Object.keys(base).join(', ')})`);
    const cur = base[k];
    if (Array.isArray(cur)) {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
        throw new LiveConfigError(file, p, 'expected a list of strings');
      base[k] = v;
    } else if (cur !== null && typeof cur === 'object') {
      merge(cur as Record<string, unknown>, v, file, p);
    } else if (typeof cur !== typeof v) {
      throw new LiveConfigError(file, p, `expected a ${typeof cur}, got ${JSON.stringify(v)}`);
    } else if (typeof v === 'number' && !Number.isFinite(v)) {
      throw new LiveConfigError(file, p, 'expected a finite number');
    } else {
      base[k] = v;
    }
  }
}

export function parseLiveConfig(text: string, file = 'live.yaml'): LiveConfig {
  const strategy = defaultStrategyConfig();
  const live = defaultLiveSettings();
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new LiveConfigError(file, '', `not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc !== null && doc !== undefined) {
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new LiveConfigError(file, '', 'expected a mapping at the top level');
    const { live: liveOver, ...rest } = doc as Record<string, unknown>;
    merge(strategy as unknown as Record<string, unknown>, rest, file, '');
    if (liveOver !== undefined) merge(live as unknown as Record<string, unknown>, liveOver, file, 'live');
  }
  if (!['cancel', 'adopt'].includes(live.reconcile))
    throw new LiveConfigError(file, 'live.reconcile', 'expected cancel or adopt');
  for (const s of live.symbols) {
    if (!DEFAULT_SYMBOLS.some((d) => d.name === s || d.exchange === s)) {
      throw new LiveConfigError(
        file,
        'live.symbols',
        `unknown symbol ${s} (known: ${DEFAULT_SYMBOLS.map((d) => d.name).join(', ')})`,
      );
    }
  }
  if (live.status_interval_s <= 0) throw new LiveConfigError(file, 'live.status_interval_s', 'must be > 0');
  return { strategy, live };
}

export function loadLiveConfig(path: string | undefined): LiveConfig {
  if (!path) return parseLiveConfig('', '<defaults>');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LiveConfigError(path, '', `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return parseLiveConfig(text, path);
}

export function symbolSpecs(names: string[]): SymbolSpec[] {
  return DEFAULT_SYMBOLS.filter((d) => names.includes(d.name) || names.includes(d.exchange));
}
