/**
 * The swappable models of a scenario, each chosen by name (docs/scenarios.md): request latency
 * (`exchange.latency`: lognormal, constant, replay), the feed's delay (`symbols.<SYM>.feed_latency`:
 * lognormal, constant, replay of the tape's receipt times), fees (`exchange.fees`: fixed, tiered)
 * and outside quotes (`outside_quotes:`). A latency without `model:` is lognormal, so every file
 * written before the models existed means what it meant. What each model does: src/sim/latency.ts,
 * src/sim/feed-delay.ts, src/sim-exchange/fees.ts, src/world/tape-quotes.ts.
 */
import { z } from 'zod';
import { num } from './primitives.js';
import type { CrossIssue } from './validate.js';

/** One request leg, lognormal (src/sim/latency.ts DEFAULT_LATENCY; test/config checks they agree). */
export const DEFAULT_LATENCY = { model: 'lognormal', median_ms: 25, sigma: 0.5, min_ms: 1 } as const;

const lognormal = (d: { median_ms: number; sigma: number; min_ms: number }) =>
  z.strictObject({
    model: z.literal('lognormal').optional().describe('the default model'),
    median_ms: num().min(0).default(d.median_ms),
    sigma: num().min(0).max(3).default(d.sigma),
    min_ms: num().min(0).default(d.min_ms),
  });
const constant = z.strictObject({ model: z.literal('constant'), ms: num().min(0).describe('every leg, ms') });
const withModel = <T extends { model?: string | undefined }>(o: T) =>
  ({ ...o, model: o.model ?? 'lognormal' }) as T & {
    model: NonNullable<T['model']> | 'lognormal';
  };

/** A request leg (src/sim/latency.ts): lognormal (default), constant, or replay of a live recording. */
export const requestLatency = z
  .discriminatedUnion('model', [
    lognormal(DEFAULT_LATENCY),
    constant,
    z.strictObject({
      model: z.literal('replay'),
      file: z.string().min(1).describe('round trips recorded by live --record-latency, relative to the scenario file'),
      min_ms: num().min(0).default(0),
    }),
  ])
  .transform(withModel);

/** Binance → fleet (src/sim/feed-delay.ts): lognormal, constant, or the tape's own receipt times. */
export const feedLatency = z
  .discriminatedUnion('model', [
    lognormal({ median_ms: 0, sigma: 0, min_ms: 0 }),
    constant,
    z.strictObject({ model: z.literal('replay').describe("the tape's recorded receipt times (received_at)") }),
  ])
  .transform(withModel);

export const makerRate = () => num().min(-0.01).max(0.01);
export const takerRate = () => num().min(0).max(0.01);

/** Fee models (src/sim-exchange/fees.ts, tiered-fees.ts); absent: fixed at maker_fee / taker_fee. */
export const fees = z
  .discriminatedUnion('model', [
    z.strictObject({ model: z.literal('fixed'), maker: makerRate(), taker: takerRate() }),
    z
      .strictObject({
        model: z.literal('tiered'),
        tiers: z
          .array(z.strictObject({ min_volume_usdc: num().min(0), maker: makerRate(), taker: takerRate() }))
          .min(1)
          .describe('by trailing 30-day volume; the first tier starts at 0'),
        start_volume_usdc: z
          .union([
            num().min(0),
            z.strictObject({ ladder: num().min(0).default(0), anchor: num().min(0).default(0), taker: num().min(0).default(0) }),
          ])
          .default(0)
          .transform((v) => (typeof v === 'number' ? { ladder: v, anchor: v, taker: v } : v))
          .describe('30-day volume each account has already traded when the run starts, per role or one number'),
      })
      .superRefine((f, ctx) => {
        if (f.tiers[0]!.min_volume_usdc !== 0)
          ctx.addIssue({
            code: 'custom',
            path: ['tiers', 0, 'min_volume_usdc'],
            message: 'expected 0: the first tier starts at 0',
          });
        f.tiers.forEach((t, i) => {
          if (i > 0 && !(t.min_volume_usdc > f.tiers[i - 1]!.min_volume_usdc))
            ctx.addIssue({
              code: 'custom',
              path: ['tiers', i, 'min_volume_usdc'],
              message: `expected more than the tier before (${f.tiers[i - 1]!.min_volume_usdc}): tiers ascend by volume`,
            });
        });
      }),
  ])
  .optional()
  .describe('fee model; default fixed at maker_fee / taker_fee');

export const outsideQuotes = z
  .strictObject({
    offset_bps: num()
      .min(0)
      .max(1000)
      .default(0)
      .describe("outside quotes this many bps outside the tape's best bid and ask; default 0 (at them)"),
    qty: z
      .record(z.string(), num().positive())
      .optional()
      .describe("size of each outside quote per exchange symbol, renewed every tick; default the tape's bid/ask qty"),
  })
  .optional()
  .transform((e) => e ?? null)
  .describe('the Binance best bid/ask stand as outside quotes crossing orders can fill against (src/world/tape-quotes.ts)');

/** What the model checks need of a valid scenario file (structural, to keep this file below scenario.ts). */
interface ModelsOf {
  exchange: { fees?: unknown };
  symbols: Array<{ exchange: string; feed_latency: { model: string } | null; source: { kind: string } }>;
  outside_quotes: { qty?: Record<string, number> | undefined } | null;
}

/** Cross-field checks of the models: one fee form, feed replay on tapes with receipt times, outside qty symbols. */
export function modelCrossChecks(s: ModelsOf, raw: unknown, exchanges: readonly string[]): CrossIssue[] {
  const out: CrossIssue[] = [];
  const rawExchange = (raw as { exchange?: Record<string, unknown> } | null)?.exchange;
  if (s.exchange.fees !== undefined && rawExchange && typeof rawExchange === 'object')
    for (const k of ['maker_fee', 'taker_fee'])
      if (k in rawExchange) out.push({ path: ['exchange', k], message: 'give either maker_fee / taker_fee or fees, not both' });
  for (const sym of s.symbols) {
    if (sym.feed_latency?.model === 'replay' && sym.source.kind !== 'bookticker_csv' && sym.source.kind !== 'ws_jsonl')
      out.push({
        path: ['symbols', sym.exchange, 'feed_latency', 'model'],
        message: `replay needs a tape that recorded receipt times (bookticker_csv from rocky-bot record, or ws_jsonl with a receipt prefix), got a ${sym.source.kind} source`,
      });
  }
  for (const sym of Object.keys(s.outside_quotes?.qty ?? {})) {
    if (!exchanges.includes(sym))
      out.push({
        path: ['outside_quotes', 'qty', sym],
        message: `no symbol ${sym} in this scenario; expected one of the scenario's symbols: ${exchanges.join(', ')}`,
      });
  }
  return out;
}
