/**
 * Turning a strategy's float target into exchange-acceptable order fields.
 *
 * Invariants:
 * - Prices snap to tickSize never more aggressively than the target: BUY floors, SELL ceils. So a
 *   snapped maker quote is never closer to mid than the spec's offset, and a taker never pays more
 *   than mid ± aggression.
 * - Quantities floor to stepSize (never send more than configured).
 * - Output strings carry exactly the step's precision (no "0.30000000000000004").
 * - Everything derivable from the rules (numeric steps, decimals) is computed once at construction;
 *   the per-order path is two float ops and a toFixed.
 * - Client order ids are deterministic: prefix + per-task code + per-task counter (base 36), and
 *   match `^[.A-Z:/a-z0-9_-]{1,36}$`; the builder checks the length budget once, up front.
 */
import { decimalsOf, stepsCeil, stepsFloor } from './decimal.js';
import type { Side, SymbolRules } from './types.js';

export class OrderFormatter {
  private readonly tick: number;
  private readonly tickDecimals: number;
  private readonly step: number;
  private readonly stepDecimals: number;

  constructor(readonly rules: SymbolRules) {
    this.tick = Number(rules.tickSize);
    this.step = Number(rules.stepSize);
    if (!(this.tick > 0)) throw new Error(`${rules.symbol}: tickSize "${rules.tickSize}" must be a positive number`);
    if (!(this.step > 0)) throw new Error(`${rules.symbol}: stepSize "${rules.stepSize}" must be a positive number`);
    this.tickDecimals = decimalsOf(rules.tickSize);
    this.stepDecimals = decimalsOf(rules.stepSize);
  }

  /** Snap a limit price toward the passive side: BUY → floor, SELL → ceil. */
  price(value: number, side: Side): string {
    const n = side === 'BUY' ? stepsFloor(value, this.tick) : stepsCeil(value, this.tick);
    return (n * this.tick).toFixed(this.tickDecimals);
  }

  /** Floor a quantity to the step size. */
  qty(value: number): string {
    return (stepsFloor(value, this.step) * this.step).toFixed(this.stepDecimals);
  }
}

/** Max length of a Binance newClientOrderId. */
export const CLIENT_ORDER_ID_MAX = 36;
/** Counter digits reserved in the length budget (36^8 ≈ 2.8e12 placements per task). */
export const CLIENT_ORDER_ID_COUNTER_DIGITS = 8;
/** Binance's newClientOrderId pattern. Used only at build time and in tests, never per order. */
export const CLIENT_ORDER_ID_RE = /^[.A-Z:/a-z0-9_-]{1,36}$/;

/** Per-task code: account index in the roster and symbol index, base 36, dot-separated. */
export function taskCode(accountIndex: number, symbolIndex: number): string {
  return `${accountIndex.toString(36)}.${symbolIndex.toString(36)}.`;
}

/**
 * Deterministic client order ids for one task: `${prefix}${accountIdx36}.${symbolIdx36}.${counter36}`,
 * counter starting at 1. Unique across the fleet because (account index, symbol index) is unique
 * per task and the dot separators make the parts unambiguous.
 */
export class ClientOrderIds {
  private counter = 0;
  private readonly head: string;

  constructor(prefix: string, code: string) {
    this.head = prefix + code;
    if (this.head.length + CLIENT_ORDER_ID_COUNTER_DIGITS > CLIENT_ORDER_ID_MAX) {
      throw new Error(
        `clientOrderIdPrefix "${prefix}" is too long: "${this.head}" plus ${CLIENT_ORDER_ID_COUNTER_DIGITS} counter digits exceeds ${CLIENT_ORDER_ID_MAX} chars`,
      );
    }
    if (!CLIENT_ORDER_ID_RE.test(this.head)) {
      throw new Error(`clientOrderIdPrefix "${prefix}" has characters outside [.A-Z:/a-z0-9_-]`);
    }
  }

  /** Number of ids handed out so far. */
  get issued(): number {
    return this.counter;
  }

  next(): string {
    return this.head + (++this.counter).toString(36);
  }
}
