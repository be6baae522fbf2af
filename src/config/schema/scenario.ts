/**
 * Scenario files: the one schema (docs/scenarios.md). Field checks first; once every field is
 * valid, the cross-field checks: unique symbol names, every symbol traded has a quantity for every
 * layer of the roster (and it snaps to at least minQty), quantities, feed gaps and external flow
 * name symbols of the scenario, expectation targets name accounts of the roster and symbols of the
 * scenario, a non-empty fleet. Output: the file's values with every default applied (snake_case as
 * in the file); src/scenario/scenario.ts turns it into the runtime Scenario.
 */
import { z } from 'zod';
import { defaultRoster, parseAccountId, type AccountSpec } from '../../engine/roster.js';
import type { SymbolRules } from '../../engine/types.js';
import { expectSchema } from './expect.js';
import { DEFAULT_LATENCY, feedLatency, modelCrossChecks, outsideQuotes } from './models.js';
import { exchange } from './exchange.js';
import { settlementCrossChecks } from './perp.js';
import { reportBlock } from './report.js';
export { DEFAULT_REPORT_WINDOW_MS, REPORT_SAMPLE_MS, reportWindowProblem } from './report.js';
import { priceSourceSchema } from './price-source.js';
import { decimal, duration, exchangeSymbol, num, seed } from './primitives.js';
import { LAYERS, qtySymbolsGiven, strategyShape } from './strategy.js';
import type { CrossIssue } from './validate.js';

/** Binance-like filters that admit the spec's quantities (0.0005 BTC, 0.01 ETH). */
export const DEFAULT_RULES: Record<string, Omit<SymbolRules, 'symbol'>> = {
  BTCUSDT: { tickSize: '0.1', stepSize: '0.0001', minQty: '0.0001', minNotional: '5' },
  ETHUSDT: { tickSize: '0.01', stepSize: '0.001', minQty: '0.001', minNotional: '5' },
};
export { DEFAULT_LATENCY };
export const DEFAULT_START_MS = Date.UTC(2024, 6, 19); // 2024-07-19T00:00:00Z, the day of the shared tapes
export const DEFAULT_DURATION_MS = 6 * 3_600_000;

const NAME_HELP = 'expected letters, digits, ".", "_" or "-", starting with a letter or digit (it names the output folder)';

const RULE_KEYS = { tick_size: 'tickSize', step_size: 'stepSize', min_qty: 'minQty', min_notional: 'minNotional' } as const;

const symbolBlock = z.strictObject({
  name: z.string().min(1).optional().describe('the fleet-facing name; default <BASE>-PERP'),
  rules: z
    .strictObject({
      tick_size: decimal().optional(),
      step_size: decimal().optional(),
      min_qty: decimal().optional(),
      min_notional: decimal().optional(),
    })
    .optional()
    .describe('exchange filters; defaults exist for BTCUSDT and ETHUSDT'),
  source: priceSourceSchema,
  feed_latency: feedLatency.optional().describe('Binance → fleet one-way latency; default none'),
});

const symbols = z
  .record(exchangeSymbol(), symbolBlock)
  .superRefine((m, ctx) => {
    if (Object.keys(m).length === 0) ctx.addIssue({ code: 'custom', message: 'expected at least one symbol' });
  })
  .transform((m, ctx) =>
    Object.entries(m).map(([sym, o]) => {
      const d = DEFAULT_RULES[sym] ?? DEFAULT_RULES[sym.replace(/USDC$/, 'USDT')];
      const rules = { symbol: sym } as SymbolRules;
      for (const [key, field] of Object.entries(RULE_KEYS)) {
        const v = o.rules?.[key as keyof typeof RULE_KEYS] ?? d?.[field];
        if (v === undefined)
          ctx.issues.push({
            code: 'custom',
            path: [sym, 'rules', key],
            input: undefined,
            message: `missing; ${sym} has no default rules, so give tick_size, step_size, min_qty, min_notional`,
          });
        else rules[field] = v;
      }
      return {
        exchange: sym,
        name: o.name ?? `${sym.replace(/(USDT|USDC)$/, '')}-PERP`,
        rules,
        source: o.source,
        feed_latency: o.feed_latency ?? null,
      };
    }),
  );

