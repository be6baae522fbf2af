/**
 * Seeded randomness. One root stream per run; every component takes its own child via
 * `split(name)`, derived from the root seed and the name only. So adding an account (a new name)
 * never shifts the draws of any other account's streams. Pure computation, no I/O.
 */
import seedrandom from 'seedrandom';
import type { Rng } from './ports.js';

export class SeededRng implements Rng {
  private readonly gen: () => number;
  constructor(private readonly seed: string) {
    // alea: fast, good statistical quality, and fully reproducible from a string seed.
    this.gen = seedrandom.alea(seed);
  }
  next(): number {
    return this.gen();
  }
  split(name: string): Rng {
    return new SeededRng(`${this.seed}/${name}`);
  }
}

/** Uniform in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}
