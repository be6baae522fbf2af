/**
 * `serve`'s world: the simulated world `sim` runs (world/build-world.ts: same tapes from the same
 * seeded streams, same funded venue, faults, stats and report) on the server clock, with the keys
 * file's accounts, plus what only a server keeps: API keys, the log of accepted placements (the
 * tests' oracle for "no duplicate orders", bounded), leverage as set per account and symbol, listen keys,
 * the venue's history and depth (venue-feed.ts, the venue's listener), per-IP limiters for public routes, transport counters and the websocket's
 * views of the tapes.
 *
 * Seeded streams of its own hang off the world's root as `serve/...` (faults, listen keys).
 */
import { tickDecimals } from '../engine/decimal.js';
import type { AccountSpec } from '../engine/roster.js';
import type { KeysFile } from '../config/keys.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Fill } from '../sim-exchange/exchange-core.js';
import { RateLimiter, type RateLimits } from '../sim-exchange/rate-limits.js';
import { buildWorld, type World } from '../world/build-world.js';
import type { PositionView } from './account-shapes.js';
import type { ServerClock } from './clock.js';
import { RequestFaults, type ServeFaults } from './serve-faults.js';
import { TapeSymbol } from './tape-symbol.js';
import { nextSettlement } from '../sim-exchange/funding.js';
import { DepthStreams } from './depth-stream.js';
import { ListenKeys } from './listen-keys.js';
import { VenueFeed } from './venue-feed.js';
import { VenueHistory } from './venue-history.js';

/** One accepted placement (the test oracle for "no duplicate orders"). */
export interface Placement {
  account: string;
  symbol: string;
  clientOrderId: string;
  orderId: number;
  t: number;
  /** 'ok' or the fault that answered it ('5xx_after_apply'). */
  answered: 'ok' | '5xx_after_apply';
}

/** Accepted placements kept by default (a day of the fleet at full quoting is about 2 million). */
export const DEFAULT_PLACEMENT_LIMIT = 100_000;

export interface Counters {
  requests: number;
  errors4xx: number;
  fault5xx: number;
  fault5xxAfterApply: number;
  faultTimeouts: number;
  internalErrors: number;
  wsDrops: number;
}

export class PaperWorld {
  readonly world: World;
  readonly accounts: AccountSpec[];
  readonly byKey: Map<string, { id: string; secret: string }>;
  /** The websocket's view of each symbol's tape. */
  readonly tapes = new Map<string, TapeSymbol>();
  /** The latest accepted placements, at most `placementLimit` (oldest dropped first: see notePlacement). */
  readonly placements: Placement[] = [];
  /** Placements dropped from the front of `placements` so far. */
  placementsDropped = 0;
  readonly placementLimit: number;
  readonly requestFaults: RequestFaults;
  readonly counters: Counters = {
    requests: 0,
    errors4xx: 0,
    fault5xx: 0,
    fault5xxAfterApply: 0,
    faultTimeouts: 0,
    internalErrors: 0,
    wsDrops: 0,
  };
  /** The user-data stream's listen keys (60 min validity on the server clock). */
  readonly listenKeys: ListenKeys;
  /** Fills, orders, income and public trades since the server started (bounded). */
  readonly history = new VenueHistory();
  /** The venue's own depth with update ids (REST depth, depth streams). */
  readonly depth: DepthStreams;
  /** The venue's listener: user-data events, history, trades, depth ids. */
  readonly feed: VenueFeed;
  /** Told when a listen key is closed by DELETE (the hub closes its connections). */
  onKeyClosed: ((key: string) => void) | undefined;
  private readonly leverage = new Map<string, number>();
  private readonly ipLimiters = new Map<string, RateLimiter>();
  private readonly limits: RateLimits;