const fleet = z
  .strictObject({
    accounts: z.array(z.string().min(1)).optional().describe('an explicit roster of account ids'),
    takers: z.int().min(0).max(50).optional().describe('the default roster with this many takers'),
    exclude: z.array(z.string().min(1)).optional().describe('account ids to leave out'),
  })
  .optional()
  .transform((f, ctx): AccountSpec[] => {
    if (!f) return defaultRoster();
    if (f.accounts !== undefined && f.takers !== undefined) {
      ctx.issues.push({
        code: 'custom',
        path: ['takers'],
        input: f.takers,
        message: 'give either fleet.accounts (an explicit roster) or fleet.takers, not both',
      });
      return [];
    }
    let roster: AccountSpec[];
    if (f.accounts !== undefined) {
      const seen = new Set<string>();
      roster = [];
      f.accounts.forEach((id, i) => {
        const spec = parseAccountId(id);
        if (seen.has(id))
          ctx.issues.push({ code: 'custom', path: ['accounts', i], input: id, message: `duplicate account id ${id}` });
        else if (typeof spec === 'string') ctx.issues.push({ code: 'custom', path: ['accounts', i], input: id, message: spec });
        else roster.push(spec);
        seen.add(id);
      });
    } else {
      roster = defaultRoster(f.takers ?? 5);
    }
    const ex = f.exclude ?? [];
    ex.forEach((id, i) => {
      if (!roster.some((a) => a.id === id))
        ctx.issues.push({ code: 'custom', path: ['exclude', i], input: id, message: `no account ${id} in the roster` });
    });
    roster = roster.filter((a) => !ex.includes(a.id));
    if (roster.length === 0)
      ctx.issues.push({ code: 'custom', input: f, message: 'the fleet is empty; expected at least one account' });
    return roster;
  })
  .describe('default: the 30-account roster of design.md §2');

const windowKeys = { from: duration({ zero: true }), to: duration() };
const toAfterFrom = (w: { from: number; to: number }, ctx: z.RefinementCtx): void => {
  if (w.to <= w.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'expected a time after from' });
};

const faults = z
  .strictObject({
    outages: z
      .array(
        z
          .strictObject({ ...windowKeys, kind: z.enum(['5xx', '5xx_after_apply', 'timeout']).default('5xx') })
          .superRefine(toAfterFrom),
      )
      .default([]),
    error_rate: num().min(0).max(1).default(0),
    latency_spikes: z.array(z.strictObject({ ...windowKeys, extra_ms: num().min(0) }).superRefine(toAfterFrom)).default([]),
    feed_gaps: z
      .array(z.strictObject({ ...windowKeys, symbols: z.array(z.string().min(1)).optional() }).superRefine(toAfterFrom))
      .default([]),
  })
  .prefault({})
  .transform((f) => ({
    outages: f.outages.map((w) => ({ from_s: w.from / 1000, to_s: w.to / 1000, kind: w.kind })),
    error_rate: f.error_rate,
    latency_spikes: f.latency_spikes.map((w) => ({ from_s: w.from / 1000, to_s: w.to / 1000, extra_ms: w.extra_ms })),
    feed_gaps: f.feed_gaps.map((w) => ({
      from_s: w.from / 1000,
      to_s: w.to / 1000,
      ...(w.symbols ? { symbols: w.symbols } : {}),
    })),
  }))
  .describe('times are durations from the scenario start');

const externalFlow = z
  .strictObject({
    rate_per_min: num().min(0).describe('Poisson rate of outside MARKET orders'),
    qty: z.record(z.string(), num().min(0)).describe('order size per exchange symbol'),
    side: z.enum(['random', 'BUY', 'SELL']).default('random'),
  })
  .optional()
  .transform((e) => e ?? null);

const START_HELP = 'expected an ISO-8601 UTC time such as 2024-07-19T00:00:00Z';

