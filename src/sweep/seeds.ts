/**
 * Seed lists: `1..200`, `7`, `1,5,9`, `1..10,20..30`. The result is sorted and free of duplicates,
 * so however a range is spelt, the same seeds give the same sweep (and the same sweep.json).
 */
import { ConfigError } from '../config/config-error.js';

/** Most runs one sweep may plan; beyond this a typo (1..1e9) is far likelier than intent. */
export const MAX_SEEDS = 1_000_000;

export function parseSeeds(text: string, flag = '--seeds'): number[] {
  const seen = new Set<number>();
  const bad = (problem: string): never => {
    throw new ConfigError('', flag, `${problem}; expected seeds such as 1..200, 7 or 1,5,9`);
  };
  const int = (s: string): number => {
    if (!/^\d+$/.test(s)) bad(`"${s}" is not a whole number ≥ 0`);
    const n = Number(s);
    if (!Number.isSafeInteger(n)) bad(`${s} is beyond the safe integer range`);
    return n;
  };
  if (text.trim() === '') bad('empty');
  for (const part of text.split(',')) {
    const p = part.trim();
    const m = /^(\S+?)\.\.(\S+)$/.exec(p);
    const [lo, hi] = m ? [int(m[1]!), int(m[2]!)] : [int(p), int(p)];
    if (hi < lo) bad(`range ${p} runs backwards`);
    if (hi - lo + 1 + seen.size > MAX_SEEDS) bad(`more than ${MAX_SEEDS} seeds`);
    for (let s = lo; s <= hi; s++) seen.add(s);
  }
  return [...seen].sort((a, b) => a - b);
}

/** The canonical spelling of a sorted seed list: consecutive runs collapse to `a..b`. */
export function formatSeeds(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length; ) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j]! + 1) j++;
    parts.push(j > i ? `${seeds[i]}..${seeds[j]}` : String(seeds[i]));
    i = j + 1;
  }
  return parts.join(',');
}
