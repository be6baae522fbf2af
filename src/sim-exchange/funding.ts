/**
 * Funding-rate models: the rate a perpetual's settlement charges (perp-venue.ts books it).
 *
 * Rule of the interface: `rate(symbol, t)` is the rate of the settlement at time t (a multiple of
 * the interval since 00:00 UTC); `sample(symbol, premium, t)` hands the model one premium
 * observation between settlements (only the premium model uses them); `lastRate(symbol)` is the
 * latest settled rate (premiumIndex's lastFundingRate), `nextRate(symbol)` what the next
 * settlement would charge if it were now. Models, chosen per scenario (`exchange.funding`):
 *   constant  the same rate at every settlement;
 *   file      the rate of the file's latest row at or before the settlement (0 before its first row);
 *   premium   Binance's formula over the interval: P = the mean of the sampled premiums, the rate is
 *             P + clamp(interest − P, ±clamp), bounded by ±cap. The premium sampled is the venue's
 *             own price against the tape's: (venue book mid − tape mid) / tape mid, the tape
 *             standing for the index (a sample is skipped while the book lacks a side); no samples
 *             in an interval ⇒ P = 0, the rate is the interest rate.
 */

export interface FundingRow {
  t: number;
  rate: number;
}

export type FundingSpec =
  | { model: 'constant'; rate: number; interval: number }
  | { model: 'file'; file: string; interval: number; rows: FundingRow[] }
  | { model: 'premium'; interval: number; sample_every: number; interest_rate: number; clamp: number; cap: number };

export interface FundingModel {
  readonly interval: number;
  /** Premium sampling period (ms), or 0 for models that take no samples. */
  readonly sampleEvery: number;
  rate(symbol: string, t: number): number;
  sample(symbol: string, premium: number, t: number): void;
  lastRate(symbol: string): number;
  nextRate(symbol: string, t: number): number;
}

/** The first settlement strictly after `t`: multiples of the interval since the epoch (00:00 UTC). */
export function nextSettlement(t: number, interval: number): number {
  return (Math.floor(t / interval) + 1) * interval;
}

abstract class Base implements FundingModel {
  readonly sampleEvery: number = 0;
  protected readonly last = new Map<string, number>();
  constructor(readonly interval: number) {}
  abstract nextRate(symbol: string, t: number): number;
  rate(symbol: string, t: number): number {
    const r = this.nextRate(symbol, t);
    this.settled(symbol);
    this.last.set(symbol, r);
    return r;
  }
  protected settled(_symbol: string): void {}
  sample(_symbol: string, _premium: number, _t: number): void {}
  lastRate(symbol: string): number {
    return this.last.get(symbol) ?? 0;
  }
}

export class ConstantFunding extends Base {
  constructor(
    private readonly r: number,
    interval: number,
  ) {
    super(interval);
  }
  nextRate(): number {
    return this.r;
  }
}

export class FileFunding extends Base {
  constructor(
    private readonly rows: readonly FundingRow[],
    interval: number,
  ) {
    super(interval);
  }
  nextRate(_symbol: string, t: number): number {
    let lo = 0;
    let hi = this.rows.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.rows[mid]!.t <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? 0 : this.rows[found]!.rate;
  }
}

export class PremiumFunding extends Base {
  override readonly sampleEvery: number;
  private readonly sums = new Map<string, { sum: number; n: number }>();
  constructor(private readonly spec: Extract<FundingSpec, { model: 'premium' }>) {
    super(spec.interval);
    this.sampleEvery = spec.sample_every;
  }
  override sample(symbol: string, premium: number): void {
    if (!Number.isFinite(premium)) return;
    const s = this.sums.get(symbol) ?? this.sums.set(symbol, { sum: 0, n: 0 }).get(symbol)!;
    s.sum += premium;
    s.n++;
  }
  nextRate(symbol: string): number {
    const s = this.sums.get(symbol);
    const p = s && s.n > 0 ? s.sum / s.n : 0;
    const c = this.spec.clamp;
    const r = p + Math.min(c, Math.max(-c, this.spec.interest_rate - p));
    return Math.min(this.spec.cap, Math.max(-this.spec.cap, r));
  }
  protected override settled(symbol: string): void {
    this.sums.delete(symbol);
  }
}

export function fundingModelOf(spec: FundingSpec): FundingModel {
  switch (spec.model) {
    case 'constant':
      return new ConstantFunding(spec.rate, spec.interval);
    case 'file':
      return new FileFunding(spec.rows, spec.interval);
    case 'premium':
      return new PremiumFunding(spec);
  }
}
