/**
 * The contract between the fleet builder and whoever runs it (src/cli for live, the sim runner).
 */
import type { StrategyConfig } from './config.js';
import type { EventSink } from './events.js';
import type { Clock, Exchange, PriceFeed, Rng } from './ports.js';
import type { Role, SymbolSpec } from './roster.js';
import type { SymbolRules } from './types.js';

export interface FleetDeps {
  clock: Clock;
  feed: PriceFeed;
  /** Root stream; the builder splits one child per task (`role[id,symbol]`) and per breaker. */
  rng: Rng;
  events: EventSink;
  /** Each account gets its own exchange client (spec §5: fully isolated). */
  exchangeFor(accountId: string): Exchange;
  symbols: SymbolSpec[];
  /** Trading rules keyed by exchange symbol (BTCUSDT). */
  rules: Record<string, SymbolRules>;
  config: StrategyConfig;
  /**
   * Prefix for deterministic newClientOrderIds (`^[.A-Z:/a-z0-9_-]{1,36}$` overall). The sim uses a
   * constant; live uses a per-run tag so a restart never collides with the previous run's ids.
   */
  clientOrderIdPrefix: string;
}

export interface LoopTask {
  /** `role[id,symbol]`, e.g. `ladder[mm-l1-buy-05bps,BTC-PERP]`. */
  name: string;
  accountId: string;
  role: Role;
  /** Exchange symbol (BTCUSDT). */
  symbol: string;
  /** Runs the loop until `signal` aborts; never rejects. */
  run(signal: AbortSignal): Promise<void>;
}
