/**
 * The scenario-facing price source: open the tape (validated by the config schema) with its
 * transforms. Pipeline for replay kinds:
 *   files (concatenated, in the order given; each checked row by row, policy `on_bad_row`; a
 *   bookTicker file with a `.tapeidx` index beside it is read through the index, tape-index.ts)
 *   → window [from, to) in tape time (must select something) → scale → rebase to the scenario
 *   start (default on) → loop (optional; each pass re-reads the files) → cut at the scenario end,
 *   checking that a tape without loop covers the run → summary counters.
 * Synthetic sources generate directly in scenario time from ctx.startMs to ctx.startMs + durationMs.
 */
import path from 'node:path';
import { priceSourceSchema, type PriceSourceSchemaOutput } from '../config/schema/price-source.js';
import { validate } from '../config/schema/validate.js';
import { plainSource } from '../config/yaml-reader.js';
import type { Rng } from '../engine/ports.js';
import { BookTickerCsvSource } from './bookticker-csv.js';
import { tickDecimals } from '../engine/decimal.js';
import { SyntheticSource, type SyntheticConfig } from './synthetic.js';
import type { TapeSource } from './tape-source.js';
import type { TickSource } from './tick-source.js';
import { CoverSource } from './cover-source.js';
import type { BadRowPolicy } from './line-tape-source.js';
import { LoopSource } from './loop-source.js';
import { SummarySource, type TapeSummary } from './summary-source.js';
import { openIndexed } from './tape-index.js';
import { TradesCsvSource, type HalfSpread } from './trades-csv.js';
import { ConcatSource, ScaleSource, WindowSource, rebase } from './transform.js';
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
  /** A bad row stops the run (`error`, default) or is skipped and counted (`skip`). */
  on_bad_row: BadRowPolicy;
  /** The entry of each .zip file to read (default: the only one). */
  entry?: string;
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
  /**
   * A replay without loop must cover [startMs, startMs + durationMs] (default true). Off for serve,
   * which holds the last price once the tape ends.
   */
  requireCoverage?: boolean;
}

export type OpenedPriceSource = TickSource & { summary(): TapeSummary };

// ---------------------------------------------------------------------------------------------
// Validation: the schema lives with every other config schema (src/config/schema/price-source.ts).

/** Validates a price-source block given as data (flags, tests). Problems → ConfigError at `${path}.key`. */
export function parsePriceSource(raw: unknown, file: string, path: string): PriceSourceConfig {
  return validate(priceSourceSchema, plainSource(file, raw), { prefix: path });
}

// Compile-time: what the schema produces is what this module opens.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const SOURCE_TYPE_MATCHES: Same<PriceSourceSchemaOutput, PriceSourceConfig> = true;

// ---------------------------------------------------------------------------------------------
// Opening

export function openPriceSource(cfg: PriceSourceConfig, ctx: PriceSourceContext): OpenedPriceSource {
  if (cfg.kind === 'synthetic') {
    return new SummarySource(new SyntheticSource(cfg, ctx), 5000);
  }
  const files = cfg.files.map((f) => path.resolve(ctx.baseDir, f));
  const pow10 = 10 ** tickDecimals(ctx.tickSize);
  const read = { onBadRow: cfg.on_bad_row, ...(cfg.entry !== undefined ? { entry: cfg.entry } : {}) };
  const openOne = (f: string): TapeSource => {
    switch (cfg.kind) {
      case 'bookticker_csv':
        return openIndexed(f, read) ?? new BookTickerCsvSource(f, read);
      case 'trades_csv':
      case 'aggtrades_csv':
        return new TradesCsvSource(f, cfg.kind === 'trades_csv' ? 'trades' : 'aggtrades', cfg.half_spread, ctx.tickSize, read);
      case 'ws_jsonl':
        return new WsJsonlSource(f, cfg.source_symbol ?? ctx.symbol, read);
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
  const tape: TapeSource = cfg.loop
    ? new LoopSource(openTape, {
        continuous: cfg.loop.continuous,
        ...(cfg.loop.gap_ms !== undefined ? { gapMs: cfg.loop.gap_ms } : {}),
        tickSize: ctx.tickSize,
        pow10,
        untilMs: endMs,
      })
    : openTape();
  const covered = new CoverSource(tape, {
    startMs: ctx.startMs,
    endMs,
    toleranceMs: cfg.gap_threshold_ms,
    check: !cfg.loop && ctx.requireCoverage !== false,
  });
  return new SummarySource(covered, cfg.gap_threshold_ms);
}
