import { describe, expect, it } from 'vitest';
import { defaultStrategyConfig, type LoopTiming } from '../../src/engine/config.js';
import { ExchangeError } from '../../src/engine/errors.js';
import { LadderMakerLoop } from '../../src/engine/ladder.js';
import { StrategyLoop, type LoopDeps } from '../../src/engine/loop.js';
import { SeededRng } from '../../src/engine/rng.js';
import type { OrderView } from '../../src/engine/views.js';
import { flush, harness, type Harness } from './helpers.js';

/** A loop whose step records the time it ran and can be scripted to throw. */
class ScriptLoop extends StrategyLoop {
  readonly role = 'ladder' as const;
  readonly ranAt: number[] = [];
  throws: unknown[] = [];
  constructor(
    deps: LoopDeps,
    private readonly t: LoopTiming,
  ) {
    super(deps);
  }
  protected get timing(): LoopTiming {
    return this.t;
  }
  protected async step(): Promise<void> {
    this.ranAt.push(this.clock.now());
    await Promise.resolve();
    const e = this.throws.shift();
    if (e !== undefined) throw e;
  }
}

const T: LoopTiming = { interval_s: 3, jitter_s: 1, min_delay_s: 0.5 };

function scripted(timing: LoopTiming = T, h: Harness = harness()) {
  return { h, loop: new ScriptLoop(h.deps, timing) };
}

