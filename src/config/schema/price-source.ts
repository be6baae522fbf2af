/**
 * A symbol's price source (`symbols.<SYM>.source`): synthetic, or a replay of tape files.
 * Replay pipeline and meaning of each key: src/market-data/price-source.ts and docs/market-data.md.
 * Defaults here are the synthetic model's (test/config checks they equal SYNTHETIC_DEFAULTS).
 */
import { z } from 'zod';
import { num, time } from './primitives.js';

export const SOURCE_KINDS = ['synthetic', 'bookticker_csv', 'trades_csv', 'aggtrades_csv', 'ws_jsonl'] as const;

const pctMove = () => num().gt(-100);

const synthetic = z.strictObject({
  kind: z.literal('synthetic'),
  start_price: num().positive().optional().describe('first mid; default from the calibration tapes for BTC*/ETH*'),
  drift_pct_per_day: pctMove().default(0).describe('median path change, % per day'),
  vol_pct_per_sqrt_day: num().min(0).optional().describe('sd of the daily log return, %; default calibrated per symbol'),
  rate_hz: num().positive().max(10_000).default(10).describe('book updates per second'),
  arrivals: z.enum(['regular', 'poisson']).default('regular'),
  spread_ticks: z.int().min(1).default(1),
  qty_median: num().positive().optional(),
  jumps: z
    .strictObject({
      rate_per_day: num().min(0),
      mean_pct: pctMove().default(0),
      std_pct: num().min(0).default(0),
    })
    .optional(),
  regimes: z
    .strictObject({
      calm_mean_duration_min: num().positive(),
      volatile: z.strictObject({
        drift_pct_per_day: pctMove().default(0),
        vol_pct_per_sqrt_day: num().min(0),
        mean_duration_min: num().positive(),
        spread_ticks: z.int().min(1).optional(),
      }),
      start: z.enum(['calm', 'volatile']).default('calm'),
    })
    .optional(),
  shocks: z
    .array(
      z
        .strictObject({
          at_min: num().min(0),
          move_pct: pctMove(),
          over_min: num().positive(),
          recover_pct: num().min(0).max(100).default(0),
          recover_over_min: num().min(0).default(0),
        })
        .superRefine((s, ctx) => {
          if (s.recover_pct > 0 && !(s.recover_over_min > 0))
            ctx.addIssue({
              code: 'custom',
              path: ['recover_over_min'],
              message: 'expected a duration > 0 when recover_pct is set',
            });
        }),
    )
    .default([]),
  gaps: z.array(z.strictObject({ at_min: num().min(0), duration_min: num().positive() })).default([]),
});

const replayKeys = {
  file: z.string().min(1).optional().describe('one tape file, relative to the scenario file'),
  files: z.array(z.string().min(1)).min(1).optional().describe('tape files in time order (consecutive days)'),
  from: time().optional().describe('keep ticks at or after this tape time'),
  to: time().optional().describe('keep ticks before this tape time'),
  rebase: z.boolean().default(true).describe('shift the tape so its first tick lands at the scenario start'),
  scale: num().positive().default(1).describe('multiply all prices'),
  loop: z
    .union([z.boolean(), z.strictObject({ gap_ms: num().min(0).optional(), continuous: z.boolean().default(true) })])
    .optional()
    .describe('replay again until the scenario ends'),
  gap_threshold_ms: num().positive().default(5000),
  on_bad_row: z
    .enum(['error', 'skip'])
    .default('error')
    .describe('a bad row stops the run (error) or is dropped and counted in the report (skip)'),
  entry: z.string().min(1).optional().describe('the member of each .zip file to read (default: the only one)'),
};

type ReplayIn = {
  file?: string | undefined;
  files?: string[] | undefined;
  from?: number | undefined;
  to?: number | undefined;
  entry?: string | undefined;
};

