/**
 * Seeded synthetic bookTicker tape: geometric Brownian motion with drift and volatility, optional
 * Poisson jumps, Markov regime switching (calm/volatile), scheduled shocks, feed gaps, regular or
 * Poisson update times, mid snapped to the tick with a fixed spread in ticks.
 *
 * O(1) memory: state is the current log price, regime and a few cursors. All draws come from the
 * Rng passed in, in a fixed order, so the same seed gives the same ticks.
 *
 * Conventions:
 * - `drift_pct_per_day`: the median path changes by this many percent per day (log drift
 *   ln(1 + d/100) per day; no −σ²/2 term, so a zero-drift path has no median trend).
 * - `vol_pct_per_sqrt_day`: standard deviation of the log return over one day, in percent.
 * - Time offsets in shocks and gaps (`at_min`) are minutes after the scenario start.
 */
import { ConfigError } from '../config/config-error.js';
import { tickDecimals } from '../engine/decimal.js';
import type { Rng } from '../engine/ports.js';
import { emptyStats, PullSource, type TapeStats } from './tape-source.js';
import type { Tick } from './tick-source.js';

export interface SyntheticJumps {
  /** Expected jumps per day (Poisson). */
  rate_per_day: number;
  /** Mean jump size in percent (negative = crashes). */
  mean_pct: number;
  /** Standard deviation of the jump size in percent. */
  std_pct: number;
}

export interface SyntheticRegimes {
  /** Mean time in the calm regime (the top-level drift/vol) before switching, minutes. */
  calm_mean_duration_min: number;
  volatile: {
    drift_pct_per_day: number;
    vol_pct_per_sqrt_day: number;
    mean_duration_min: number;
    /** Spread in the volatile regime (defaults to the calm spread). */
    spread_ticks?: number;
  };
  /** Regime at the start (default calm). */
  start: 'calm' | 'volatile';
}

export interface SyntheticShock {
  /** Start, minutes after the scenario start. */
  at_min: number;
  /** Move in percent (−8 = an 8 % drop), reached linearly (in log price) over `over_min`. */
  move_pct: number;
  over_min: number;
  /** Share of the move given back afterwards, percent (50 = half recovered). Default 0. */
  recover_pct: number;
  /** Duration of the recovery, minutes. */
  recover_over_min: number;
}

export interface SyntheticGap {
  /** Start, minutes after the scenario start. */
  at_min: number;
  duration_min: number;
}

export interface SyntheticConfig {
  kind: 'synthetic';
  /** First mid. Default: per-symbol figure from the calibration tapes (BTC*, ETH*), else required. */
  start_price?: number;
  drift_pct_per_day: number;
  /** Default: per-symbol calibrated calm volatility (BTC*, ETH*), else 2. */
  vol_pct_per_sqrt_day?: number;
  /** Book updates per second. */
  rate_hz: number;
  /** `regular`: every 1/rate_hz s; `poisson`: exponential gaps with mean 1/rate_hz s. */
  arrivals: 'regular' | 'poisson';
  spread_ticks: number;
  /** Median best bid/ask quantity (lognormal around it). Default per symbol from the tapes. */
  qty_median?: number;
  jumps?: SyntheticJumps;
  regimes?: SyntheticRegimes;
  shocks: SyntheticShock[];
  gaps: SyntheticGap[];
}

/**
 * Calm-regime defaults, calibrated on the Binance USD-M tapes of 2024-07-18/19 (see
 * docs/market-data.md and bench/ticks-calibrate.mjs). Symbols are matched by base asset, so
 * BTCUSDC uses the BTCUSDT figures.
 */
export const CALIBRATED: Record<string, { start_price: number; vol_pct_per_sqrt_day: number; qty_median: number }> = {
  BTC: { start_price: 63950, vol_pct_per_sqrt_day: 1.9, qty_median: 10 },
  ETH: { start_price: 3425, vol_pct_per_sqrt_day: 2.1, qty_median: 64 },
};

/** Defaults for an unspecified synthetic key (volatility per symbol is filled in by `calibrationFor`). */
export const SYNTHETIC_DEFAULTS = {
  drift_pct_per_day: 0,
  vol_pct_per_sqrt_day: 2,
  rate_hz: 10,
  arrivals: 'regular' as const,
  spread_ticks: 1,
};

