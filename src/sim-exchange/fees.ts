/**
 * Fee model: the rate the venue charges on each fill, per side of the trade.
 *
 * Rule of the interface: `rate(account, liquidity, now)` is the fee rate (fraction of the fill's
 * notional; negative = a rebate) the account pays for one fill as maker or taker at `now`; the
 * ledger charges price × qty × rate (ledger.ts). `onFill(account, notional, now)` tells the model
 * of every fill each side traded (volume-based models count it; after the fee of that fill is
 * charged, so a fill never changes its own rate). The venue's integer matching is not affected:
 * fees are money, never quantities.
 *
 * Models, chosen per scenario (`exchange.fees`, docs/scenarios.md):
 *   fixed   (default) FixedFees, this file: one maker and one taker rate for every account;
 *   tiered  TieredFees, tiered-fees.ts: rates by each account's trailing 30-day volume.
 */
export type Liquidity = 'maker' | 'taker';

export interface FeeModel {
  rate(account: string, liquidity: Liquidity, now: number): number;
  onFill(account: string, notional: number, now: number): void;
}

/** The scenario's choice (src/config/schema/scenario.ts `exchange.fees`). */
export type FeesSpec =
  | { model: 'fixed'; maker: number; taker: number }
  | {
      model: 'tiered';
      /** Ascending by min_volume_usdc; the first at 0. */
      tiers: Array<{ min_volume_usdc: number; maker: number; taker: number }>;
      /** 30-day volume each account has traded before the run, by role. */
      start_volume_usdc: { ladder: number; anchor: number; taker: number };
    };

/** Today's model: the same maker and taker rate for every account, whatever it traded. */
export class FixedFees implements FeeModel {
  constructor(
    private readonly maker: number,
    private readonly taker: number,
  ) {}

  rate(_account: string, liquidity: Liquidity): number {
    return liquidity === 'maker' ? this.maker : this.taker;
  }

  onFill(): void {}
}