function replayChecks(o: ReplayIn, ctx: z.RefinementCtx): void {
  if (o.file !== undefined && o.files !== undefined)
    ctx.addIssue({ code: 'custom', path: ['file'], message: 'give either file or files, not both' });
  if (o.file === undefined && o.files === undefined)
    ctx.addIssue({ code: 'custom', path: ['files'], message: 'missing; expected file: PATH or files: [PATH, ...]' });
  if (o.from !== undefined && o.to !== undefined && !(o.to > o.from))
    ctx.addIssue({ code: 'custom', path: ['to'], message: `expected a time after from (${new Date(o.from).toISOString()})` });
  if (o.entry !== undefined && ![...(o.files ?? []), o.file ?? ''].some((f) => f.toLowerCase().endsWith('.zip')))
    ctx.addIssue({ code: 'custom', path: ['entry'], message: 'names a member of a .zip file; expected .zip files' });
}

/** Common replay output: `file`/`files` become `files`, `loop` becomes false or its settings. */
function replayOut<T extends ReplayIn & { loop?: boolean | { gap_ms?: number | undefined; continuous: boolean } | undefined }>(
  o: T,
) {
  const { file, files, loop, ...rest } = o;
  const out = { ...rest, files: files ?? [file as string], loop: toLoop(loop) };
  if (out.from === undefined) delete out.from;
  if (out.to === undefined) delete out.to;
  if (out.entry === undefined) delete out.entry;
  return out;
}

function toLoop(
  l: boolean | { gap_ms?: number | undefined; continuous: boolean } | undefined,
): false | { gap_ms?: number; continuous: boolean } {
  if (l === undefined || l === false) return false;
  if (l === true) return { continuous: true };
  return l.gap_ms === undefined ? { continuous: l.continuous } : { continuous: l.continuous, gap_ms: l.gap_ms };
}

const bookticker = z.strictObject({ kind: z.literal('bookticker_csv'), ...replayKeys }).superRefine(replayChecks);
const trades = z
  .strictObject({
    kind: z.enum(['trades_csv', 'aggtrades_csv']),
    ...replayKeys,
    // > 0: a zero half spread would make every tick a locked book (bid = ask).
    half_spread_ticks: num().positive().optional().describe('bid/ask = trade price ∓ this many ticks (default 0.5)'),
    half_spread_bps: num().positive().optional().describe('bid/ask = trade price ∓ this many bps'),
  })
  .superRefine((o, ctx) => {
    replayChecks(o, ctx);
    if (o.half_spread_ticks !== undefined && o.half_spread_bps !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['half_spread_bps'],
        message: 'give either half_spread_ticks or half_spread_bps, not both',
      });
  });
const wsJsonl = z
  .strictObject({
    kind: z.literal('ws_jsonl'),
    ...replayKeys,
    source_symbol: z.string().min(1).optional().describe('symbol to pick from the capture (default: the scenario symbol)'),
  })
  .superRefine(replayChecks);

export const priceSourceSchema = z.discriminatedUnion('kind', [synthetic, bookticker, trades, wsJsonl]).transform((o) => {
  if (o.kind === 'synthetic') return o;
  if (o.kind === 'bookticker_csv') return { ...replayOut(o), kind: o.kind };
  if (o.kind === 'ws_jsonl') {
    const { source_symbol, ...r } = o;
    const out: ReturnType<typeof replayOut<typeof r>> & { kind: 'ws_jsonl'; source_symbol?: string } = {
      ...replayOut(r),
      kind: o.kind,
    };
    if (source_symbol !== undefined) out.source_symbol = source_symbol.toUpperCase();
    return out;
  }
  const { half_spread_ticks, half_spread_bps, ...r } = o;
  return {
    ...replayOut(r),
    kind: o.kind,
    half_spread: half_spread_bps !== undefined ? { bps: half_spread_bps } : { ticks: half_spread_ticks ?? 0.5 },
  };
});

export type PriceSourceSchemaOutput = z.output<typeof priceSourceSchema>;
