/**
 * Scenario files (YAML): what market, what exchange, what fleet, what faults, and what must hold.
 * Every key is checked: unknown keys and wrong types fail with the file and the key path
 * (see docs/scenarios.md for the full schema). Defaults are the spec's and design.md's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultStrategyConfig, type StrategyConfig } from '../engine/config.js';
import { defaultRoster, parseAccountId, type AccountSpec, type Role, type SymbolSpec } from '../engine/roster.js';
import type { StpMode, SymbolRules } from '../engine/types.js';
import { ConfigError } from '../config/config-error.js';
import { parseExpectations, type Expectation } from './expectations.js';
import { NO_FAULTS, type FaultsConfig, type OutageKind } from '../sim/faults.js';
import { DEFAULT_LATENCY, type LatencyConfig } from '../sim/latency.js';
import { parsePriceSource, type PriceSourceConfig } from '../market-data/price-source.js';
import { join, YamlReader, type Raw } from '../config/yaml-reader.js';

export interface ScenarioSymbol {
  spec: SymbolSpec;
  rules: SymbolRules;
  source: PriceSourceConfig;
  /** One-way latency from Binance to the fleet; null = ticks seen at their exchange time. */
  feedLatency: LatencyConfig | null;
}

/** Starting wallet per role. Takers cross the spread and pay taker fees on every fill, so they lose
 * money by design (about 6 USDC an hour each in the calm scenario) and are funded more. */
export type WalletByRole = Record<Role, number>;

