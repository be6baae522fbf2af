/**
 * Every number in shared/spec/strategy-loops.md and design.md §3, as configuration with the spec's
 * default. Scenario files and live config override any of them by name (snake_case, as here).
 */
export interface LoopTiming {
  /** Main loop period, seconds. */
  interval_s: number;
  /** ± jitter on each period, seconds (uniform). */
  jitter_s: number;
  /** Floor on the jittered delay, seconds (spec: max(0.5, delay)). */
  min_delay_s: number;
}

export interface LadderConfig extends LoopTiming {
  /** Re-quote when |live price − target| / target exceeds this, in bps (spec DRIFT_BPS 0.0002 = 2 bps). */
  drift_bps: number;
  /** The spec's place_order is a plain LIMIT; GTC unless a scenario asks for post-only (GTX). */
  time_in_force: 'GTC' | 'GTX';
}

export interface AnchorConfig extends LoopTiming {
  /** Quote distance from mid on each side, bps (spec: ±1 bps). */
  offset_bps: number;
  /** Re-quote threshold, bps (spec: 1 bps). */
  drift_bps: number;
  time_in_force: 'GTC' | 'GTX';
}

export interface TakerConfig extends LoopTiming {
  /** How far past mid the taker crosses, bps (spec TAKER_AGGRESSION 0.005 = 50 bps). */
  aggression_bps: number;
}

export interface RiskConfig {
  /** Per-account, per-symbol position cap in USDC (spec RiskCaps(max_notional_usdc=150.0)). */
  max_notional_usdc: number;
  /** Leverage set per symbol at start (design.md §3). */
  leverage: number;
  /**
   * The position-cap gate of spec §2.4/§3.2. Always on in production; a scenario may switch it off
   * to reproduce the historical one-sided accumulation and -2010 flood.
   */
  position_gate: boolean;
}

export interface BreakerConfig {
  /** API errors within error_window_s that open the breaker. */
  error_threshold: number;
  error_window_s: number;
  /** Open when equity falls more than this % below its session peak. */
  max_drawdown_pct: number;
  /** First open period, seconds; doubles on each failed half-open probe. */
  cooldown_s: number;
  max_cooldown_s: number;
}

export interface FeedConfig {
  /** A feed older than this makes every loop skip its iteration without quoting (design.md §3). */
  max_feed_age_s: number;
}

/** Quantity per role/layer and symbol (design.md §2, accounts.py::qty_for). Keys: exchange symbols. */
export type QtyTable = Record<'L1' | 'L2' | 'L3' | 'anchor' | 'taker', Record<string, number>>;

export interface StrategyConfig {
  ladder: LadderConfig;
  anchor: AnchorConfig;
  taker: TakerConfig;
  risk: RiskConfig;
  breaker: BreakerConfig;
  feed: FeedConfig;
  qty: QtyTable;
}

export function defaultStrategyConfig(): StrategyConfig {
  return {
    ladder: { interval_s: 3.0, jitter_s: 1.0, min_delay_s: 0.5, drift_bps: 2, time_in_force: 'GTC' },
    // The spec gives the anchor's interval (2.0 s) but no jitter of its own; we use 1.0 s, the
    // ladder's, so the anchor's cadence never synchronises with the ladders either.
    anchor: { interval_s: 2.0, jitter_s: 1.0, min_delay_s: 0.5, offset_bps: 1, drift_bps: 1, time_in_force: 'GTC' },
    taker: { interval_s: 30.0, jitter_s: 10.0, min_delay_s: 0.5, aggression_bps: 50 },
    risk: { max_notional_usdc: 150.0, leverage: 5, position_gate: true },
    breaker: { error_threshold: 5, error_window_s: 60, max_drawdown_pct: 20, cooldown_s: 30, max_cooldown_s: 300 },
    feed: { max_feed_age_s: 5 },
    qty: {
      L1: { BTCUSDT: 0.0005, ETHUSDT: 0.01 },
      L2: { BTCUSDT: 0.001, ETHUSDT: 0.02 },
      L3: { BTCUSDT: 0.002, ETHUSDT: 0.04 },
      anchor: { BTCUSDT: 0.0003, ETHUSDT: 0.006 },
      taker: { BTCUSDT: 0.0005, ETHUSDT: 0.01 },
    },
  };
}