describe('loop skeleton', () => {
  it('staggers the first iteration uniformly within [0, interval)', async () => {
    const firsts: number[] = [];
    for (let i = 0; i < 200; i++) {
      const h = harness({ rng: new SeededRng('stagger').split(`task-${i}`) });
      const loop = new ScriptLoop(h.deps, T);
      const ac = new AbortController();
      const start = h.clock.now();
      const done = loop.run(ac.signal);
      await h.clock.advance(3000);
      expect(loop.ranAt.length).toBeGreaterThanOrEqual(1); // the first is < 3 s in
      const first = loop.ranAt[0]! - start;
      expect(h.clock.sleeps[0]).toBeCloseTo(first, 3);
      firsts.push(first);
      ac.abort();
      await done;
    }
    expect(Math.min(...firsts)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...firsts)).toBeLessThan(3000);
    // spread over the interval, not bunched
    expect(Math.min(...firsts)).toBeLessThan(300);
    expect(Math.max(...firsts)).toBeGreaterThan(2700);
  });

  it('sleeps interval ± jitter between iterations', async () => {
    const { h, loop } = scripted();
    const ac = new AbortController();
    const done = loop.run(ac.signal);
    await h.clock.advance(3 * 1000 * 500);
    ac.abort();
    await done;
    const delays = h.clock.sleeps.slice(1);
    expect(delays.length).toBeGreaterThan(300);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(4000);
    expect(Math.min(...delays)).toBeLessThan(2100);
    expect(Math.max(...delays)).toBeGreaterThan(3900);
    // iterations happen exactly at the slept times
    for (let i = 1; i < 50; i++) expect(loop.ranAt[i]! - loop.ranAt[i - 1]!).toBeCloseTo(delays[i - 1]!, 3);
  });

  it('floors the delay at min_delay_s when jitter exceeds the interval', async () => {
    const { h, loop } = scripted({ interval_s: 1, jitter_s: 3, min_delay_s: 0.5 });
    const ac = new AbortController();
    const done = loop.run(ac.signal);
    await h.clock.advance(1000 * 400);
    ac.abort();
    await done;
    const delays = h.clock.sleeps.slice(1);
    expect(Math.min(...delays)).toBe(500);
    expect(delays.filter((d) => d === 500).length).toBeGreaterThan(delays.length / 4); // P(delay < 0.5) = 2.5/6
    expect(Math.max(...delays)).toBeLessThanOrEqual(4000);
    expect(Math.max(...delays)).toBeGreaterThan(3500);
  });

  it('an exchange error emits iteration_error and counts on the breaker; the loop goes on', async () => {
    const config = defaultStrategyConfig();
    config.breaker.error_threshold = 2;
    const h = harness({ config });
    const { loop } = scripted(T, h);
    loop.throws = [
      new ExchangeError(-2010, 'Account has insufficient balance for requested action.'),
      new ExchangeError(-5000, 'transport: ECONNRESET', 0, true),
    ];
    const ac = new AbortController();
    const done = loop.run(ac.signal);
    await h.clock.advance(3000);
    const errs = h.sink.of('iteration_error');
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ task: 'test[acct,BTC-PERP]', account: 'acct', symbol: 'BTCUSDT', code: -2010 });
    expect(errs[0]!.message).toMatch(/insufficient balance/);
    expect(h.breaker.state).toBe('closed');
    await h.clock.advance(4000);
    expect(h.sink.of('iteration_error')[1]).toMatchObject({ code: -5000, message: '-5000: transport: ECONNRESET' });
    expect(h.breaker.state).toBe('open'); // 2 errors within the window
    await h.clock.advance(8000);
    expect(loop.ranAt).toHaveLength(2); // open: later iterations skip
    expect(h.sink.of('breaker_skip').length).toBeGreaterThan(0);
    // after the cooldown the probe runs, succeeds, and closes the breaker
    await h.clock.advance(30_000);
    expect(h.breaker.state).toBe('closed');
    expect(loop.ranAt.length).toBeGreaterThan(2);
    expect(loop.failures).toBe(2);
    expect(h.sink.of('loop_fault')).toEqual([]);
    ac.abort();
    await done;
  });

  it('any other error is a loop_fault, not an API error: nothing counted on the breaker', async () => {
    const config = defaultStrategyConfig();
    config.breaker.error_threshold = 1;
    const h = harness({ config });
    const { loop } = scripted(T, h);
    const bad = new TypeError('tape.csv: line 7: crossed book');
    loop.throws = [bad, new RangeError('bug')];
    const ac = new AbortController();
    const done = loop.run(ac.signal);
    await h.clock.advance(10_000);
    const faults = h.sink.of('loop_fault');
    expect(faults).toHaveLength(2);
    expect(faults[0]).toMatchObject({ task: 'test[acct,BTC-PERP]', account: 'acct', symbol: 'BTCUSDT', message: bad.message });
    expect(faults[0]!.error).toBe(bad);
    expect(h.sink.of('iteration_error')).toEqual([]);
    expect(h.breaker.state).toBe('closed'); // threshold 1: a single counted error would have opened it
    expect(loop.failures).toBe(2);
    ac.abort();
    await done;
  });

  it('skips without calling the step when the feed is stale or has no mid; exactly max age still runs', async () => {
    const { h, loop } = scripted();
    h.feed.set('BTCUSDT', 80_000, 5001);
    expect(await loop.iterateOnce()).toBe(false);
    expect(h.sink.of('stale_skip')).toMatchObject([{ task: 'test[acct,BTC-PERP]', symbol: 'BTCUSDT', ageMs: 5001 }]);
    h.feed.set('BTCUSDT', undefined, 10);
    expect(await loop.iterateOnce()).toBe(false);
    expect(h.sink.of('stale_skip')).toHaveLength(2);
    expect(loop.ranAt).toHaveLength(0);
    h.feed.set('BTCUSDT', 80_000, 5000);
    expect(await loop.iterateOnce()).toBe(true);
    expect(loop.ranAt).toHaveLength(1);
  });

  it('a stale skip does not record success on the breaker but hands a half-open probe back', async () => {
    const h = harness();
    const { loop } = scripted(T, h);
    for (let i = 0; i < 5; i++) h.breaker.recordApiError();
    await h.clock.advance(30_000);
    h.feed.set('BTCUSDT', 80_000, 60_000);
    expect(await loop.iterateOnce()).toBe(false); // took the probe, then skipped on stale
    expect(h.breaker.state).toBe('half-open');
    h.feed.set('BTCUSDT', 80_000, 10);
    expect(await loop.iterateOnce()).toBe(true); // probe available again
  });

  it('exits promptly on abort: during the stagger and during the inter-iteration sleep', async () => {
    const { h, loop } = scripted({ interval_s: 30, jitter_s: 10, min_delay_s: 0.5 });
    const ac = new AbortController();
    let finished = false;
    const done = loop.run(ac.signal).then(() => (finished = true));
    await flush();
    ac.abort();
    await flush();
    expect(finished).toBe(true);
    expect(h.clock.pending).toBe(0);
    await done;

    const b = scripted({ interval_s: 30, jitter_s: 10, min_delay_s: 0.5 });
    const ac2 = new AbortController();
    let finished2 = false;
    const done2 = b.loop.run(ac2.signal).then(() => (finished2 = true));
    await b.h.clock.advance(30_000);
    expect(b.loop.ranAt).toHaveLength(1);
    ac2.abort();
    await flush();
    expect(finished2).toBe(true);
    expect(b.h.clock.pending).toBe(0);
    await done2;
    // an already-aborted signal never iterates
    const c = scripted();
    const ac3 = new AbortController();
    ac3.abort();
    await c.loop.run(ac3.signal);
    expect(c.loop.ranAt).toHaveLength(0);
  });

  it('an abort while an exchange call is in flight stops the iteration before it places', async () => {
    const h = harness();
    const loop = new LadderMakerLoop(h.deps, { side: 'BUY', offsetBps: 5 });
    let release!: (rows: OrderView[]) => void;
    h.ex.openOrders = (symbol: string) => {
      h.ex.calls.push({ method: 'openOrders', args: [symbol] });
      return new Promise<OrderView[]>((r) => (release = r));
    };
    const ac = new AbortController();
    const done = loop.run(ac.signal);
    await h.clock.advance(3000);
    expect(h.ex.methods()).toEqual(['balance', 'positionRisk', 'openOrders']);
    ac.abort();
    release([]);
    await done;
    expect(h.ex.placed()).toHaveLength(0);
    expect(loop.iterations).toBe(0);
  });

  it('run() never rejects, even when the event sink throws', async () => {
    const h = harness();
    h.deps.events = {
      emit() {
        throw new Error('sink broken');
      },
    };
    const loop = new ScriptLoop(h.deps, T);
    h.feed.set('BTCUSDT', undefined); // forces a stale_skip emit
    const ac = new AbortController();
    const done = loop.run(ac.signal);
    await h.clock.advance(10_000);
    await expect(done).resolves.toBeUndefined();
  });

  it('breaker open: skips with breaker_skip before looking at the feed or the exchange', async () => {
    const h = harness();
    const loop = new LadderMakerLoop(h.deps, { side: 'SELL', offsetBps: 5 });
    for (let i = 0; i < 5; i++) h.breaker.recordApiError();
    expect(await loop.iterateOnce()).toBe(false);
    expect(h.sink.of('breaker_skip')).toMatchObject([{ task: 'test[acct,BTC-PERP]', account: 'acct', symbol: 'BTCUSDT' }]);
    expect(h.ex.calls).toHaveLength(0);
  });
});
