import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/engine/circuit-breaker.js';
import type { BreakerConfig } from '../../src/engine/config.js';
import { ManualClock, RecordingSink } from './helpers.js';

const CFG: BreakerConfig = { error_threshold: 5, error_window_s: 60, max_drawdown_pct: 20, cooldown_s: 30, max_cooldown_s: 300 };

function make(cfg: Partial<BreakerConfig> = {}) {
  const clock = new ManualClock();
  const sink = new RecordingSink();
  const b = new CircuitBreaker({ ...CFG, ...cfg }, clock, 'mm-l1-buy-05bps', sink);
  return { clock, sink, b };
}

/** Move the clock without any timers (the breaker reads clock.now()). */
async function wait(clock: ManualClock, s: number) {
  await clock.advance(s * 1000);
}

/** Drive a breaker into open via API errors. */
function trip(b: CircuitBreaker) {
  for (let i = 0; i < CFG.error_threshold; i++) b.recordApiError();
}

describe('CircuitBreaker', () => {
  it('opens on error_threshold errors within the window', async () => {
    const { b, clock, sink } = make();
    for (let i = 0; i < 4; i++) {
      b.recordApiError();
      await wait(clock, 10);
    }
    expect(b.state).toBe('closed');
    expect(b.isOpen()).toBe(false);
    b.recordApiError(); // 5th error, first was 40 s ago
    expect(b.state).toBe('open');
    expect(b.isOpen()).toBe(true);
    expect(b.opens).toBe(1);
    const t = sink.of('breaker_transition');
    expect(t).toHaveLength(1);
    expect(t[0]).toMatchObject({ account: 'mm-l1-buy-05bps', from: 'closed', to: 'open' });
    expect(t[0]!.reason).toMatch(/5 API errors within 60s/);
  });

  it('does not open when the errors are spread beyond the window', async () => {
    const { b, clock, sink } = make();
    for (let i = 0; i < 20; i++) {
      b.recordApiError();
      await wait(clock, 16); // 5 errors span 64 s > 60 s
    }
    expect(b.state).toBe('closed');
    expect(b.opens).toBe(0);
    expect(sink.of('breaker_transition')).toHaveLength(0);
  });

  it('sliding window: old errors fall out, a fresh burst still opens', async () => {
    const { b, clock } = make();
    for (let i = 0; i < 4; i++) b.recordApiError();
    await wait(clock, 61);
    b.recordApiError(); // the 4 old ones are outside the window now
    expect(b.state).toBe('closed');
    for (let i = 0; i < 3; i++) b.recordApiError();
    expect(b.state).toBe('closed'); // 4 within window
    b.recordApiError();
    expect(b.state).toBe('open');
  });

  it('opens when equity falls more than max_drawdown_pct below the session peak', () => {
    const { b, sink } = make();
    b.updateEquity(1000);
    b.updateEquity(1200); // new peak
    b.updateEquity(960); // exactly 20 % below peak: not more than 20 %
    expect(b.state).toBe('closed');
    b.updateEquity(959.9);
    expect(b.state).toBe('open');
    expect(b.peak).toBe(1200);
    const t = sink.of('breaker_transition');
    expect(t).toHaveLength(1);
    expect(t[0]!.reason).toMatch(/drawdown/);
  });

  it('stays open for the cooldown, then lets exactly one probe through; success closes', async () => {
    const { b, clock, sink } = make();
    trip(b);
    await wait(clock, 29.9);
    expect(b.isOpen()).toBe(true);
    await wait(clock, 0.1);
    expect(b.isOpen()).toBe(false); // the probe
    expect(b.state).toBe('half-open');
    b.recordSuccess();
    expect(b.state).toBe('closed');
    expect(b.isOpen()).toBe(false);
    expect(sink.of('breaker_transition').map((e) => `${e.from}->${e.to}`)).toEqual([
      'closed->open',
      'open->half-open',
      'half-open->closed',
    ]);
  });

  it('half-open failure re-opens with doubled cooldown, capped at max_cooldown_s; closing resets it', async () => {
    const { b, clock } = make();
    trip(b);
    const cooldowns: number[] = [];
    let cd = 30;
    for (let i = 0; i < 6; i++) {
      await wait(clock, cd - 0.001);
      expect(b.isOpen()).toBe(true); // still within this cooldown
      await wait(clock, 0.001);
      expect(b.isOpen()).toBe(false); // probe
      b.recordApiError(); // probe failed
      expect(b.state).toBe('open');
      cd = b.cooldownS;
      cooldowns.push(cd);
    }
    expect(cooldowns).toEqual([60, 120, 240, 300, 300, 300]);
    expect(b.opens).toBe(7);
    await wait(clock, 300);
    expect(b.isOpen()).toBe(false);
    b.recordSuccess();
    expect(b.state).toBe('closed');
    expect(b.cooldownS).toBe(30);
    // next trip uses the base cooldown again
    trip(b);
    await wait(clock, 30);
    expect(b.isOpen()).toBe(false);
    expect(b.state).toBe('half-open');
  });

  it('a drawdown still present when probing counts as a failed probe', async () => {
    const { b, clock } = make();
    b.updateEquity(1000);
    b.updateEquity(700);
    expect(b.state).toBe('open');
    await wait(clock, 30);
    expect(b.isOpen()).toBe(false);
    b.updateEquity(700);
    expect(b.state).toBe('open');
    expect(b.cooldownS).toBe(60);
  });

  it('only one probe at a time: other loops of the account still see it open', async () => {
    const { b, clock } = make();
    trip(b);
    await wait(clock, 30);
    expect(b.isOpen()).toBe(false); // loop A gets the probe
    expect(b.isOpen()).toBe(true); // loop B (other symbol) still blocked
    expect(b.isOpen()).toBe(true);
    b.recordSuccess();
    expect(b.isOpen()).toBe(false);
    expect(b.isOpen()).toBe(false);
  });

  it('a probe handed back by recordSkip can be taken by the next check', async () => {
    const { b, clock } = make();
    trip(b);
    await wait(clock, 30);
    expect(b.isOpen()).toBe(false);
    expect(b.isOpen()).toBe(true);
    b.recordSkip(); // e.g. the probe iteration saw a stale feed
    expect(b.state).toBe('half-open');
    expect(b.isOpen()).toBe(false);
    expect(b.isOpen()).toBe(true);
  });

  it('errors that opened the breaker do not count again after it closes', async () => {
    const { b, clock } = make();
    trip(b);
    await wait(clock, 30);
    b.isOpen();
    b.recordSuccess();
    b.recordApiError();
    expect(b.state).toBe('closed');
  });
});
