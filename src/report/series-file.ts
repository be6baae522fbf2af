/**
 * series.json: the pictures' data of a finished run (series.ts), plus the fill-distance histograms
 * coarsened to 1 bps buckets up to 200 bps (the last bucket holds everything above).
 */
import type { AccountSpec, Layer, SymbolSpec } from '../engine/roster.js';
import { LAYERS } from './counters.js';
import type { SeriesFile } from './series.js';
import type { RunStats } from './stats.js';

const WIDTH_BPS = 1;
const UP_TO_BPS = 200;

export function seriesFile(
  stats: RunStats,
  sc: { roster: AccountSpec[]; symbols: readonly { spec: SymbolSpec }[] },
): SeriesFile | undefined {
  const c = stats.collectors;
  if (!c) return undefined;
  const names = new Map(sc.symbols.map((s) => [s.spec.exchange, s.spec.name]));
  const name = (sym: string): string => names.get(sym) ?? sym;
  const out = c.series.toFile(
    stats.capUsdc,
    name,
    sc.roster.map((a) => [a.id, a.layer] as [string, Layer]),
    (acct, sym) => stats.pairs.get(acct)?.get(sym),
  );
  out.distance = { width_bps: WIDTH_BPS, up_to_bps: UP_TO_BPS, counts: {} };
  stats.symbols.forEach((sym, si) => {
    const per = {} as Record<Layer, number[]>;
    LAYERS.forEach((l, li) => {
      per[l] = c.distance[si]![li]!.coarse(WIDTH_BPS, UP_TO_BPS);
    });
    out.distance.counts[name(sym)] = per;
  });
  return out;
}
