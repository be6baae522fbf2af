/**
 * Scenario files (YAML): what market, what exchange, what fleet, what faults, and what must hold.
 * The file is validated whole by the one schema (src/config/schema/scenario.ts): unknown keys,
 * wrong types and broken cross-references all fail at once with the file, the key path and the
 * line (docs/scenarios.md has the full schema). Defaults are the spec's and design.md's.
 *
 * `set` overrides (`--set exchange.latency.median_ms=40`) are applied to the file's data before
 * validation, so they pass the very same checks; their problems say `(--set)` instead of a line.
 */
import path from 'node:path';
import { parse as parseYamlValue } from 'yaml';
import type { StrategyConfig } from '../engine/config.js';
import type { AccountSpec, Role, SymbolSpec } from '../engine/roster.js';
import type { StpMode, SymbolRules } from '../engine/types.js';
import { ConfigError } from '../config/config-error.js';
import { readConfigText } from '../config/read-text.js';
import { DEFAULT_RULES, scenarioCrossChecks, scenarioSchema, type ScenarioFile } from '../config/schema/scenario.js';
import type { Seed } from '../config/schema/primitives.js';
import { validate } from '../config/schema/validate.js';
import { readYaml, type KeyPath, type YamlSource } from '../config/yaml-reader.js';
import { compileExpectations, type Expectation } from './expectations.js';
import type { FaultsConfig } from '../sim/faults.js';
import type { ConstantLatencySpec, LatencySpec, LognormalLatencySpec } from '../sim/latency.js';
import type { FeesSpec } from '../sim-exchange/fees.js';
import type { FundingSpec } from '../sim-exchange/funding.js';
import { readFundingCsv } from '../market-data/funding-csv.js';
import { readLatencyLog } from '../market-data/latency-log.js';
import type { PriceSourceConfig } from '../market-data/price-source.js';

export { DEFAULT_RULES };
export { DEFAULT_REPORT_WINDOW_MS, REPORT_SAMPLE_MS, reportWindowProblem } from '../config/schema/scenario.js';

export interface ScenarioSymbol {
  spec: SymbolSpec;
  rules: SymbolRules;
  source: PriceSourceConfig;
  /** One-way latency from Binance to the fleet; null = ticks seen at their exchange time. */
  feedLatency: FeedLatencySpec | null;
}

/** The feed's delay model (src/sim/feed-delay.ts): legs of a latency model, or the tape's receipt times. */
export type FeedLatencySpec = LognormalLatencySpec | ConstantLatencySpec | { model: 'replay' };

/** Starting wallet per role. Takers cross the spread and pay taker fees on every fill, so they lose
 * money by design (about 6 USDC an hour each in the calm scenario) and are funded more. */
export type WalletByRole = Record<Role, number>;

export interface ExchangeParams {
  wallet_usdc: WalletByRole;
  maker_fee: number;
  taker_fee: number;
  /** The fee model: `exchange.fees`, else fixed at maker_fee / taker_fee. */
  fees: FeesSpec;
  stp: StpMode;
  /** One request leg (`replay`: its file resolved against the scenario's folder). */
  latency: LatencySpec;
  request_timeout_ms: number;
  limits: { weight_per_minute: number; orders_per_10s: number; orders_per_minute: number };
  /** The asset balances are settled in and every symbol's quote (`exchange.settlement_asset`, USDT). */
  settlement_asset: 'USDT' | 'USDC';
  /** Funding settlements (`exchange.funding`); null: none. A file model's rows are read at load. */
  funding: FundingSpec | null;
  /** Maintenance margin and liquidation (`exchange.liquidation`); null: none (maintenance 0). */
  liquidation: { fee_rate: number; check_every: number } | null;
}

/**
 * Outside participants hitting the book: Poisson-timed MARKET orders from one account outside the
 * fleet (funded without limit), applied at the exchange directly (no latency), random side unless
 * given.
 */
export interface ExternalFlow {
  rate_per_min: number;
  /** Order size per exchange symbol. */
  qty: Record<string, number>;
  side: 'random' | 'BUY' | 'SELL';
}

/**
 * The Binance best bid/ask of the tape as outside quotes (src/world/tape-quotes.ts): `offset_bps`
 * outside them, sized by the tape's bid/ask qty or a fixed `qty` per symbol, renewed every tick.
 */
export interface OutsideQuotesSpec {
  offset_bps: number;
  qty?: Record<string, number>;
}

export interface Scenario {
  file: string;
  baseDir: string;
  name: string;
  description: string;
  seed: Seed;
  startMs: number;
  durationMs: number;
  symbols: ScenarioSymbol[];
  exchange: ExchangeParams;
  strategy: StrategyConfig;
  roster: AccountSpec[];
  faults: FaultsConfig;
  externalFlow: ExternalFlow | null;
  outsideQuotes: OutsideQuotesSpec | null;
  expect: Expectation[];
  /** Length of the report's time windows (`report: {window: 15m}`), a multiple of 10 s. */
  reportWindowMs: number;
}

/** One `--set dotted.path=value` override: `value` is read as YAML (`5` a number, `[L1, L2]` a list). */
export interface SetOverride {
  path: string;
  value: unknown;
}