export function calibrationFor(symbol: string): (typeof CALIBRATED)[string] | undefined {
  const s = symbol.toUpperCase();
  for (const base of Object.keys(CALIBRATED)) if (s.startsWith(base)) return CALIBRATED[base];
  return undefined;
}

const DAY_MS = 86_400_000;
const MIN_MS = 60_000;

/** Decimal places of a tick size (0.1 → 1, 0.01 → 2, 1 → 0). */
export interface SyntheticContext {
  symbol: string;
  startMs: number;
  durationMs: number;
  tickSize: number;
  rng: Rng;
}

interface RegimeConsts {
  muPerMs: number;
  sigmaPerSqrtMs: number;
  spreadTicks: number;
  meanDurationMs: number;
}

export class SyntheticSource extends PullSource {
  private readonly rng: Rng;
  private readonly endMs: number;
  private readonly tick: number;
  private readonly pow10: number;
  private readonly intervalMs: number;
  private readonly poisson: boolean;
  private readonly regimes: [RegimeConsts, RegimeConsts];
  private readonly switching: boolean;
  private readonly jumpRatePerMs: number;
  private readonly jumpMean: number;
  private readonly jumpStd: number;
  private readonly shocks: { s: number; e1: number; e2: number; a: number; b: number }[];
  private readonly gaps: { s: number; e: number }[];
  private readonly qtyMedian: number;

  private t: number; // time of the next tick (float ms)
  private logP: number; // log mid before shocks
  private lastT: number;
  private regime = 0;
  private nextSwitch = Infinity;
  private gapIdx = 0;
  private spare = NaN; // cached second Box-Muller normal
  private updateId = 1;
  private readonly counters: TapeStats = emptyStats();

  constructor(cfg: SyntheticConfig, ctx: SyntheticContext) {
    super();
    const cal = calibrationFor(ctx.symbol);
    const startPrice = cfg.start_price ?? cal?.start_price;
    if (startPrice === undefined) {
      throw new ConfigError(
        '',
        'start_price',
        `synthetic price source for ${ctx.symbol} needs start_price (no calibrated default for this symbol)`,
      );
    }
    if (!(ctx.tickSize > 0)) throw new ConfigError('', 'tick_size', `tick size must be positive, got ${ctx.tickSize}`);
    this.rng = ctx.rng;
    this.tick = ctx.tickSize;
    this.pow10 = 10 ** tickDecimals(ctx.tickSize);
    this.endMs = ctx.startMs + ctx.durationMs;
    this.intervalMs = 1000 / cfg.rate_hz;
    this.poisson = cfg.arrivals === 'poisson';
    this.qtyMedian = cfg.qty_median ?? cal?.qty_median ?? 1;
    const consts = (drift: number, vol: number, spread: number, meanMin: number): RegimeConsts => ({
      muPerMs: Math.log(1 + drift / 100) / DAY_MS,
      sigmaPerSqrtMs: vol / 100 / Math.sqrt(DAY_MS),
      spreadTicks: spread,
      meanDurationMs: meanMin * MIN_MS,
    });
    const r = cfg.regimes;
    const calmVol = cfg.vol_pct_per_sqrt_day ?? cal?.vol_pct_per_sqrt_day ?? SYNTHETIC_DEFAULTS.vol_pct_per_sqrt_day;
    const calm = consts(cfg.drift_pct_per_day, calmVol, cfg.spread_ticks, r?.calm_mean_duration_min ?? Infinity);
    const vol = r
      ? consts(
          r.volatile.drift_pct_per_day,
          r.volatile.vol_pct_per_sqrt_day,
          r.volatile.spread_ticks ?? cfg.spread_ticks,
          r.volatile.mean_duration_min,
        )
      : calm;
    this.regimes = [calm, vol];
    this.switching = r !== undefined;
    this.jumpRatePerMs = cfg.jumps ? cfg.jumps.rate_per_day / DAY_MS : 0;
    this.jumpMean = cfg.jumps?.mean_pct ?? 0;
    this.jumpStd = cfg.jumps?.std_pct ?? 0;
    this.shocks = cfg.shocks.map((s) => {
      const sStart = ctx.startMs + s.at_min * MIN_MS;
      const e1 = sStart + s.over_min * MIN_MS;
      return {
        s: sStart,
        e1,
        e2: e1 + s.recover_over_min * MIN_MS,
        a: Math.log(1 + s.move_pct / 100),
        b: Math.log(1 + (s.move_pct * (1 - s.recover_pct / 100)) / 100),
      };
    });
    this.gaps = cfg.gaps
      .map((g) => ({ s: ctx.startMs + g.at_min * MIN_MS, e: ctx.startMs + (g.at_min + g.duration_min) * MIN_MS }))
      .sort((x, y) => x.s - y.s);
    this.t = ctx.startMs;
    this.lastT = ctx.startMs;
    this.logP = Math.log(startPrice);
    if (this.switching) {
      this.regime = r!.start === 'volatile' ? 1 : 0;
      this.nextSwitch = ctx.startMs + this.expDraw(this.regimes[this.regime]!.meanDurationMs);
    }
  }

