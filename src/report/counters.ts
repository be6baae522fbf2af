/** The counter shapes the collectors share (per layer, per account × symbol), and the fixed orders (layers, roles) reports use. */
import type { Layer, Role } from '../engine/roster.js';

export const LAYERS: readonly Layer[] = ['anchor', 'L1', 'L2', 'L3', 'taker'];
export const MAKER_LAYERS = ['anchor', 'L1', 'L2', 'L3'] as const;
export const ROLES: readonly Role[] = ['ladder', 'anchor', 'taker'];
export const LAYER_INDEX: ReadonlyMap<Layer, number> = new Map(LAYERS.map((l, i) => [l, i]));

/** Fills of one layer: every account side of a trade counts once, as maker or as taker. */
export interface LayerCounter {
  fills: number;
  maker_fills: number;
  taker_fills: number;
  qty: number;
  notional: number;
}

export const newLayerCounter = (): LayerCounter => ({ fills: 0, maker_fills: 0, taker_fills: 0, qty: 0, notional: 0 });

export function countSide(c: LayerCounter, maker: boolean, qty: number, notional: number): void {
  c.fills++;
  if (maker) c.maker_fills++;
  else c.taker_fills++;
  c.qty += qty;
  c.notional += notional;
}

/** Run totals of one account × symbol. */
export interface PairCounter {
  fills: number;
  orders_placed: number;
  gate_skips: number;
  gate_cancels: number;
  breaker_skips: number;
  stale_skips: number;
  iteration_errors: number;
  rejections: Map<number, number>;
  max_abs_notional: number;
  /** Highest (|position| − one own order) × price seen: above the cap means beyond "cap + one order". */
  max_excess_over_one_order: number;
  samples: number;
  samples_gated: number;
  /** Time of the first sample at which the gate would have refused the next order (undefined: never). */
  first_gated_ms: number | undefined;
  /** Samples from the first gated one on (for "gated since then"). */
  samples_since_first_gated: number;
  last_fill_ms: number | undefined;
}

export function newPair(): PairCounter {
  return {
    fills: 0,
    orders_placed: 0,
    gate_skips: 0,
    gate_cancels: 0,
    breaker_skips: 0,
    stale_skips: 0,
    iteration_errors: 0,
    rejections: new Map(),
    max_abs_notional: 0,
    max_excess_over_one_order: 0,
    samples: 0,
    samples_gated: 0,
    first_gated_ms: undefined,
    samples_since_first_gated: 0,
    last_fill_ms: undefined,
  };
}