export const scenarioSchema = z.strictObject({
  $schema: z.string().optional().describe('editor hint; ignored'),
  name: z
    .string({ error: 'expected the scenario name' })
    .max(100)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: NAME_HELP })
    .describe('names the output folder out/<name>/'),
  description: z.string().default(''),
  seed: seed().default(1),
  duration: duration().default(DEFAULT_DURATION_MS).describe('6h, 90m, 1d, 1h30m, or seconds; default 6h'),
  start: z
    .string({ error: START_HELP })
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return DEFAULT_START_MS;
      const t = Date.parse(s);
      if (!Number.isFinite(t)) {
        ctx.issues.push({ code: 'custom', input: s, message: `${START_HELP}, got ${JSON.stringify(s)}` });
        return z.NEVER;
      }
      return t;
    })
    .describe('the virtual epoch; default 2024-07-19T00:00:00Z'),
  symbols: symbols.describe('exchange symbols; the fleet trades them in this order'),
  exchange,
  strategy: z.strictObject(strategyShape).prefault({}),
  fleet,
  faults,
  external_flow: externalFlow,
  outside_quotes: outsideQuotes,
  expect: expectSchema.prefault({}),
  report: reportBlock,
});

export type ScenarioFile = z.output<typeof scenarioSchema>;

/** Checks across fields, run on a valid file (`raw` is the file as written, for the keys it gave). */
export function scenarioCrossChecks(s: ScenarioFile, raw: unknown): CrossIssue[] {
  const out: CrossIssue[] = [];
  const issue = (path: Array<string | number>, message: string): void => void out.push({ path, message });
  const exchanges = s.symbols.map((x) => x.exchange);
  const names = new Map<string, string>();
  for (const sym of s.symbols) {
    const prev = names.get(sym.name);
    if (prev !== undefined)
      issue(['symbols', sym.exchange, 'name'], `name ${sym.name} is already used by ${prev}; expected a unique name per symbol`);
    else names.set(sym.name, sym.exchange);
  }
  const known = `the scenario's symbols: ${exchanges.join(', ')}`;
  // Quantities: a symbol named in qty must be traded; every traded symbol needs one per layer of the roster.
  for (const { layer, symbol } of qtySymbolsGiven((raw as { strategy?: unknown } | null)?.strategy)) {
    if (!exchanges.includes(symbol))
      issue(['strategy', 'qty', layer, symbol], `no symbol ${symbol} in this scenario; expected one of ${known}`);
  }
  const layers = new Set(s.fleet.map((a) => a.layer));
  for (const layer of LAYERS) {
    if (!layers.has(layer)) continue;
    for (const sym of s.symbols) {
      const q = s.strategy.qty[layer][sym.exchange];
      if (q === undefined) {
        issue(['strategy', 'qty', layer], `missing a quantity for ${sym.exchange} (the ${layer} accounts trade it)`);
        continue;
      }
      const step = Number(sym.rules.stepSize);
      const snapped = Math.floor(q / step + 1e-9) * step;
      if (!(snapped > 0) || snapped + 1e-12 < Number(sym.rules.minQty))
        issue(
          ['strategy', 'qty', layer, sym.exchange],
          `${q} snaps to ${snapped} at step_size ${sym.rules.stepSize}, below min_qty ${sym.rules.minQty}; expected a larger quantity`,
        );
    }
  }
  s.faults.feed_gaps.forEach((g, i) => {
    for (const [k, sym] of (g.symbols ?? []).entries()) {
      if (!exchanges.includes(sym))
        issue(['faults', 'feed_gaps', i, 'symbols', k], `no symbol ${sym} in this scenario; expected one of ${known}`);
    }
  });
  for (const sym of Object.keys(s.external_flow?.qty ?? {})) {
    if (!exchanges.includes(sym))
      issue(['external_flow', 'qty', sym], `no symbol ${sym} in this scenario; expected one of ${known}`);
  }
  out.push(...modelCrossChecks(s, raw, exchanges), ...settlementCrossChecks(s.exchange.settlement_asset, exchanges));
  for (const kind of ['never_quoted', 'quoted'] as const) {
    s.expect[kind]?.forEach((pair, i) => {
      const [acct, sym] = pair.split('@') as [string, string];
      if (!s.fleet.some((a) => a.id === acct))
        issue(['expect', kind, i], `no account ${acct} in the fleet; expected account@SYMBOL with an account of the roster`);
      else if (!names.has(sym))
        issue(['expect', kind, i], `no symbol named ${sym}; expected one of ${[...names.keys()].join(', ')}`);
    });
  }
  return out;
}
