import { describe, expect, it } from 'vitest';
import { defaultStrategyConfig } from '../../src/engine/config.js';
import type { FleetDeps } from '../../src/engine/fleet-types.js';
import { buildFleet, runFleet } from '../../src/engine/fleet.js';
import { AnchorMakerLoop } from '../../src/engine/anchor.js';
import { LadderMakerLoop } from '../../src/engine/ladder.js';
import type { StrategyLoop } from '../../src/engine/loop.js';
import { TakerLoop } from '../../src/engine/taker.js';
import type { Rng } from '../../src/engine/ports.js';
import { DEFAULT_SYMBOLS, defaultRoster, parseAccountId, type AccountSpec } from '../../src/engine/roster.js';
import { SeededRng } from '../../src/engine/rng.js';
import { CLIENT_ORDER_ID_RE } from '../../src/engine/order-fields.js';
import { FakeExchange, FakeFeed, ManualClock, RecordingSink, RULES } from './helpers.js';

function fleetDeps(overrides: Partial<FleetDeps> = {}) {
  const exchanges = new Map<string, FakeExchange>();
  const feed = new FakeFeed();
  feed.set('BTCUSDT', 80_000);
  feed.set('ETHUSDT', 3_000);
  const splits: string[] = [];
  const root = new SeededRng('fleet');
  const rng: Rng = {
    next: () => root.next(),
    split: (name: string) => {
      splits.push(name);
      return root.split(name);
    },
  };
  const clock = new ManualClock();
  const sink = new RecordingSink();
  const deps: FleetDeps = {
    clock,
    feed,
    rng,
    events: sink,
    exchangeFor(id) {
      const ex = new FakeExchange(id);
      exchanges.set(id, ex);
      return ex;
    },
    symbols: DEFAULT_SYMBOLS,
    rules: RULES,
    config: defaultStrategyConfig(),
    clientOrderIdPrefix: 'rb-sim-',
    ...overrides,
  };
  return { deps, exchanges, splits, clock, sink, feed };
}

describe('buildFleet', () => {
  it('builds 30 accounts × 2 symbols = 60 named tasks in roster × symbol order', () => {
    const { deps, splits } = fleetDeps();
    const roster = defaultRoster();
    const { tasks, breakers } = buildFleet(roster, deps);
    expect(tasks).toHaveLength(60);
    expect(tasks[0]!.name).toBe('ladder[mm-l1-buy-05bps,BTC-PERP]');
    expect(tasks[1]!.name).toBe('ladder[mm-l1-buy-05bps,ETH-PERP]');
    expect(tasks[0]!.symbol).toBe('BTCUSDT');
    expect(tasks[1]!.symbol).toBe('ETHUSDT');
    expect(tasks.map((t) => t.name)).toContain('anchor[mm-anchor,ETH-PERP]');
    expect(tasks[59]!.name).toBe('taker[mm-taker-5,ETH-PERP]');
    expect(new Set(tasks.map((t) => t.name)).size).toBe(60);
    expect(tasks.filter((t) => t.role === 'ladder')).toHaveLength(48);
    expect(tasks.filter((t) => t.role === 'anchor')).toHaveLength(2);
    expect(tasks.filter((t) => t.role === 'taker')).toHaveLength(10);
    for (const t of tasks) {
      const cls = t.role === 'ladder' ? LadderMakerLoop : t.role === 'anchor' ? AnchorMakerLoop : TakerLoop;
      expect(t).toBeInstanceOf(cls);
    }
    expect(breakers.size).toBe(30);
    // every task got its own rng child keyed by its name
    expect(splits).toEqual(tasks.map((t) => t.name));
    const l = tasks[0] as LadderMakerLoop;
    expect(l.side).toBe('BUY');
    expect(l.offsetBps).toBe(5);
  });

  it('gives each account its own exchange and breaker, shared by its two symbol tasks', async () => {
    const { deps, exchanges } = fleetDeps();
    const { tasks, breakers } = buildFleet(defaultRoster(), deps);
    expect(exchanges.size).toBe(30);
    const byAccount = new Map<string, StrategyLoop[]>();
    for (const t of tasks as StrategyLoop[]) byAccount.set(t.accountId, [...(byAccount.get(t.accountId) ?? []), t]);
    for (const [id, ts] of byAccount) {
      expect(ts).toHaveLength(2);
      expect(ts[0]!.breaker).toBe(breakers.get(id));
      expect(ts[1]!.breaker).toBe(breakers.get(id));
      expect(breakers.get(id)!.accountId).toBe(id);
    }
    // calls of one account's tasks land on that account's exchange only
    const t0 = tasks[0] as StrategyLoop;
    await t0.iterateOnce();
    expect(exchanges.get('mm-l1-buy-05bps')!.calls.length).toBeGreaterThan(0);
    expect(exchanges.get('mm-l1-buy-08bps')!.calls).toHaveLength(0);
  });

  it('uses the layer quantity per symbol and fleet-unique, valid client order ids', async () => {
    const { deps, exchanges } = fleetDeps();
    const { tasks } = buildFleet(defaultRoster(), deps);
    for (const t of tasks as StrategyLoop[]) await t.iterateOnce();
    const ids = new Set<string>();
    let n = 0;
    for (const ex of exchanges.values()) {
      for (const o of ex.placed()) {
        expect(o.newClientOrderId).toMatch(CLIENT_ORDER_ID_RE);
        ids.add(o.newClientOrderId!);
        n++;
      }
    }
    expect(n).toBeGreaterThan(40);
    expect(ids.size).toBe(n);
    const l2 = exchanges.get('mm-l2-sell-15bps')!.placed();
    expect(l2.map((o) => `${o.symbol} ${o.quantity}`)).toEqual(['BTCUSDT 0.0010', 'ETHUSDT 0.020']);
    const anchor = exchanges.get('mm-anchor')!.placed();
    expect(anchor.map((o) => o.quantity)).toEqual(['0.0003', '0.0003', '0.006', '0.006']);
  });

  it('rejects duplicate accounts, missing rules and quantities below the step', () => {
    const dup = [parseAccountId('mm-taker-1') as AccountSpec, parseAccountId('mm-taker-1') as AccountSpec];
    expect(() => buildFleet(dup, fleetDeps().deps)).toThrow(/duplicate/);
    expect(() => buildFleet(defaultRoster(), fleetDeps({ rules: { BTCUSDT: RULES.BTCUSDT! } }).deps)).toThrow(/ETHUSDT/);
    const coarse = { ...RULES, BTCUSDT: { ...RULES.BTCUSDT!, stepSize: '0.001', minQty: '0.001' } };
    expect(() => buildFleet(defaultRoster(), fleetDeps({ rules: coarse }).deps)).toThrow(/snaps to 0.000/);
  });

  it('runFleet starts every task and resolves once all have returned after abort', async () => {
    const { deps, clock, exchanges } = fleetDeps();
    const { tasks } = buildFleet(defaultRoster(), deps);
    const ac = new AbortController();
    let done = false;
    const p = runFleet(tasks, ac.signal).then(() => (done = true));
    await clock.advance(31_000);
    // every account has talked to its exchange at least once (stagger < interval ≤ 30 s)
    for (const ex of exchanges.values()) expect(ex.calls.length).toBeGreaterThan(0);
    expect(done).toBe(false);
    ac.abort();
    await p;
    expect(done).toBe(true);
    expect(clock.pending).toBe(0);
  });
});