export interface ScenarioOverrides {
  seed?: Seed;
  durationMs?: number;
  /** Applied to the file's data before validation, in order. */
  set?: SetOverride[];
}

/** `a.b=c` → { path: 'a.b', value: YAML value of `c` }. Throws ConfigError for a malformed flag. */
export function parseSetFlag(flag: string): SetOverride {
  const eq = flag.indexOf('=');
  const p = eq < 0 ? '' : flag.slice(0, eq).trim();
  if (eq < 0 || !/^[A-Za-z_$][\w$-]*(\.[\w$-]+|\[\d+\])*$/.test(p))
    throw new ConfigError(
      '',
      '--set',
      `expected dotted.path=value such as exchange.latency.median_ms=40, got ${JSON.stringify(flag)}`,
    );
  const text = flag.slice(eq + 1);
  let value: unknown;
  try {
    value = parseYamlValue(text);
  } catch {
    value = text;
  }
  return { path: p, value: value === null && text.trim() === '' ? '' : value };
}

/** `faults.outages[0].from` / `faults.outages.0.from` → ['faults', 'outages', 0, 'from']. */
export function splitSetPath(p: string): Array<string | number> {
  return p
    .split(/\.|(?=\[)/)
    .filter((s) => s !== '')
    .map((s) => (/^\[\d+\]$/.test(s) ? Number(s.slice(1, -1)) : /^\d+$/.test(s) ? Number(s) : s));
}

function applySet(root: unknown, set: readonly SetOverride[], file: string): { root: unknown; paths: KeyPath[] } {
  if (set.length === 0) return { root, paths: [] };
  const doc: Record<string, unknown> =
    root !== null && typeof root === 'object' && !Array.isArray(root) ? (root as Record<string, unknown>) : {};
  const paths: KeyPath[] = [];
  for (const o of set) {
    const keys = splitSetPath(o.path);
    let cur: Record<string | number, unknown> = doc;
    keys.forEach((k, i) => {
      if (i === keys.length - 1) {
        cur[k] = o.value;
        return;
      }
      let next = cur[k];
      if (next === undefined || next === null) next = cur[k] = typeof keys[i + 1] === 'number' ? [] : {};
      if (typeof next !== 'object')
        throw new ConfigError(
          file,
          `${o.path} (--set)`,
          `cannot set inside ${keys.slice(0, i + 1).join('.')}: it is not a mapping or list`,
        );
      cur = next as Record<string | number, unknown>;
    });
    paths.push(keys);
  }
  return { root: doc, paths };
}

/** Read, override (`set`), validate and build a scenario. Every problem → one ConfigError. */
export function loadScenario(file: string, overrides: ScenarioOverrides = {}): Scenario {
  const text = readConfigText(file, 'scenario file');
  const src = readYaml(file, text);
  return scenarioFromSource(src, path.dirname(path.resolve(file)), overrides);
}

/** Validate and build a scenario from parsed data (tests, tools that make scenarios in memory). */
export function scenarioFromSource(src: YamlSource, baseDir: string, overrides: ScenarioOverrides = {}): Scenario {
  const { root, paths } = applySet(src.root ?? {}, overrides.set ?? [], src.file);
  const f = validate(scenarioSchema, { ...src, root }, { check: scenarioCrossChecks, setPaths: paths });
  const s = buildScenario(f, src.file, baseDir);
  if (overrides.seed !== undefined) s.seed = overrides.seed;
  if (overrides.durationMs !== undefined) s.durationMs = overrides.durationMs;
  return s;
}

/** A replay's recording is read (and checked, with its file and line) when the scenario loads. */
function latencyOf(l: ScenarioFile['exchange']['latency'], baseDir: string): LatencySpec {
  if (l.model !== 'replay') return l;
  const file = path.resolve(baseDir, l.file);
  return { ...l, file, trips: readLatencyLog(file) };
}

/** A funding file is read (and checked, with its file and line) when the scenario loads. */
function fundingOf(fs: ScenarioFile['exchange']['funding'], baseDir: string): FundingSpec | null {
  if (fs === null || fs.model !== 'file') return fs;
  const file = path.resolve(baseDir, fs.file);
  return { ...fs, file, rows: readFundingCsv(file) };
}

function buildScenario(f: ScenarioFile, file: string, baseDir: string): Scenario {
  return {
    file,
    baseDir,
    name: f.name,
    description: f.description,
    seed: f.seed,
    startMs: f.start,
    durationMs: f.duration,
    symbols: f.symbols.map((s) => ({
      spec: { name: s.name, exchange: s.exchange, stream: `${s.exchange.toLowerCase()}@bookTicker` },
      rules: s.rules,
      source: s.source,
      feedLatency: s.feed_latency,
    })),
    exchange: {
      ...f.exchange,
      fees: f.exchange.fees ?? { model: 'fixed', maker: f.exchange.maker_fee, taker: f.exchange.taker_fee },
      latency: latencyOf(f.exchange.latency, baseDir),
      funding: fundingOf(f.exchange.funding, baseDir),
    },
    strategy: f.strategy,
    roster: f.fleet,
    faults: f.faults,
    externalFlow: f.external_flow,
    outsideQuotes: f.outside_quotes,
    expect: compileExpectations(f.expect),
    reportWindowMs: f.report.window,
  };
}
