/**
 * The fleet roster (design.md §2): account ids parse into role, layer, side and offset. The roster is
 * data; the default is 24 ladders + 1 anchor + 5 takers.
 */
import type { Side } from './types.js';

export type Role = 'ladder' | 'anchor' | 'taker';
export type Layer = 'L1' | 'L2' | 'L3' | 'anchor' | 'taker';

export interface AccountSpec {
  id: string;
  role: Role;
  layer: Layer;
  /** Ladders only. */
  side?: Side;
  /** Ladders only: distance from mid in bps. */
  offsetBps?: number;
}

/** A symbol the fleet trades: the spec's name, the exchange symbol, and the Binance feed stream. */
export interface SymbolSpec {
  name: string;
  exchange: string;
  stream: string;
}

export const DEFAULT_SYMBOLS: SymbolSpec[] = [
  { name: 'BTC-PERP', exchange: 'BTCUSDT', stream: 'btcusdt@bookTicker' },
  { name: 'ETH-PERP', exchange: 'ETHUSDT', stream: 'ethusdt@bookTicker' },
];

const LADDER_RE = /^mm-l([123])-(buy|sell)-(\d{2,})bps$/;
const TAKER_RE = /^mm-taker-(\d+)$/;

/** Parse an account id into its spec, or return an error string saying what was expected. */
export function parseAccountId(id: string): AccountSpec | string {
  const m = LADDER_RE.exec(id);
  if (m) {
    return {
      id,
      role: 'ladder',
      layer: `L${m[1]}` as Layer,
      side: m[2] === 'buy' ? 'BUY' : 'SELL',
      offsetBps: Number(m[3]),
    };
  }
  if (id === 'mm-anchor') return { id, role: 'anchor', layer: 'anchor' };
  if (TAKER_RE.test(id)) return { id, role: 'taker', layer: 'taker' };
  return `account id "${id}" is not one of mm-l{1,2,3}-{buy,sell}-NNbps, mm-anchor, mm-taker-N`;
}

export const DEFAULT_LADDER_OFFSETS: Record<'L1' | 'L2' | 'L3', number[]> = {
  L1: [5, 8, 10, 12],
  L2: [15, 20, 25, 30],
  L3: [50, 65, 80, 100],
};

export function ladderId(layer: 'L1' | 'L2' | 'L3', side: Side, offsetBps: number): string {
  return `mm-${layer.toLowerCase()}-${side === 'BUY' ? 'buy' : 'sell'}-${String(offsetBps).padStart(2, '0')}bps`;
}

/** The default 30-account roster, in a fixed order: ladders (layer, side, offset), anchor, takers. */
export function defaultRoster(takers = 5): AccountSpec[] {
  const ids: string[] = [];
  for (const layer of ['L1', 'L2', 'L3'] as const) {
    for (const side of ['BUY', 'SELL'] as const) {
      for (const off of DEFAULT_LADDER_OFFSETS[layer]) ids.push(ladderId(layer, side, off));
    }
  }
  ids.push('mm-anchor');
  for (let i = 1; i <= takers; i++) ids.push(`mm-taker-${i}`);
  return ids.map((id) => parseAccountId(id) as AccountSpec);
}
