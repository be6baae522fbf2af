/**
 * The perpetual's scenario keys (docs/scenarios.md "Funding and liquidation"): the settlement
 * asset, `exchange.funding` and `exchange.liquidation`. Both models are off when absent, so every
 * scenario written before them runs as it did. What they do: src/sim-exchange/perp-venue.ts,
 * src/sim-exchange/funding.ts, src/world/perp-driver.ts.
 */
import { z } from 'zod';
import { duration, num } from './primitives.js';
import type { CrossIssue } from './validate.js';

/** The settlement assets a symbol name may end in; the scenario's must be the suffix of every symbol. */
export const SETTLEMENT_ASSETS = ['USDT', 'USDC'] as const;

export const settlementAsset = z
  .enum(SETTLEMENT_ASSETS)
  .default('USDT')
  .describe(
    'the asset balances, fees and PnL are settled in, and the quote of every symbol (BTCUSDT → BTC/USDT:USDT); default USDT',
  );

const rate = () => num().min(-0.05).max(0.05);

export const funding = z
  .discriminatedUnion('model', [
    z.strictObject({
      model: z.literal('constant'),
      rate: rate().describe('per settlement; positive: longs pay shorts'),
      interval: duration().default(8 * 3_600_000),
    }),
    z.strictObject({
      model: z.literal('file'),
      file: z
        .string()
        .min(1)
        .describe(
          'CSV of settlements (fundingTime,fundingRate or calc_time,funding_interval_hours,last_funding_rate), relative to the scenario file',
        ),
      interval: duration().default(8 * 3_600_000),
    }),
    z.strictObject({
      model: z.literal('premium'),
      interval: duration().default(8 * 3_600_000),
      sample_every: duration().default(60_000).describe('how often the premium is sampled'),
      interest_rate: rate().default(0.0001).describe('per interval (Binance: 0.01 % per 8 h)'),
      clamp: num().min(0).max(0.05).default(0.0005).describe('bound of interest − premium (Binance: 0.05 %)'),
      cap: num().min(0).max(0.05).default(0.0075).describe('bound of the rate'),
    }),
  ])
  .optional()
  .transform((f) => f ?? null)
  .describe('funding settlements every interval (from 00:00 UTC); default none');

export const liquidation = z
  .strictObject({
    fee_rate: num().min(0).max(0.1).default(0.005).describe('liquidation fee, fraction of the closed notional'),
    check_every: duration().default(1000).describe('how often margins are checked against maintenance'),
  })
  .optional()
  .transform((l) => l ?? null)
  .describe("maintenance margin by Binance's brackets, liquidation below it; default none (maintenance 0)");

/** Every symbol ends in the settlement asset, so base/quote/settle agree in every shape. */
export function settlementCrossChecks(asset: string, exchanges: readonly string[]): CrossIssue[] {
  const out: CrossIssue[] = [];
  for (const sym of exchanges) {
    if (!sym.endsWith(asset))
      out.push({
        path: ['symbols', sym],
        message: `${sym} does not end in the settlement asset ${asset}; name it ${sym.replace(/(USDT|USDC)$/, '')}${asset} or set exchange.settlement_asset`,
      });
  }
  return out;
}
