/**
 * The scenario's `exchange:` block: the settlement asset, wallets per role, fees, self-trade
 * prevention, request latency and timeout, rate limits, funding and liquidation (docs/scenarios.md).
 */
import { z } from 'zod';
import { fees, makerRate, requestLatency, takerRate } from './models.js';
import { funding, liquidation, settlementAsset } from './perp.js';
import { num } from './primitives.js';

const wallet = z
  .union([
    num().min(0),
    z.strictObject({ ladder: num().min(0).default(100), anchor: num().min(0).default(100), taker: num().min(0).default(500) }),
  ])
  .default({ ladder: 100, anchor: 100, taker: 500 })
  .transform((w) => (typeof w === 'number' ? { ladder: w, anchor: w, taker: w } : w))
  .describe('starting wallet per role, or one number for every account');

export const exchange = z
  .strictObject({
    settlement_asset: settlementAsset,
    wallet_usdc: wallet,
    maker_fee: makerRate().default(0.0002),
    taker_fee: takerRate().default(0.0005),
    fees,
    stp: z.enum(['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH']).default('EXPIRE_TAKER'),
    latency: requestLatency.prefault({}),
    request_timeout_ms: num().min(1).default(10_000),
    limits: z
      .strictObject({
        weight_per_minute: z.int().min(1).default(2400),
        orders_per_10s: z.int().min(1).default(300),
        orders_per_minute: z.int().min(1).default(1200),
      })
      .prefault({}),
    funding,
    liquidation,
  })
  .prefault({});