export interface ExchangeParams {
  wallet_usdc: WalletByRole;
  maker_fee: number;
  taker_fee: number;
  stp: StpMode;
  latency: LatencyConfig;
  request_timeout_ms: number;
  limits: { weight_per_minute: number; orders_per_10s: number; orders_per_minute: number };
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

export interface Scenario {
  file: string;
  baseDir: string;
  name: string;
  description: string;
  seed: number;
  startMs: number;
  durationMs: number;
  symbols: ScenarioSymbol[];
  exchange: ExchangeParams;
  strategy: StrategyConfig;
  roster: AccountSpec[];
  faults: FaultsConfig;
  externalFlow: ExternalFlow | null;
  expect: Expectation[];
}

/** Binance-like filters that admit the spec's quantities (0.0005 BTC, 0.01 ETH). */
export const DEFAULT_RULES: Record<string, Omit<SymbolRules, 'symbol'>> = {
  BTCUSDT: { tickSize: '0.1', stepSize: '0.0001', minQty: '0.0001', minNotional: '5' },
  ETHUSDT: { tickSize: '0.01', stepSize: '0.001', minQty: '0.001', minNotional: '5' },
};

export const DEFAULT_EXCHANGE: ExchangeParams = {
  wallet_usdc: { ladder: 100, anchor: 100, taker: 500 },
  maker_fee: 0.0002,
  taker_fee: 0.0005,
  stp: 'EXPIRE_TAKER',
  latency: DEFAULT_LATENCY,
  request_timeout_ms: 10_000,
  limits: { weight_per_minute: 2400, orders_per_10s: 300, orders_per_minute: 1200 },
};

const DEFAULT_START = Date.UTC(2024, 6, 19); // 2024-07-19T00:00:00Z, the day of the shared tapes

export interface ScenarioOverrides {
  seed?: number;
  durationMs?: number;
}

export function loadScenario(file: string, overrides: ScenarioOverrides = {}): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, '', `cannot read scenario file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const { reader, root } = YamlReader.parse(file, text);
  const s = parseScenario(reader, root, path.dirname(path.resolve(file)));
  if (overrides.seed !== undefined) s.seed = overrides.seed;
  if (overrides.durationMs !== undefined) s.durationMs = overrides.durationMs;
  return s;
}

const TOP_KEYS = [
  'name',
  'description',
  'seed',
  'duration',
  'start',
  'symbols',
  'exchange',
  'strategy',
  'fleet',
  'faults',
  'external_flow',
  'expect',
] as const;

export function parseScenario(r: YamlReader, root: Raw, baseDir: string): Scenario {
  const o = r.obj(root ?? {}, '', TOP_KEYS);
  if (o.name === undefined) r.fail('name', 'missing; expected the scenario name');
  const name = r.str(o.name, 'name');
  if (!/^[A-Za-z0-9._-]+$/.test(name))
    r.fail('name', 'expected letters, digits, ".", "_" or "-" only (it names the output folder)');
  const startMs = o.start === undefined ? DEFAULT_START : parseStart(r, o.start);
  return {
    file: r.file,
    baseDir,
    name,
    description: o.description === undefined ? '' : r.str(o.description, 'description'),
    seed: o.seed === undefined ? 1 : r.num(o.seed, 'seed', { int: true, min: 0 }),
    startMs,
    durationMs: o.duration === undefined ? 6 * 3_600_000 : r.durationMs(o.duration, 'duration'),
    symbols: parseSymbols(r, o.symbols),
    exchange: parseExchange(r, o.exchange),
    strategy: parseStrategy(r, o.strategy),
    roster: parseFleet(r, o.fleet),
    faults: parseFaults(r, o.faults),
    externalFlow: o.external_flow === undefined ? null : parseExternalFlow(r, o.external_flow),
    expect: o.expect === undefined ? [] : parseExpectations(r, o.expect, 'expect'),
  };
}

function parseStart(r: YamlReader, raw: Raw): number {
  const v = raw instanceof Date ? raw.getTime() : typeof raw === 'string' ? Date.parse(raw) : NaN;
  if (!Number.isFinite(v)) r.fail('start', 'expected an ISO-8601 UTC time such as 2024-07-19T00:00:00Z');
  return v;
}

function parseSymbols(r: YamlReader, raw: Raw): ScenarioSymbol[] {
  if (raw === undefined)
    r.fail('symbols', 'missing; expected a mapping such as {BTCUSDT: {source: {kind: synthetic, price: 64000}}}');
  const m = r.map(raw, 'symbols');
  const out: ScenarioSymbol[] = [];
  for (const sym of Object.keys(m)) {
    const p = join('symbols', sym);
    if (!/^[A-Z0-9]+USDT$/.test(sym)) r.fail(p, 'expected an exchange symbol such as BTCUSDT');
    const o = r.obj(m[sym], p, ['name', 'rules', 'source', 'feed_latency']);
    const base = sym.replace(/USDT$/, '');
    const spec: SymbolSpec = {
      name: o.name === undefined ? `${base}-PERP` : r.str(o.name, join(p, 'name')),
      exchange: sym,
      stream: `${sym.toLowerCase()}@bookTicker`,
    };
    const d = DEFAULT_RULES[sym];
    const ro =
      o.rules === undefined ? {} : r.obj(o.rules, join(p, 'rules'), ['tick_size', 'step_size', 'min_qty', 'min_notional']);
    const need = (key: string, dflt: string | undefined): string => {
      if (ro[key] !== undefined) return r.decimal(ro[key], join(join(p, 'rules'), key));
      if (dflt === undefined)
        r.fail(
          join(join(p, 'rules'), key),
          `missing; ${sym} has no default rules, so give tick_size, step_size, min_qty, min_notional`,
        );
      return dflt;
    };
    const rules: SymbolRules = {
      symbol: sym,
      tickSize: need('tick_size', d?.tickSize),
      stepSize: need('step_size', d?.stepSize),
      minQty: need('min_qty', d?.minQty),
      minNotional: need('min_notional', d?.minNotional),
    };
    if (o.source === undefined)
      r.fail(join(p, 'source'), 'missing; expected a price source (kind: synthetic | bookticker_csv | ...)');
    out.push({
      spec,
      rules,
      source: parsePriceSource(o.source, r.file, join(p, 'source')),
      feedLatency:
        o.feed_latency === undefined
          ? null
          : parseLatency(r, o.feed_latency, join(p, 'feed_latency'), { median_ms: 0, sigma: 0, min_ms: 0 }),
    });
  }
  if (out.length === 0) r.fail('symbols', 'expected at least one symbol');
  return out;
}

function parseLatency(r: YamlReader, raw: Raw, p: string, dflt: LatencyConfig): LatencyConfig {
  const o = r.obj(raw, p, ['median_ms', 'sigma', 'min_ms']);
  return {
    median_ms: o.median_ms === undefined ? dflt.median_ms : r.num(o.median_ms, join(p, 'median_ms'), { min: 0 }),
    sigma: o.sigma === undefined ? dflt.sigma : r.num(o.sigma, join(p, 'sigma'), { min: 0, max: 3 }),
    min_ms: o.min_ms === undefined ? dflt.min_ms : r.num(o.min_ms, join(p, 'min_ms'), { min: 0 }),
  };
}

function parseExchange(r: YamlReader, raw: Raw): ExchangeParams {
  const d = DEFAULT_EXCHANGE;
  if (raw === undefined) return { ...d, wallet_usdc: { ...d.wallet_usdc }, latency: { ...d.latency }, limits: { ...d.limits } };
  const o = r.obj(raw, 'exchange', ['wallet_usdc', 'maker_fee', 'taker_fee', 'stp', 'latency', 'request_timeout_ms', 'limits']);
  const num = (k: string, dflt: number, opts: { min?: number; max?: number; int?: boolean }): number =>
    o[k] === undefined ? dflt : r.num(o[k], join('exchange', k), opts);
  const lo =
    o.limits === undefined
      ? {}
      : r.obj(o.limits, 'exchange.limits', ['weight_per_minute', 'orders_per_10s', 'orders_per_minute']);
  const lim = (k: 'weight_per_minute' | 'orders_per_10s' | 'orders_per_minute'): number =>
    lo[k] === undefined ? d.limits[k] : r.num(lo[k], join('exchange.limits', k), { min: 1, int: true });
  return {
    wallet_usdc: parseWallet(r, o.wallet_usdc, d.wallet_usdc),
    maker_fee: num('maker_fee', d.maker_fee, { min: -0.01, max: 0.01 }),
    taker_fee: num('taker_fee', d.taker_fee, { min: 0, max: 0.01 }),
    stp:
      o.stp === undefined
        ? d.stp
        : r.oneOf(o.stp, 'exchange.stp', ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'] as const),
    latency: o.latency === undefined ? { ...d.latency } : parseLatency(r, o.latency, 'exchange.latency', d.latency),
    request_timeout_ms: num('request_timeout_ms', d.request_timeout_ms, { min: 1 }),
    limits: {
      weight_per_minute: lim('weight_per_minute'),
      orders_per_10s: lim('orders_per_10s'),
      orders_per_minute: lim('orders_per_minute'),
    },
  };
}

/** `wallet_usdc: 250` (every account) or `wallet_usdc: {ladder: 100, anchor: 100, taker: 500}`. */
function parseWallet(r: YamlReader, raw: Raw, d: WalletByRole): WalletByRole {
  const p = 'exchange.wallet_usdc';
  if (raw === undefined) return { ...d };
  if (typeof raw === 'number') {
    const v = r.num(raw, p, { min: 0 });
    return { ladder: v, anchor: v, taker: v };
  }
  const o = r.obj(raw, p, ['ladder', 'anchor', 'taker']);
  const pick = (k: Role): number => (o[k] === undefined ? d[k] : r.num(o[k], join(p, k), { min: 0 }));
  return { ladder: pick('ladder'), anchor: pick('anchor'), taker: pick('taker') };
}

/**
 * Strategy overrides are checked against the defaults' own shape: a key must exist there and have
 * the same type. So every spec parameter is overridable by its name and nothing else is.
 */
function parseStrategy(r: YamlReader, raw: Raw): StrategyConfig {
  const cfg = defaultStrategyConfig();
  if (raw !== undefined) mergeChecked(r, cfg as unknown as Record<string, unknown>, raw, 'strategy');
  return cfg;
}

function mergeChecked(r: YamlReader, target: Record<string, unknown>, raw: Raw, p: string): void {
  const isQty = p === 'strategy.qty' || p.startsWith('strategy.qty.');
  const o = isQty && p !== 'strategy.qty' ? r.map(raw, p) : r.obj(raw, p, Object.keys(target));
  for (const [k, v] of Object.entries(o)) {
    const kp = join(p, k);
    const cur = target[k];
    if (cur !== null && typeof cur === 'object') {
      mergeChecked(r, cur as Record<string, unknown>, v, kp);
    } else if (typeof cur === 'number' || (isQty && cur === undefined)) {
      target[k] = r.num(v, kp, { min: 0 });
    } else if (typeof cur === 'boolean') {
      target[k] = r.bool(v, kp);
    } else if (k === 'time_in_force') {
      target[k] = r.oneOf(v, kp, ['GTC', 'GTX'] as const);
    } else {
      target[k] = r.str(v, kp);
    }
  }
}

function parseFleet(r: YamlReader, raw: Raw): AccountSpec[] {
  if (raw === undefined) return defaultRoster();
  const o = r.obj(raw, 'fleet', ['accounts', 'takers', 'exclude']);
  if (o.accounts !== undefined && o.takers !== undefined)
    r.fail('fleet.takers', 'give either fleet.accounts (an explicit roster) or fleet.takers, not both');
  let roster: AccountSpec[];
  if (o.accounts !== undefined) {
    const ids = r.list(o.accounts, 'fleet.accounts');
    const seen = new Set<string>();
    roster = ids.map((id, i) => {
      const p = join('fleet.accounts', i);
      const s = r.str(id, p);
      if (seen.has(s)) r.fail(p, `duplicate account id ${s}`);
      seen.add(s);
      const spec = parseAccountId(s);
      if (typeof spec === 'string') r.fail(p, spec);
      return spec;
    });
  } else {
    roster = defaultRoster(o.takers === undefined ? 5 : r.num(o.takers, 'fleet.takers', { int: true, min: 0, max: 50 }));
  }
  if (o.exclude !== undefined) {
    const ex = r.list(o.exclude, 'fleet.exclude').map((v, i) => r.str(v, join('fleet.exclude', i)));
    ex.forEach((id, i) => {
      if (!roster.some((a) => a.id === id)) r.fail(join('fleet.exclude', i), `no account ${id} in the roster`);
    });
    roster = roster.filter((a) => !ex.includes(a.id));
  }
  return roster;
}

function parseFaults(r: YamlReader, raw: Raw): FaultsConfig {
  if (raw === undefined) return { ...NO_FAULTS };
  const o = r.obj(raw, 'faults', ['outages', 'error_rate', 'latency_spikes', 'feed_gaps']);
  const windows = <T>(
    key: string,
    extra: readonly string[],
    build: (w: Record<string, Raw>, p: string) => T,
  ): Array<{ from_s: number; to_s: number } & T> =>
    o[key] === undefined
      ? []
      : r.list(o[key], join('faults', key)).map((w, i) => {
          const p = join(join('faults', key), i);
          const wo = r.obj(w, p, ['from', 'to', ...extra]);
          if (wo.from === undefined || wo.to === undefined)
            r.fail(p, 'expected from and to (durations from the scenario start, e.g. 1h, 1h5m)');
          const from_s = r.durationMsOrZero(wo.from, join(p, 'from')) / 1000;
          const to_s = r.durationMs(wo.to, join(p, 'to')) / 1000;
          if (to_s <= from_s) r.fail(join(p, 'to'), 'expected a time after from');
          return { from_s, to_s, ...build(wo, p) };
        });
  return {
    outages: windows('outages', ['kind'], (w, p) => ({
      kind:
        w.kind === undefined
          ? ('5xx' as OutageKind)
          : r.oneOf(w.kind, join(p, 'kind'), ['5xx', '5xx_after_apply', 'timeout'] as const),
    })),
    error_rate: o.error_rate === undefined ? 0 : r.num(o.error_rate, 'faults.error_rate', { min: 0, max: 1 }),
    latency_spikes: windows('latency_spikes', ['extra_ms'], (w, p) => ({
      extra_ms: r.num(w.extra_ms, join(p, 'extra_ms'), { min: 0 }),
    })),
    feed_gaps: windows('feed_gaps', ['symbols'], (w, p) =>
      w.symbols === undefined
        ? {}
        : { symbols: r.list(w.symbols, join(p, 'symbols')).map((s, i) => r.str(s, join(join(p, 'symbols'), i))) },
    ),
  };
}

function parseExternalFlow(r: YamlReader, raw: Raw): ExternalFlow {
  const p = 'external_flow';
  const o = r.obj(raw, p, ['rate_per_min', 'qty', 'side']);
  if (o.rate_per_min === undefined || o.qty === undefined) r.fail(p, 'expected rate_per_min and qty ({BTCUSDT: 0.001, ...})');
  const q = r.map(o.qty, join(p, 'qty'));
  const qty: Record<string, number> = {};
  for (const k of Object.keys(q)) qty[k] = r.num(q[k], join(join(p, 'qty'), k), { min: 0 });
  return {
    rate_per_min: r.num(o.rate_per_min, join(p, 'rate_per_min'), { min: 0 }),
    qty,
    side: o.side === undefined ? 'random' : r.oneOf(o.side, join(p, 'side'), ['random', 'BUY', 'SELL'] as const),
  };
}
