/**
 * The strategy parameters (src/engine/config.ts), one definition used by scenario files
 * (`strategy:`) and by `live --config` (top level): every key optional, defaulting to the spec's
 * value, with the same bounds in both. `qty` rows merge over the defaults per symbol.
 * The output type is checked against the engine's StrategyConfig at compile time.
 */
import { z } from 'zod';
import { defaultStrategyConfig, type LoopTiming, type QtyTable, type StrategyConfig } from '../../engine/config.js';
import { num } from './primitives.js';

const D = defaultStrategyConfig();

const timing = (t: LoopTiming) => ({
  interval_s: num().positive().default(t.interval_s).describe('loop period, seconds'),
  jitter_s: num().min(0).default(t.jitter_s).describe('± jitter on each period, seconds'),
  min_delay_s: num().min(0).default(t.min_delay_s).describe('floor on the jittered delay, seconds'),
});
const tif = (d: 'GTC' | 'GTX') => z.enum(['GTC', 'GTX']).default(d).describe('GTC, or GTX (post-only)');

export const LAYERS = ['L1', 'L2', 'L3', 'anchor', 'taker'] as const;

const qtyRow = (d: Record<string, number>) =>
  z
    .record(z.string(), num().positive())
    .optional()
    .transform((v) => ({ ...d, ...v }))
    .describe('order quantity per exchange symbol');

export const strategyShape = {
  ladder: z
    .strictObject({
      ...timing(D.ladder),
      drift_bps: num().min(0).default(D.ladder.drift_bps).describe('re-quote threshold, bps'),
      time_in_force: tif(D.ladder.time_in_force),
    })
    .prefault({}),
  anchor: z
    .strictObject({
      ...timing(D.anchor),
      offset_bps: num().min(0).default(D.anchor.offset_bps).describe('quote distance from mid on each side, bps'),
      drift_bps: num().min(0).default(D.anchor.drift_bps),
      time_in_force: tif(D.anchor.time_in_force),
    })
    .prefault({}),
  taker: z
    .strictObject({
      ...timing(D.taker),
      aggression_bps: num().min(0).default(D.taker.aggression_bps).describe('how far past mid the taker crosses, bps'),
    })
    .prefault({}),
  risk: z
    .strictObject({
      max_notional_usdc: num().min(0).default(D.risk.max_notional_usdc).describe('per-account, per-symbol position cap, USDC'),
      leverage: z.int().min(1).max(125).default(D.risk.leverage),
      position_gate: z.boolean().default(D.risk.position_gate),
    })
    .prefault({}),
  breaker: z
    .strictObject({
      error_threshold: z.int().min(1).default(D.breaker.error_threshold),
      error_window_s: num().positive().default(D.breaker.error_window_s),
      max_drawdown_pct: num().positive().max(100).default(D.breaker.max_drawdown_pct),
      cooldown_s: num().positive().default(D.breaker.cooldown_s),
      max_cooldown_s: num().positive().default(D.breaker.max_cooldown_s),
    })
    .superRefine((b, ctx) => {
      if (b.max_cooldown_s < b.cooldown_s)
        ctx.addIssue({
          code: 'custom',
          path: ['max_cooldown_s'],
          message: `expected max_cooldown_s ≥ cooldown_s (${b.cooldown_s}), got ${b.max_cooldown_s}`,
        });
    })
    .prefault({}),
  feed: z.strictObject({ max_feed_age_s: num().positive().default(D.feed.max_feed_age_s) }).prefault({}),
  qty: z
    .strictObject({
      L1: qtyRow(D.qty.L1),
      L2: qtyRow(D.qty.L2),
      L3: qtyRow(D.qty.L3),
      anchor: qtyRow(D.qty.anchor),
      taker: qtyRow(D.qty.taker),
    })
    .prefault({}),
};

export const strategySchema = z.strictObject(strategyShape);

/** The symbols a strategy block names in `qty` (only those the file gave, not the defaults). */
export function qtySymbolsGiven(raw: unknown): Array<{ layer: keyof QtyTable; symbol: string }> {
  const q = (raw as { qty?: Record<string, Record<string, unknown> | undefined> } | undefined)?.qty;
  if (!q || typeof q !== 'object') return [];
  return LAYERS.flatMap((layer) => Object.keys(q[layer] ?? {}).map((symbol) => ({ layer, symbol })));
}

// Compile-time: the schema's output is exactly the engine's StrategyConfig.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const STRATEGY_TYPE_MATCHES: Same<z.output<typeof strategySchema>, StrategyConfig> = true;
