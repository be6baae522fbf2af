/**
 * `live --config live.yaml`: the strategy parameters at the top level (the very schema scenario
 * files use under `strategy:`, so both accept and refuse the same values) plus a `live:` section.
 * Cross-field: recv_window_ms < timeout_ms (an order whose request timed out can no longer be
 * accepted by the exchange when the client looks it up), qty symbols among live.symbols, symbols
 * listed once.
 */
import { z } from 'zod';
import { DEFAULT_SYMBOLS } from '../../engine/roster.js';
import { num } from './primitives.js';
import { qtySymbolsGiven, strategyShape } from './strategy.js';
import type { CrossIssue } from './validate.js';

const SYMBOL_NAMES = DEFAULT_SYMBOLS.flatMap((d) => [d.name, d.exchange]);

export const liveSettingsSchema = z.strictObject({
  status_interval_s: num().positive().default(60).describe('status line period, seconds'),
  recv_window_ms: z
    .int()
    .min(1)
    .max(60_000)
    .default(5000)
    .describe('signed-request validity window, ms (Binance: at most 60000)'),
  timeout_ms: z.int().min(100).max(300_000).default(10_000).describe('per REST request, ms; must exceed recv_window_ms'),
  reconcile: z.enum(['cancel', 'adopt']).default('cancel').describe('open orders found at start: cancel them or adopt them'),
  symbols: z
    .array(z.enum(SYMBOL_NAMES as [string, ...string[]]))
    .min(1)
    .default(DEFAULT_SYMBOLS.map((s) => s.name))
    .describe('symbols to trade, by spec name (BTC-PERP) or exchange symbol (BTCUSDT)'),
  drain_timeout_s: num().min(0).default(15).describe('wait for in-flight calls at shutdown, seconds'),
  startup_deadline_s: num()
    .positive()
    .max(3600)
    .default(60)
    .describe('start-up (time sync, exchangeInfo, leverage, reconciliation) retries transient errors until this many seconds'),
});

export const liveConfigSchema = z
  .union([z.null(), z.strictObject({ ...strategyShape, live: liveSettingsSchema.prefault({}) })])
  .transform((v) => v ?? z.strictObject({ ...strategyShape, live: liveSettingsSchema.prefault({}) }).parse({}));

export type LiveConfigFile = z.output<typeof liveConfigSchema>;

const exchangeOf = (s: string): string => DEFAULT_SYMBOLS.find((d) => d.name === s || d.exchange === s)?.exchange ?? s;

export function liveCrossChecks(c: LiveConfigFile, raw: unknown): CrossIssue[] {
  const out: CrossIssue[] = [];
  if (c.live.recv_window_ms >= c.live.timeout_ms)
    out.push({
      path: ['live', 'recv_window_ms'],
      message: `expected recv_window_ms < timeout_ms (${c.live.timeout_ms}), got ${c.live.recv_window_ms}: a timed-out order could still be accepted after the client looked it up`,
    });
  const traded = c.live.symbols.map(exchangeOf);
  traded.forEach((s, i) => {
    if (traded.indexOf(s) !== i) out.push({ path: ['live', 'symbols', i], message: `${c.live.symbols[i]} is listed twice` });
  });
  for (const { layer, symbol } of qtySymbolsGiven(raw)) {
    if (!traded.includes(symbol))
      out.push({
        path: ['qty', layer, symbol],
        message: `${symbol} is not traded; expected one of live.symbols: ${traded.join(', ')}`,
      });
  }
  return out;
}
