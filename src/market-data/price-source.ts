/**
 * The scenario-facing price source: parse and validate the YAML block, then open the tape with its
 * transforms. Pipeline for replay kinds:
 *   files (concatenated, in the order given) → window [from, to) in tape time → scale
 *   → rebase to the scenario start (default on) → loop (optional; each pass re-reads the files)
 *   → cut at the scenario end → summary counters.
 * Synthetic sources generate directly in scenario time from ctx.startMs to ctx.startMs + durationMs.
 */
import path from 'node:path';
import { ConfigError } from '../config/config-error.js';
import type { Rng } from '../engine/ports.js';
import { BookTickerCsvSource } from './bookticker-csv.js';
import { tickDecimals } from '../engine/decimal.js';
import { SYNTHETIC_DEFAULTS, SyntheticSource, type SyntheticConfig } from './synthetic.js';
import type { TapeSource } from './tape-source.js';
import type { TickSource } from './tick-source.js';
import { TradesCsvSource, type HalfSpread } from './trades-csv.js';
import { ConcatSource, LoopSource, ScaleSource, SummarySource, WindowSource, rebase, type TapeSummary } from './transform.js';
import { WsJsonlSource } from './ws-jsonl.js';

export type { SyntheticConfig, TapeSummary };

export interface ReplayCommon {
  /** Tape files of one symbol, in time order (consecutive days). Relative to the scenario's folder. */
  files: string[];
  /** Keep ticks with t ≥ from (ms, tape time before re-basing). */
  from?: number;
  /** Keep ticks with t < to (ms, tape time before re-basing). */
  to?: number;
  /** Shift the tape so its first tick lands at the scenario start. Default true. */
  rebase: boolean;
  /** Multiply all prices (re-snapped to the tick). Default 1. */
  scale: number;
  /** Replay the tape again and again until the scenario ends. Default false. */
  loop: false | { gap_ms?: number; continuous: boolean };
  /** Gaps between ticks longer than this are listed in the summary. Default 5000. */
  gap_threshold_ms: number;
}

export interface BookTickerCsvConfig extends ReplayCommon {
  kind: 'bookticker_csv';
}

export interface TradesCsvConfig extends ReplayCommon {
  kind: 'trades_csv' | 'aggtrades_csv';
  /** bid/ask = trade price ∓ this. YAML: `half_spread_ticks` (default 0.5) or `half_spread_bps`. */
  half_spread: HalfSpread;
}

export interface WsJsonlConfig extends ReplayCommon {
  kind: 'ws_jsonl';
  /** Symbol to pick from the capture (default: the scenario symbol). */
  source_symbol?: string;
}

export type PriceSourceConfig = SyntheticConfig | BookTickerCsvConfig | TradesCsvConfig | WsJsonlConfig;

export interface PriceSourceContext {
  symbol: string;
  startMs: number;
  durationMs: number;
  tickSize: number;
  rng: Rng;
  /** Folder relative file paths resolve against (the scenario file's folder). */
  baseDir: string;
}

export type OpenedPriceSource = TickSource & { summary(): TapeSummary };

// ---------------------------------------------------------------------------------------------
// Validation

type Obj = Record<string, unknown>;

