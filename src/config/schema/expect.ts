/**
 * The `expect:` block of a scenario: which assertions to check against the finished report
 * (meaning of each kind: src/scenario/expectations.ts and docs/scenarios.md). Ranges need min
 * and/or max with min ≤ max; account@SYMBOL targets are checked against the scenario's roster and
 * symbols by the scenario schema.
 */
import { z } from 'zod';
import { LAYERS } from './strategy.js';
import { duration, num } from './primitives.js';

export const range = () =>
  z.strictObject({ min: num().optional(), max: num().optional() }).superRefine((r, ctx) => {
    if (r.min === undefined && r.max === undefined) ctx.addIssue({ code: 'custom', message: 'expected min and/or max' });
    else if (r.min !== undefined && r.max !== undefined && r.min > r.max)
      ctx.addIssue({ code: 'custom', path: ['max'], message: `expected max ≥ min (${r.min}), got ${r.max}` });
  });

export type Range = z.output<ReturnType<typeof range>>;

const PAIR_HELP = 'expected account@SYMBOL, e.g. mm-l3-buy-50bps@BTC-PERP';
const pairs = () => z.array(z.string({ error: PAIR_HELP }).regex(/^[^@]+@[^@]+$/, { error: PAIR_HELP }));
const layer = () => z.enum(LAYERS);
const party = () => z.enum([...LAYERS, 'external']);
const layerList = () => z.array(layer()).min(2, { error: 'expected at least two layers, e.g. [L1, L2, L3]' });

/** `{layers: [L1, L2, L3], window: 1h, from: 1h}`: the funnel in every window (src/scenario/expectations-time.ts). */
const windowedFunnel = () =>
  z.strictObject({
    layers: layerList(),
    window: duration().describe('a multiple of the report window'),
    from: duration({ zero: true }).optional().describe('ignore the windows before this time'),
  });

const minMax = { min: num().optional(), max: num().optional() };
const minMaxRule = (r: { min?: number; max?: number }, ctx: z.RefinementCtx): void => {
  if (r.min === undefined && r.max === undefined) ctx.addIssue({ code: 'custom', message: 'expected min and/or max' });
  else if (r.min !== undefined && r.max !== undefined && r.min > r.max)
    ctx.addIssue({ code: 'custom', path: ['max'], message: `expected max ≥ min (${r.min}), got ${r.max}` });
};
const counterpartyShare = () =>
  z.strictObject({ makers: z.array(party()).min(1), takers: z.array(party()).min(1), ...minMax }).superRefine(minMaxRule);
const percentiles = () =>
  z.strictObject({ p50: range().optional(), p90: range().optional(), p99: range().optional(), max: range().optional() });
const perLayer = <T extends z.ZodType>(t: () => T) =>
  z.strictObject({
    anchor: t().optional(),
    L1: t().optional(),
    L2: t().optional(),
    L3: t().optional(),
    taker: t().optional(),
  });

const byLayer = () =>
  z.strictObject({
    anchor: range().optional(),
    L1: range().optional(),
    L2: range().optional(),
    L3: range().optional(),
    taker: range().optional(),
  });

/** Keys in the order they are checked (and listed in the report). */
export const expectShape = {
  funnel_decreasing: z
    .union([layerList(), windowedFunnel(), z.array(z.union([layerList(), windowedFunnel()])).min(1)])
    .optional()
    .describe(
      'fills strictly decrease along the list, on every symbol: over the run ([L1, L2, L3]), per window, or a list of both',
    ),
  cap_respected: z
    .union([z.boolean(), z.strictObject({ tolerance_usdc: num().min(0) })])
    .optional()
    .describe('no account × symbol above the cap by more than one own order (+ tolerance_usdc)'),
  cap_breached: z.boolean().optional().describe('at least one account × symbol is above the cap'),
  rejections: z
    .record(z.string().regex(/^-?\d+$/, { error: 'expected an error code such as "-2010"' }), range())
    .optional()
    .describe('rejection totals by exchange code'),
  fills: range().optional().describe('total trades'),
  layer_fills: byLayer().optional(),
  layer_maker_fills: byLayer().optional().describe("fills of a layer's resting orders (the layer was the maker)"),
  layer_taker_fills: byLayer().optional().describe("fills of a layer's incoming orders (the layer was the taker)"),
  breaker_opens: range().optional(),
  never_quoted: pairs().optional().describe('these account@SYMBOL pairs placed no order'),
  quoted: pairs().optional().describe('these account@SYMBOL pairs placed at least one order'),
  max_calls_per_min_per_account: num().min(0).optional(),
  stale_skips: range().optional().describe('iterations skipped because the feed was stale'),
  no_quotes_on_stale_feed: z.literal(true, { error: 'only `true` makes sense here' }).optional(),
  external_fills: range().optional().describe('fills against outside participants'),
  max_gated_pct: perLayer(() => num().min(0).max(100))
    .optional()
    .describe("a layer's share of samples gated (report gating[layer].gated_pct) is at most this"),
  fill_distance_bps: perLayer(percentiles)
    .optional()
    .describe('bounds on the fill-distance percentiles per layer, on every symbol with fills'),
  counterparty_share: z
    .union([counterpartyShare(), z.array(counterpartyShare()).min(1)])
    .optional()
    .describe('of the fills whose taker is in takers, the share whose maker is in makers'),
  fills_outside_tape_range: range().optional().describe("fills priced outside the tape's bid-ask range so far"),
};

export const expectSchema = z.strictObject(expectShape);
export type ExpectBlock = z.output<typeof expectSchema>;
export const EXPECT_KINDS = Object.keys(expectShape) as Array<keyof ExpectBlock>;
