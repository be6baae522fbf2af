/**
 * The venue from a scenario: a funded exchange core with the scenario's rules, fees, self-trade
 * prevention and limits, every fill going to the stats first. Called by buildWorld only (sim and
 * serve alike). The fee model the scenario chose (`exchange.fees`: fixed or tiered) is
 * constructed here, and the liquidation engine when `exchange.liquidation` is on (its own account,
 * funded as the outside accounts are); outside quotes, when the scenario has them, come from
 * buildWorld; a listener (serve's user-data stream and history) is passed through.
 */
import type { AccountSpec } from '../engine/roster.js';
import type { SymbolRules } from '../engine/types.js';
import { SimExchangeCore, type Fill } from '../sim-exchange/exchange-core.js';
import { FixedFees, type FeeModel, type FeesSpec } from '../sim-exchange/fees.js';
import type { OutsideQuotes } from '../sim-exchange/outside-quotes.js';
import { TieredFees } from '../sim-exchange/tiered-fees.js';
import { BracketMaintenance } from '../sim-exchange/maintenance-margin.js';
import type { VenueListener } from '../sim-exchange/venue-events.js';
import type { Scenario } from '../scenario/scenario.js';
import { RunStats, type StatsOptions } from '../report/stats.js';
import type { StatsView } from '../report/stats-view.js';
import type { TapeRanges } from '../report/tape-range.js';

/** Wallet of the accounts outside the fleet (outside quotes, external flow): enough never to matter. */
export const OUTSIDE_WALLET_USDC = 1e12;

/** The liquidation engine's (insurance fund's) account on the venue, when a scenario enables liquidation. */
export const INSURANCE_FUND = 'insurance-fund';

/** Trading rules keyed by exchange symbol, from the scenario. */
export function rulesOf(sc: Scenario): Record<string, SymbolRules> {
  const rules: Record<string, SymbolRules> = {};
  for (const s of sc.symbols) rules[s.spec.exchange] = s.rules;
  return rules;
}

/** `qty(account, symbol)`: one order of that account on that symbol (0 for accounts outside the roster). */
export function orderQtyOf(sc: Scenario, roster: AccountSpec[]): (account: string, symbol: string) => number {
  const layerOf = new Map(roster.map((a) => [a.id, a.layer]));
  return (acct, sym) => {
    const layer = layerOf.get(acct);
    return layer ? (sc.strategy.qty[layer][sym] ?? 0) : 0;
  };
}

/** The fee model of a scenario's `exchange.fees`; start volumes by the roster's roles (0 outside it). */
export function feeModelOf(spec: FeesSpec, roster: AccountSpec[]): FeeModel {
  if (spec.model === 'fixed') return new FixedFees(spec.maker, spec.taker);
  const roleOf = new Map(roster.map((a) => [a.id, a.role]));
  return new TieredFees(spec.tiers, (acct) => {
    const role = roleOf.get(acct);
    return role ? spec.start_volume_usdc[role] : 0;
  });
}

/**
 * The scenario's exchange core with every roster account funded by role. Fills go to `stats`
 * (funnel, caps) and then to `onFill` if given. `outside`: quotes crossing orders may fill
 * against (their account is funded here).
 */
export function coreForScenario(
  sc: Scenario,
  roster: AccountSpec[],
  mark: (symbol: string) => number,
  stats: RunStats,
  onFill?: (f: Fill) => void,
  outside?: OutsideQuotes,
  listener?: VenueListener,
): SimExchangeCore {
  const liq = sc.exchange.liquidation;
  const core: SimExchangeCore = new SimExchangeCore(
    {
      symbols: rulesOf(sc),
      walletUsdc: sc.exchange.wallet_usdc.ladder,
      leverage: sc.strategy.risk.leverage,
      makerFee: sc.exchange.maker_fee,
      takerFee: sc.exchange.taker_fee,
      fees: feeModelOf(sc.exchange.fees, roster),
      ...(outside ? { outside } : {}),
      stp: sc.exchange.stp,
      limits: {
        weightPerMinute: sc.exchange.limits.weight_per_minute,
        ordersPer10s: sc.exchange.limits.orders_per_10s,
        ordersPerMinute: sc.exchange.limits.orders_per_minute,
      },
      asset: sc.exchange.settlement_asset,
      ...(listener ? { listener } : {}),
      ...(liq ? { liquidation: { account: INSURANCE_FUND, feeRate: liq.fee_rate, maintenance: new BracketMaintenance() } } : {}),
    },
    mark,
    (fill) => {
      stats.onFill(fill, (acct) => core.positionOf(acct, fill.symbol).amt);
      onFill?.(fill);
    },
  );
  for (const a of roster) core.addAccount(a.id, sc.exchange.wallet_usdc[a.role]);
  if (outside) core.addAccount(outside.account, OUTSIDE_WALLET_USDC);
  if (liq) core.addAccount(INSURANCE_FUND, OUTSIDE_WALLET_USDC);
  return core;
}

/**
 * The report's view of a scenario world (report/stats-view.ts). `core` is read lazily because the
 * core is built after the stats it reports fills to.
 */
export function statsViewOf(w: {
  core: () => SimExchangeCore;
  now: () => number;
  mid: (symbol: string) => number | undefined;
  ranges?: TapeRanges;
}): StatsView {
  return {
    now: w.now,
    mid: w.mid,
    tapeRange: (sym) => w.ranges?.range(sym),
    position: (acct, sym) => w.core().positionOf(acct, sym),
    fees: (acct) => w.core().feesPaid(acct),
    apiCalls: (acct) => w.core().apiStats(acct).calls,
    bookTop: (sym) => w.core().bookTop(sym),
    forEachResting: (sym, fn) => w.core().forEachResting(sym, fn),
  };
}

/** RunStats for a scenario world: cap, window and sample period from the scenario. */
export function statsFor(
  sc: Scenario,
  roster: AccountSpec[],
  view: StatsView,
  t: { startMs: number; endMs?: number; sampleMs: number; windowMs?: number },
  opts: Omit<StatsOptions, 'timing' | 'capUsdc'> = {},
): RunStats {
  const symbols = sc.symbols.map((s) => s.spec.exchange);
  return new RunStats(roster, symbols, orderQtyOf(sc, roster), view, {
    ...opts,
    capUsdc: sc.strategy.risk.max_notional_usdc,
    timing: { startMs: t.startMs, endMs: t.endMs, sampleMs: t.sampleMs, windowMs: t.windowMs ?? sc.reportWindowMs },
  });
}
