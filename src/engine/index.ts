/**
 * Public surface of the strategy engine. src/cli, src/sim-exchange and src/live import from here;
 * the engine itself imports none of them (it stays world-agnostic: no I/O, no timers).
 */
export * from './types.js';
export * from './ports.js';
export * from './errors.js';
export * from './config.js';
export * from './roster.js';
export * from './events.js';
export * from './fleet-types.js';
export * from './decimal.js';
export * from './rng.js';
export { CircuitBreaker } from './circuit-breaker.js';
export { StrategyLoop, type LoopDeps } from './loop.js';
export { LadderMakerLoop, equityOf, type LadderParams } from './ladder.js';
export { AnchorMakerLoop } from './anchor.js';
export { TakerLoop } from './taker.js';
export {
  OrderFormatter,
  ClientOrderIds,
  taskCode,
  CLIENT_ORDER_ID_MAX,
  CLIENT_ORDER_ID_COUNTER_DIGITS,
  CLIENT_ORDER_ID_RE,
} from './orders.js';
export { buildFleet, runFleet, taskName, type Fleet } from './fleet.js';
