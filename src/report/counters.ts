/** The counter shapes every collector shares, and the fixed orders (layers, roles) reports use. */
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
