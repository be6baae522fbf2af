/**
 * Tiered fees by trailing 30-day volume, the schedule users know from Binance's VIP levels.
 *
 * Rules:
 * - An account's 30-day volume at `now` = its start volume (what it traded before the run, given
 *   per role by the scenario) + the notional of its own fills (maker and taker alike) on the
 *   current UTC day and the 29 days before it.
 * - Its tier is the last one whose `min_volume_usdc` ≤ that volume; the tier gives the maker and
 *   taker rate. Tiers ascend; the first starts at 0.
 * - Memory: one bucket per account per UTC day, at most 30 kept.
 * Leaves out: Binance recomputes tiers once a day from a snapshot (here the volume counts at
 * once, so an account can climb a tier within the run's day), BNB discounts, and the balance
 * condition of the VIP tiers. Accounts outside the roster (outside liquidity) start at 0.
 */
import type { FeeModel, Liquidity } from './fees.js';

const DAY_MS = 86_400_000;
const WINDOW_DAYS = 30;

export interface Tier {
  min_volume_usdc: number;
  maker: number;
  taker: number;
}

interface Volume {
  /** UTC day numbers, ascending, and the notional of each. */
  days: number[];
  notional: number[];
}

export class TieredFees implements FeeModel {
  private readonly volumes = new Map<string, Volume>();

  constructor(
    private readonly tiers: readonly Tier[],
    /** What the account traded in the 30 days before the run. */
    private readonly startVolume: (account: string) => number,
  ) {
    if (tiers.length === 0 || tiers[0]!.min_volume_usdc !== 0) throw new Error('tiered fees: the first tier must start at 0');
  }

  /** The account's trailing 30-day volume at `now`, USDC. */
  volume(account: string, now: number): number {
    let v = this.startVolume(account);
    const vol = this.volumes.get(account);
    if (vol === undefined) return v;
    const first = Math.floor(now / DAY_MS) - (WINDOW_DAYS - 1);
    for (let i = vol.days.length - 1; i >= 0 && vol.days[i]! >= first; i--) v += vol.notional[i]!;
    return v;
  }

  rate(account: string, liquidity: Liquidity, now: number): number {
    const v = this.volume(account, now);
    let tier = this.tiers[0]!;
    for (const t of this.tiers) if (t.min_volume_usdc <= v) tier = t;
    return liquidity === 'maker' ? tier.maker : tier.taker;
  }

  onFill(account: string, notional: number, now: number): void {
    const day = Math.floor(now / DAY_MS);
    let vol = this.volumes.get(account);
    if (vol === undefined) this.volumes.set(account, (vol = { days: [], notional: [] }));
    const n = vol.days.length;
    if (n > 0 && vol.days[n - 1] === day) vol.notional[n - 1]! += notional;
    else {
      vol.days.push(day);
      vol.notional.push(notional);
      if (vol.days.length > WINDOW_DAYS) {
        vol.days.shift();
        vol.notional.shift();
      }
    }
  }
}