  constructor(
    readonly scenario: Scenario,
    keys: KeysFile,
    readonly clock: ServerClock,
    readonly faults: ServeFaults,
    opts: { onFill?: ((f: Fill) => void) | undefined; placementLimit?: number | undefined } = {},
  ) {
    this.accounts = keys.accounts.map((a) => a.spec);
    this.byKey = new Map(keys.accounts.map((a) => [a.key, { id: a.id, secret: a.secret }] as const));
    this.placementLimit = opts.placementLimit ?? DEFAULT_PLACEMENT_LIMIT;
    // The venue is built with the feed as its listener; the feed gets the venue after the build.
    this.feed = new VenueFeed(this.history, scenario.exchange.settlement_asset, (s) => this.world.mark(s));
    this.world = buildWorld(scenario, clock, {
      listener: this.feed,
      accounts: this.accounts,
      startMs: clock.originMs,
      faults,
      holdAfterTape: true,
      ...(opts.onFill ? { onFill: opts.onFill } : {}),
    });
    this.depth = new DepthStreams(this.world.core, this.world.symbols);
    this.listenKeys = new ListenKeys(this.world.rng.split('serve/listenKey'));
    this.feed.attach(this.world.core, this.listenKeys, this.depth);
    for (const s of scenario.symbols) {
      const sym = s.spec.exchange;
      this.tapes.set(sym, new TapeSymbol(this.world.tapes.get(sym)!, tickDecimals(Number(s.rules.tickSize)), this.world.faults));
    }
    this.requestFaults = new RequestFaults(faults, this.world.faults, clock.originMs, this.world.rng.split('serve/faults'));
    const l = scenario.exchange.limits;
    this.limits = { weightPerMinute: l.weight_per_minute, ordersPer10s: l.orders_per_10s, ordersPerMinute: l.orders_per_minute };
  }

  get core(): World['core'] {
    return this.world.core;
  }

  get symbols(): string[] {
    return this.world.symbols;
  }

  /** Price decimals of a symbol (its tick size's). */
  decimals(sym: string): number {
    return this.tapes.get(sym)!.decimals;
  }

  leverageOf(acct: string, sym: string): number {
    return this.leverage.get(`${acct}/${sym}`) ?? this.scenario.strategy.risk.leverage;
  }

  noteLeverage(acct: string, sym: string, leverage: number): void {
    this.leverage.set(`${acct}/${sym}`, leverage);
  }

  /**
   * Log an accepted placement. The list is bounded: once it holds twice the limit, the oldest
   * half is dropped in one splice (amortised O(1) per placement), so it never holds more than
   * 2 × limit and always the latest `limit` or more; the last element is always the newest.
   */
  notePlacement(p: Placement): void {
    this.placements.push(p);
    if (this.placements.length >= 2 * this.placementLimit) {
      const drop = this.placements.length - this.placementLimit;
      this.placements.splice(0, drop);
      this.placementsDropped += drop;
    }
  }

  /** The funding model's latest rate and next settlement of a symbol (undefined without `exchange.funding`). */
  fundingNow(sym: string, now: number): { lastRate: number; nextTime: number } | undefined {
    const f = this.world.perp?.funding;
    return f === undefined ? undefined : { lastRate: f.lastRate(sym), nextTime: nextSettlement(now, f.interval) };
  }

  /** The public routes' weight window of one IP (the scenario's limits). */
  ipLimiter(ip: string): RateLimiter {
    let l = this.ipLimiters.get(ip);
    if (!l) this.ipLimiters.set(ip, (l = new RateLimiter(this.limits)));
    return l;
  }

  /** True for an account × symbol the stats count (accounts outside the keys file are not). */
  pairKnown(acct: string, sym: string): boolean {
    return this.world.stats.pairs.get(acct)?.has(sym) === true;
  }

  positionsOf(acct: string): PositionView[] {
    return this.symbols.map((sym) => {
      const p = this.core.positionOf(acct, sym);
      const step = this.world.rules[sym]!.stepSize;
      const dec = step.includes('.') ? step.split('.')[1]!.length : 0;
      return {
        symbol: sym,
        amt: p.amt,
        amtStr: p.amt.toFixed(dec),
        entryPrice: p.entryPrice,
        mark: this.world.mark(sym),
        leverage: this.leverageOf(acct, sym),
        openOrders: this.core.openOrderCount(acct, sym),
        updateTime: 0,
      };
    });
  }

  /** Open orders of one account (or all accounts) across all symbols. */
  openOrderCount(account?: string): number {
    let n = 0;
    for (const a of account === undefined ? this.accounts : this.accounts.filter((x) => x.id === account)) {
      for (const s of this.symbols) n += this.core.openOrderCount(a.id, s);
    }
    return n;
  }
}
