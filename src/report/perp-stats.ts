/**
 * Funding and liquidations of a run, counted per role, and their report sections (docs/report.md
 * `funding`, `liquidations`; present only in runs whose scenario enables them, so every other
 * report keeps its bytes).
 *
 * Rules: a funding payment is counted as paid (< 0) or received (> 0) by the role of its account;
 * accounts outside the fleet (outside quotes, external flow, the insurance fund) are summed in
 * `outside_net_usdc`, so paid and received over everyone net to zero. Each liquidation is one
 * position closed by the liquidation engine; `events` lists the first 50 in time order (memory stays
 * bounded on any run length), `count` all of them.
 */
import type { AccountSpec, Role } from '../engine/roster.js';
import { ROLES } from './counters.js';
import { r2, r8 } from './report-time.js';

export interface LiquidationSeen {
  t: number;
  account: string;
  symbol: string;
  side: string;
  qty: number;
  price: number;
  fee: number;
  insuranceCovered: number;
}

export interface FundingReport {
  settlements: number;
  by_role: Record<string, { paid_usdc: number; received_usdc: number; net_usdc: number }>;
  outside_net_usdc: number;
  /** Per symbol (fleet names): the rates settled. */
  rates: Record<string, { settlements: number; first: number | null; last: number | null; mean: number | null }>;
}

export interface LiquidationsReport {
  count: number;
  by_role: Record<string, { count: number; notional_usdc: number; fees_usdc: number; insurance_usdc: number }>;
  events: Array<{ t_s: number; account: string; symbol: string; side: string; qty: number; price: number; fee_usdc: number }>;
}

/** The report's sections of this file: funding paid/received per role, the liquidations. */
export interface PerpSections {
  funding?: FundingReport;
  liquidations?: LiquidationsReport;
}

const MAX_EVENTS = 50;

export class PerpStats {
  private readonly roleOf: Map<string, Role>;
  private readonly funding = ROLES.map(() => ({ paid: 0, received: 0 }));
  private outsideFunding = 0;
  private settlements = 0;
  private readonly rates = new Map<string, { n: number; first: number; last: number; sum: number }>();
  private readonly liq = ROLES.map(() => ({ count: 0, notional: 0, fees: 0, insurance: 0 }));
  private liqCount = 0;
  private readonly events: LiquidationSeen[] = [];

  constructor(
    roster: readonly AccountSpec[],
    readonly fundingOn: boolean,
    readonly liquidationOn: boolean,
  ) {
    this.roleOf = new Map(roster.map((a) => [a.id, a.role]));
  }

  /** One symbol's settlement: its rate and the payments it made. */
  onSettlement(symbol: string, rate: number, payments: ReadonlyArray<{ account: string; amount: number }>): void {
    this.settlements++;
    const r = this.rates.get(symbol);
    if (r === undefined) this.rates.set(symbol, { n: 1, first: rate, last: rate, sum: rate });
    else {
      r.n++;
      r.last = rate;
      r.sum += rate;
    }
    for (const p of payments) {
      const role = this.roleOf.get(p.account);
      if (role === undefined) {
        this.outsideFunding += p.amount;
        continue;
      }
      const f = this.funding[ROLES.indexOf(role)]!;
      if (p.amount < 0) f.paid += -p.amount;
      else f.received += p.amount;
    }
  }

  onLiquidation(l: LiquidationSeen): void {
    this.liqCount++;
    const role = this.roleOf.get(l.account);
    if (role !== undefined) {
      const c = this.liq[ROLES.indexOf(role)]!;
      c.count++;
      c.notional += l.qty * l.price;
      c.fees += l.fee;
      c.insurance += l.insuranceCovered;
    }
    if (this.events.length < MAX_EVENTS) this.events.push(l);
  }

  fundingReport(names: ReadonlyMap<string, string>, roles: ReadonlySet<Role>): FundingReport {
    const by: FundingReport['by_role'] = {};
    ROLES.forEach((role, i) => {
      if (!roles.has(role)) return;
      const f = this.funding[i]!;
      by[role] = { paid_usdc: r2(f.paid), received_usdc: r2(f.received), net_usdc: r2(f.received - f.paid) };
    });
    const rates: FundingReport['rates'] = {};
    for (const [sym, name] of names) {
      const r = this.rates.get(sym);
      rates[name] = r
        ? { settlements: r.n, first: r8(r.first), last: r8(r.last), mean: r8(r.sum / r.n) }
        : { settlements: 0, first: null, last: null, mean: null };
    }
    return { settlements: this.settlements, by_role: by, outside_net_usdc: r2(this.outsideFunding), rates };
  }

  liquidationsReport(names: ReadonlyMap<string, string>, roles: ReadonlySet<Role>, startMs: number): LiquidationsReport {
    const by: LiquidationsReport['by_role'] = {};
    ROLES.forEach((role, i) => {
      if (!roles.has(role)) return;
      const c = this.liq[i]!;
      by[role] = { count: c.count, notional_usdc: r2(c.notional), fees_usdc: r2(c.fees), insurance_usdc: r2(c.insurance) };
    });
    return {
      count: this.liqCount,
      by_role: by,
      events: this.events.map((e) => ({
        t_s: Math.round((e.t - startMs) / 1000),
        account: e.account,
        symbol: names.get(e.symbol) ?? e.symbol,
        side: e.side,
        qty: r8(e.qty),
        price: r8(e.price),
        fee_usdc: r2(e.fee),
      })),
    };
  }
}

/** The funding and liquidations sections, each only when its model is on (none without `perp`). */
export function perpSections(
  p: PerpStats | undefined,
  symbols: readonly { spec: { exchange: string; name: string } }[],
  roster: readonly AccountSpec[],
  startMs: number,
): PerpSections {
  if (p === undefined) return {};
  const names = new Map(symbols.map((s) => [s.spec.exchange, s.spec.name] as const));
  const roles = new Set(roster.map((a) => a.role));
  return {
    ...(p.fundingOn ? { funding: p.fundingReport(names, roles) } : {}),
    ...(p.liquidationOn ? { liquidations: p.liquidationsReport(names, roles, startMs) } : {}),
  };
}