  private expDraw(mean: number): number {
    if (!Number.isFinite(mean)) return Infinity;
    return -Math.log(1 - this.rng.next()) * mean;
  }

  private normal(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = NaN;
      return z;
    }
    let u = this.rng.next();
    if (u < 1e-300) u = 1e-300;
    const v = this.rng.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  private shockOffset(t: number): number {
    let off = 0;
    for (const s of this.shocks) {
      if (t <= s.s) continue;
      if (t < s.e1) off += (s.a * (t - s.s)) / (s.e1 - s.s);
      else if (t < s.e2) off += s.a + ((s.b - s.a) * (t - s.e1)) / (s.e2 - s.e1);
      else off += s.b;
    }
    return off;
  }

  private generate(): Tick | undefined {
    let t = this.t;
    // Skip feed gaps: the price keeps moving underneath (the step below spans the whole gap).
    while (this.gapIdx < this.gaps.length) {
      const g = this.gaps[this.gapIdx]!;
      if (t >= g.e) this.gapIdx++;
      else if (t >= g.s) {
        t = g.e;
        this.gapIdx++;
      } else break;
    }
    if (t >= this.endMs) return undefined;
    // Regime switches due before t (the step uses the regime at its end; switching is rare).
    while (t >= this.nextSwitch) {
      this.regime = 1 - this.regime;
      this.nextSwitch += this.expDraw(this.regimes[this.regime]!.meanDurationMs);
    }
    const reg = this.regimes[this.regime]!;
    const dt = t - this.lastT;
    if (dt > 0) {
      this.logP += reg.muPerMs * dt + reg.sigmaPerSqrtMs * Math.sqrt(dt) * this.normal();
      if (this.jumpRatePerMs > 0 && this.rng.next() < 1 - Math.exp(-this.jumpRatePerMs * dt)) {
        const pct = this.jumpMean + this.jumpStd * this.normal();
        this.logP += Math.log(Math.max(1e-6, 1 + pct / 100));
      }
    }
    this.lastT = t;
    const mid = Math.exp(this.logP + (this.shocks.length ? this.shockOffset(t) : 0));
    const spread = reg.spreadTicks;
    let bidTicks = Math.round(mid / this.tick - spread / 2);
    if (bidTicks < 1) bidTicks = 1;
    const p10 = this.pow10;
    const bid = Math.round(bidTicks * this.tick * p10) / p10;
    const ask = Math.round((bidTicks + spread) * this.tick * p10) / p10;
    const bidQty = Math.max(1, Math.round(this.qtyMedian * Math.exp(this.normal()) * 1000)) / 1000;
    const askQty = Math.max(1, Math.round(this.qtyMedian * Math.exp(this.normal()) * 1000)) / 1000;
    // Next arrival.
    this.t = t + (this.poisson ? -Math.log(1 - this.rng.next()) * this.intervalMs : this.intervalMs);
    this.counters.rowsRead++;
    return { t: Math.floor(t), bid, ask, bidQty, askQty, updateId: this.updateId++ };
  }

  protected pull(): Tick | undefined {
    return this.generate();
  }

  protected release(): void {
    // nothing to release: the generator holds no file
  }

  stats(): TapeStats {
    return { ...this.counters };
  }
}
