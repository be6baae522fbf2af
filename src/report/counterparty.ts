/**
 * Who trades with whom: per symbol, a maker-layer × taker-layer matrix of fills, quantity and
 * notional over the run. "external" stands for accounts outside the fleet (external flow). Each
 * trade is counted once, in the cell of its maker's and its taker's layers.
 */
import type { Layer } from '../engine/roster.js';

export type Party = Layer | 'external';
export const PARTIES: readonly Party[] = ['anchor', 'L1', 'L2', 'L3', 'taker', 'external'];
const INDEX = new Map(PARTIES.map((p, i) => [p, i]));

export interface Cell {
  fills: number;
  qty: number;
  notional: number;
}

export class CounterpartyMatrix {
  /** [maker][taker], PARTIES order. */
  readonly cells: Cell[][] = PARTIES.map(() => PARTIES.map(() => ({ fills: 0, qty: 0, notional: 0 })));

  add(maker: Party, taker: Party, qty: number, notional: number): void {
    const c = this.cells[INDEX.get(maker)!]![INDEX.get(taker)!]!;
    c.fills++;
    c.qty += qty;
    c.notional += notional;
  }

  cell(maker: Party, taker: Party): Cell {
    return this.cells[INDEX.get(maker)!]![INDEX.get(taker)!]!;
  }

  /** Fills with an outside party on either side. */
  externalFills(): number {
    let n = 0;
    for (const p of PARTIES) {
      n += this.cell('external', p).fills;
      if (p !== 'external') n += this.cell(p, 'external').fills;
    }
    return n;
  }
}