class Checker {
  constructor(
    readonly file: string,
    readonly path: string,
  ) {}
  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }
  fail(key: string, problem: string): never {
    throw new ConfigError(this.file, this.at(key), problem);
  }
  obj(raw: unknown, key: string, allowed: readonly string[]): Obj {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new ConfigError(this.file, key ? this.at(key) : this.path, `expected a mapping, got ${show(raw)}`);
    }
    const o = raw as Obj;
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.fail(key ? `${key}.${k}` : k, `unknown key; expected one of ${allowed.join(', ')}`);
    }
    return o;
  }
  num(
    o: Obj,
    key: string,
    dflt: number | undefined,
    rule: { min?: number; gt?: number; max?: number; int?: boolean } = {},
  ): number {
    const v = o[key];
    if (v === undefined) {
      if (dflt === undefined) this.fail(key, 'missing; expected a number');
      return dflt;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, `expected a number, got ${show(v)}`);
    if (rule.int && !Number.isInteger(v)) this.fail(key, `expected an integer, got ${v}`);
    if (rule.min !== undefined && v < rule.min) this.fail(key, `expected a number ≥ ${rule.min}, got ${v}`);
    if (rule.gt !== undefined && !(v > rule.gt)) this.fail(key, `expected a number > ${rule.gt}, got ${v}`);
    if (rule.max !== undefined && v > rule.max) this.fail(key, `expected a number ≤ ${rule.max}, got ${v}`);
    return v;
  }
  optNum(o: Obj, key: string, rule: { min?: number; gt?: number; max?: number; int?: boolean } = {}): number | undefined {
    return o[key] === undefined ? undefined : this.num(o, key, undefined, rule);
  }
  bool(o: Obj, key: string, dflt: boolean): boolean {
    const v = o[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') this.fail(key, `expected true or false, got ${show(v)}`);
    return v;
  }
  str(o: Obj, key: string): string | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.length === 0) this.fail(key, `expected a non-empty string, got ${show(v)}`);
    return v;
  }
  oneOf<T extends string>(o: Obj, key: string, values: readonly T[], dflt: T): T {
    const v = o[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'string' || !values.includes(v as T)) this.fail(key, `expected one of ${values.join(', ')}, got ${show(v)}`);
    return v as T;
  }
  time(o: Obj, key: string): number | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (v instanceof Date) return v.getTime();
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string') {
      let s = v.trim();
      if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(s))
        s = `${s.replace(' ', 'T')}${s.length === 10 ? 'T00:00:00' : ''}Z`;
      const t = Date.parse(s);
      if (Number.isFinite(t)) return t;
    }
    this.fail(key, `expected a time: ms since the epoch or an ISO date-time (UTC unless an offset is given), got ${show(v)}`);
  }
  child(key: string): Checker {
    return new Checker(this.file, this.at(key));
  }
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return JSON.stringify(v);
}

const KINDS = ['synthetic', 'bookticker_csv', 'trades_csv', 'aggtrades_csv', 'ws_jsonl'] as const;
const SYNTHETIC_KEYS = [
  'kind',
  'start_price',
  'drift_pct_per_day',
  'vol_pct_per_sqrt_day',
  'rate_hz',
  'arrivals',
  'spread_ticks',
  'qty_median',
  'jumps',
  'regimes',
  'shocks',
  'gaps',
] as const;
const REPLAY_KEYS = ['kind', 'file', 'files', 'from', 'to', 'rebase', 'scale', 'loop', 'gap_threshold_ms'] as const;

/** Validates a scenario's price-source block. Unknown keys and wrong types → ConfigError at `${path}.key`. */
export function parsePriceSource(raw: unknown, file: string, path: string): PriceSourceConfig {
  const c = new Checker(file, path);
  const pre = c.obj(raw, '', [
    ...new Set<string>([...SYNTHETIC_KEYS, ...REPLAY_KEYS, 'half_spread_ticks', 'half_spread_bps', 'source_symbol']),
  ]);
  const kind = pre.kind;
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    c.fail('kind', `expected one of ${KINDS.join(', ')}, got ${show(kind)}`);
  }
  if (kind === 'synthetic') return parseSynthetic(c, c.obj(raw, '', SYNTHETIC_KEYS));
  const extra =
    kind === 'ws_jsonl' ? ['source_symbol'] : kind === 'bookticker_csv' ? [] : ['half_spread_ticks', 'half_spread_bps'];
  const o = c.obj(raw, '', [...REPLAY_KEYS, ...extra]);
  const common = parseReplayCommon(c, o);
  if (kind === 'bookticker_csv') return { kind, ...common };
  if (kind === 'ws_jsonl') {
    const cfg: WsJsonlConfig = { kind, ...common };
    const s = c.str(o, 'source_symbol');
    if (s !== undefined) cfg.source_symbol = s.toUpperCase();
    return cfg;
  }
  const ticks = c.optNum(o, 'half_spread_ticks', { min: 0 });
  const bps = c.optNum(o, 'half_spread_bps', { min: 0 });
  if (ticks !== undefined && bps !== undefined)
    c.fail('half_spread_bps', 'give either half_spread_ticks or half_spread_bps, not both');
  return {
    kind: kind as 'trades_csv' | 'aggtrades_csv',
    ...common,
    half_spread: bps !== undefined ? { bps } : { ticks: ticks ?? 0.5 },
  };
}

