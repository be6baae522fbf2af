/**
 * Outside liquidity, today's model: Poisson-timed MARKET orders from one account outside the fleet
 * (funded without limit), applied at the venue directly (no latency, no faults), on a random side
 * unless the scenario fixes one. Rejections (e.g. nothing to hit) are dropped: outside participants
 * are not under test. Draws come from the world's `external-flow` stream only.
 *
 * The other outside-liquidity model, outside quotes at the tape's best bid/ask, is tape-quotes.ts;
 * a scenario may have either, both, or none (the default: the book holds only the fleet's orders).
 */
import { ExchangeError } from '../engine/errors.js';
import { snap } from '../engine/decimal.js';
import type { Rng } from '../engine/ports.js';
import type { SymbolRules } from '../engine/types.js';
import type { SimExchangeCore } from '../sim-exchange/exchange-core.js';
import type { ExternalFlow } from '../scenario/scenario.js';
import { OUTSIDE_WALLET_USDC } from './scenario-exchange.js';
import type { WorldClock } from './world-clock.js';

/** The account outside the fleet that external flow trades from. */
export const EXTERNAL_ACCOUNT = 'external-flow';

/** Schedule the flow on `clock` from now until `endMs` (inclusive). */
export function startExternalFlow(
  flow: ExternalFlow,
  core: SimExchangeCore,
  clock: WorldClock,
  rules: Record<string, SymbolRules>,
  rng: Rng,
  endMs: number,
): void {
  if (flow.rate_per_min <= 0) return;
  core.addAccount(EXTERNAL_ACCOUNT, OUTSIDE_WALLET_USDC);
  const meanGapMs = 60_000 / flow.rate_per_min;
  const symbols = Object.keys(flow.qty).filter((s) => rules[s] && flow.qty[s]! > 0);
  if (symbols.length === 0) return;
  const next = (): void => {
    const sym = symbols[Math.floor(rng.next() * symbols.length)]!;
    const side = flow.side === 'random' ? (rng.next() < 0.5 ? 'BUY' : 'SELL') : flow.side;
    try {
      core.placeOrder(EXTERNAL_ACCOUNT, clock.now(), {
        symbol: sym,
        side,
        type: 'MARKET',
        quantity: snap(flow.qty[sym]!, rules[sym]!.stepSize, 'floor'),
      });
    } catch (e) {
      // an empty book or a filter: the outside world shrugs; anything else ends the run
      if (!(e instanceof ExchangeError)) throw e;
    }
    const t = clock.now() + Math.max(1, Math.round(-Math.log(1 - rng.next()) * meanGapMs));
    if (t <= endMs) clock.at(t, next);
  };
  clock.at(clock.now() + Math.round(-Math.log(1 - rng.next()) * meanGapMs), next);
}
