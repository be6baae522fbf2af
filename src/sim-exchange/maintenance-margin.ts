/**
 * Maintenance margin by Binance's notional brackets (the `leverageBracket` tables), for BTC and ETH
 * perpetuals.
 *
 * Rule: a position of notional N = |amount| × mark in a symbol needs maintenance margin
 * N × maintMarginRatio − cum of the bracket with notionalFloor ≤ N < notionalCap (the last bracket
 * beyond it). `cum` is Binance's "maintenance amount": cum₁ = 0 and
 * cumₙ = cumₙ₋₁ + floorₙ × (mmrₙ − mmrₙ₋₁), which makes the margin continuous across brackets; it
 * is computed here from the floors and ratios, so the table cannot disagree with itself.
 *
 * The tables are Binance's published USD-M brackets for BTCUSDT and ETHUSDT (the 2022–2023 tables;
 * Binance revises them from time to time, and the fleet's positions of ≤ 150 USDC only ever touch
 * the first bracket: 0.4 % for BTC, 0.5 % for ETH). A symbol is matched by its base asset (BTCUSDT,
 * BTCUSDC, ... → BTC); other bases use the BTC table (say so where it matters: docs/assumptions.md).
 */

export interface Bracket {
  bracket: number;
  initialLeverage: number;
  notionalCap: number;
  notionalFloor: number;
  maintMarginRatio: number;
  cum: number;
}

/** The margin a position needs to stay open, by symbol and notional (USDC, ≥ 0). */
export interface MaintenanceModel {
  margin(symbol: string, notional: number): number;
  brackets(symbol: string): readonly Bracket[];
}

type Row = [cap: number, initialLeverage: number, mmr: number];

/** [notionalCap, initialLeverage, maintMarginRatio]; floors are the previous caps. */
const BTC: Row[] = [
  [50_000, 125, 0.004],
  [250_000, 100, 0.005],
  [3_000_000, 50, 0.01],
  [20_000_000, 20, 0.025],
  [40_000_000, 10, 0.05],
  [100_000_000, 5, 0.1],
  [120_000_000, 4, 0.125],
  [200_000_000, 3, 0.15],
  [300_000_000, 2, 0.25],
  [500_000_000, 1, 0.5],
];

const ETH: Row[] = [
  [10_000, 100, 0.005],
  [100_000, 75, 0.0065],
  [500_000, 50, 0.01],
  [1_000_000, 25, 0.02],
  [2_000_000, 10, 0.05],
  [5_000_000, 5, 0.1],
  [10_000_000, 4, 0.125],
  [20_000_000, 3, 0.15],
  [50_000_000, 2, 0.25],
  [100_000_000, 1, 0.5],
];

function table(rows: Row[]): Bracket[] {
  const out: Bracket[] = [];
  let floor = 0;
  let cum = 0;
  let prevMmr = 0;
  rows.forEach(([cap, lev, mmr], i) => {
    cum += floor * (mmr - prevMmr);
    out.push({
      bracket: i + 1,
      initialLeverage: lev,
      notionalCap: cap,
      notionalFloor: floor,
      maintMarginRatio: mmr,
      cum: Math.round(cum * 100) / 100,
    });
    floor = cap;
    prevMmr = mmr;
  });
  return out;
}

export const BINANCE_BRACKETS: Readonly<Record<'BTC' | 'ETH', readonly Bracket[]>> = { BTC: table(BTC), ETH: table(ETH) };

const QUOTE_SUFFIXES = ['USDT', 'USDC', 'BUSD', 'FDUSD', 'USD'];

/** The base asset of a symbol name (BTCUSDT → BTC). */
export function baseAssetOf(symbol: string): string {
  const q = QUOTE_SUFFIXES.find((x) => symbol.endsWith(x) && symbol.length > x.length);
  return q === undefined ? symbol : symbol.slice(0, -q.length);
}

export function bracketsFor(symbol: string): readonly Bracket[] {
  return baseAssetOf(symbol) === 'ETH' ? BINANCE_BRACKETS.ETH : BINANCE_BRACKETS.BTC;
}

/** The bracket a notional falls in (the last one beyond the table). */
export function bracketOf(brackets: readonly Bracket[], notional: number): Bracket {
  for (const b of brackets) if (notional < b.notionalCap) return b;
  return brackets[brackets.length - 1]!;
}

export class BracketMaintenance implements MaintenanceModel {
  margin(symbol: string, notional: number): number {
    if (!(notional > 0)) return 0;
    const b = bracketOf(bracketsFor(symbol), notional);
    return Math.max(0, notional * b.maintMarginRatio - b.cum);
  }

  brackets(symbol: string): readonly Bracket[] {
    return bracketsFor(symbol);
  }
}