function parseReplayCommon(c: Checker, o: Obj): ReplayCommon {
  let files: string[];
  if (o.file !== undefined && o.files !== undefined) c.fail('file', 'give either file or files, not both');
  if (o.file !== undefined) {
    files = [c.str(o, 'file')!];
  } else {
    const v = o.files;
    if (!Array.isArray(v) || v.length === 0) c.fail('files', `expected a non-empty list of file paths, got ${show(v)}`);
    files = v.map((f, i) => {
      if (typeof f !== 'string' || f.length === 0) c.fail(`files[${i}]`, `expected a file path, got ${show(f)}`);
      return f;
    });
  }
  const out: ReplayCommon = {
    files,
    rebase: c.bool(o, 'rebase', true),
    scale: c.num(o, 'scale', 1, { gt: 0 }),
    loop: false,
    gap_threshold_ms: c.num(o, 'gap_threshold_ms', 5000, { gt: 0 }),
  };
  const from = c.time(o, 'from');
  const to = c.time(o, 'to');
  if (from !== undefined) out.from = from;
  if (to !== undefined) out.to = to;
  if (from !== undefined && to !== undefined && !(to > from))
    c.fail('to', `expected a time after from (${new Date(from).toISOString()})`);
  const loop = o.loop;
  if (loop === true) out.loop = { continuous: true };
  else if (loop !== undefined && loop !== false) {
    const lc = c.child('loop');
    const lo = c.obj(loop, 'loop', ['gap_ms', 'continuous']);
    out.loop = { continuous: lc.bool(lo, 'continuous', true) };
    const g = lc.optNum(lo, 'gap_ms', { min: 0 });
    if (g !== undefined) out.loop.gap_ms = g;
  }
  return out;
}

function parseSynthetic(c: Checker, o: Obj): SyntheticConfig {
  const cfg: SyntheticConfig = {
    kind: 'synthetic',
    drift_pct_per_day: c.num(o, 'drift_pct_per_day', SYNTHETIC_DEFAULTS.drift_pct_per_day, { gt: -100 }),
    rate_hz: c.num(o, 'rate_hz', SYNTHETIC_DEFAULTS.rate_hz, { gt: 0, max: 10_000 }),
    arrivals: c.oneOf(o, 'arrivals', ['regular', 'poisson'] as const, SYNTHETIC_DEFAULTS.arrivals),
    spread_ticks: c.num(o, 'spread_ticks', SYNTHETIC_DEFAULTS.spread_ticks, { min: 1, int: true }),
    shocks: [],
    gaps: [],
  };
  const vol = c.optNum(o, 'vol_pct_per_sqrt_day', { min: 0 });
  if (vol !== undefined) cfg.vol_pct_per_sqrt_day = vol;
  const sp = c.optNum(o, 'start_price', { gt: 0 });
  if (sp !== undefined) cfg.start_price = sp;
  const qm = c.optNum(o, 'qty_median', { gt: 0 });
  if (qm !== undefined) cfg.qty_median = qm;
  if (o.jumps !== undefined) {
    const jc = c.child('jumps');
    const j = c.obj(o.jumps, 'jumps', ['rate_per_day', 'mean_pct', 'std_pct']);
    cfg.jumps = {
      rate_per_day: jc.num(j, 'rate_per_day', undefined, { min: 0 }),
      mean_pct: jc.num(j, 'mean_pct', 0, { gt: -100 }),
      std_pct: jc.num(j, 'std_pct', 0, { min: 0 }),
    };
  }
  if (o.regimes !== undefined) {
    const rc = c.child('regimes');
    const r = c.obj(o.regimes, 'regimes', ['calm_mean_duration_min', 'volatile', 'start']);
    if (r.volatile === undefined)
      rc.fail('volatile', 'missing; expected a mapping (vol_pct_per_sqrt_day, mean_duration_min, ...)');
    const vc = rc.child('volatile');
    const v = rc.obj(r.volatile, 'volatile', ['drift_pct_per_day', 'vol_pct_per_sqrt_day', 'mean_duration_min', 'spread_ticks']);
    cfg.regimes = {
      calm_mean_duration_min: rc.num(r, 'calm_mean_duration_min', undefined, { gt: 0 }),
      start: rc.oneOf(r, 'start', ['calm', 'volatile'] as const, 'calm'),
      volatile: {
        drift_pct_per_day: vc.num(v, 'drift_pct_per_day', 0, { gt: -100 }),
        vol_pct_per_sqrt_day: vc.num(v, 'vol_pct_per_sqrt_day', undefined, { min: 0 }),
        mean_duration_min: vc.num(v, 'mean_duration_min', undefined, { gt: 0 }),
      },
    };
    const vs = vc.optNum(v, 'spread_ticks', { min: 1, int: true });
    if (vs !== undefined) cfg.regimes.volatile.spread_ticks = vs;
  }
  cfg.shocks = list(
    c,
    o,
    'shocks',
    (sc, s) => {
      const shock = {
        at_min: sc.num(s, 'at_min', undefined, { min: 0 }),
        move_pct: sc.num(s, 'move_pct', undefined, { gt: -100 }),
        over_min: sc.num(s, 'over_min', undefined, { gt: 0 }),
        recover_pct: sc.num(s, 'recover_pct', 0, { min: 0, max: 100 }),
        recover_over_min: sc.num(s, 'recover_over_min', 0, { min: 0 }),
      };
      if (shock.recover_pct > 0 && !(shock.recover_over_min > 0))
        sc.fail('recover_over_min', 'expected a duration > 0 when recover_pct is set');
      return shock;
    },
    ['at_min', 'move_pct', 'over_min', 'recover_pct', 'recover_over_min'],
  );
  cfg.gaps = list(
    c,
    o,
    'gaps',
    (gc, g) => ({
      at_min: gc.num(g, 'at_min', undefined, { min: 0 }),
      duration_min: gc.num(g, 'duration_min', undefined, { gt: 0 }),
    }),
    ['at_min', 'duration_min'],
  );
  return cfg;
}

function list<T>(c: Checker, o: Obj, key: string, each: (c: Checker, o: Obj) => T, keys: readonly string[]): T[] {
  const v = o[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) c.fail(key, `expected a list, got ${show(v)}`);
  return v.map((item, i) => {
    const ic = c.child(`${key}[${i}]`);
    return each(ic, ic.obj(item, '', keys));
  });
}

// ---------------------------------------------------------------------------------------------
// Opening

export function openPriceSource(cfg: PriceSourceConfig, ctx: PriceSourceContext): OpenedPriceSource {
  if (cfg.kind === 'synthetic') {
    return new SummarySource(new SyntheticSource(cfg, ctx), 5000);
  }
  const files = cfg.files.map((f) => path.resolve(ctx.baseDir, f));
  const pow10 = 10 ** tickDecimals(ctx.tickSize);
  const openOne = (f: string): TapeSource => {
    switch (cfg.kind) {
      case 'bookticker_csv':
        return new BookTickerCsvSource(f);
      case 'trades_csv':
      case 'aggtrades_csv':
        return new TradesCsvSource(f, cfg.kind === 'trades_csv' ? 'trades' : 'aggtrades', cfg.half_spread, ctx.tickSize);
      case 'ws_jsonl':
        return new WsJsonlSource(f, cfg.source_symbol ?? ctx.symbol);
    }
  };
  const openTape = (): TapeSource => {
    let s: TapeSource = files.length === 1 ? openOne(files[0]!) : new ConcatSource(files.map((f) => () => openOne(f)));
    if (cfg.from !== undefined || cfg.to !== undefined) s = new WindowSource(s, cfg.from, cfg.to);
    if (cfg.scale !== 1) s = new ScaleSource(s, cfg.scale, ctx.tickSize, pow10);
    if (cfg.rebase) s = rebase(s, ctx.startMs);
    return s;
  };
  const endMs = ctx.startMs + ctx.durationMs;
  const s: TapeSource = cfg.loop
    ? new LoopSource(openTape, {
        continuous: cfg.loop.continuous,
        ...(cfg.loop.gap_ms !== undefined ? { gapMs: cfg.loop.gap_ms } : {}),
        tickSize: ctx.tickSize,
        pow10,
        untilMs: endMs,
      })
    : new WindowSource(openTape(), -Infinity, endMs);
  return new SummarySource(s, cfg.gap_threshold_ms);
}
