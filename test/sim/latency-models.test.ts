/**
 * The swappable latency models (src/sim/latency.ts): lognormal (today's draw, unchanged), constant,
 * replay of a live recording (time-aligned, per account, wrapping), and the feed's replay of the
 * tape's receipt times.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SeededRng } from '../../src/engine/rng.js';
import { LatencyLogWriter, readLatencyLog, type RoundTrip } from '../../src/market-data/latency-log.js';
import { RecordedFeedDelay } from '../../src/sim/feed-delay.js';
import { DEFAULT_LATENCY } from '../../src/sim/latency.js';
import { standardNormal } from '../../src/sim/lognormal-latency.js';
import { latencyModel } from '../../src/world/sim-links.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rocky-latency-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ctx = { rng: new SeededRng('x'), account: 'a', startMs: 1_000_000 };

describe('latency models', () => {
  it('lognormal draws exactly what the former model drew: median × exp(sigma × N), rounded, floored', () => {
    const m = latencyModel(DEFAULT_LATENCY, { ...ctx, rng: new SeededRng('s') });
    const ref = new SeededRng('s');
    for (let i = 0; i < 50; i++) {
      const want = Math.max(1, Math.round(25 * Math.exp(0.5 * standardNormal(ref)) + (i % 3) * 100));
      expect(m.leg(i, (i % 3) * 100)).toBe(want);
    }
  });

  it('constant: the same leg every time, plus spikes, never drawing', () => {
    const rng = { next: () => Number.NaN, split: () => rng };
    const m = latencyModel({ model: 'constant', ms: 12.4 }, { ...ctx, rng });
    expect([m.leg(0), m.leg(5e6), m.leg(1, 800)]).toEqual([12, 12, 812]);
  });

  it('replay: half the round trip of the latest request sent by then, own account first, wrapping past the end', () => {
    const t0 = 1_720_000_000_000;
    const trip = (dt: number, account: string, rtt: number, status: RoundTrip['status'] = 200): RoundTrip => ({
      sentAt: t0 + dt,
      account,
      method: 'GET',
      path: '/fapi/v1/openOrders',
      status,
      rttMs: rtt,
      answered: typeof status === 'number',
    });
    const trips = [
      trip(0, 'a', 40),
      trip(1000, 'b', 400),
      trip(2000, 'a', 100),
      trip(3000, 'a', 9000, 'timeout'),
      trip(3999, 'b', 10),
    ];
    const a = latencyModel({ model: 'replay', file: '-', min_ms: 0, trips }, ctx);
    const c = latencyModel({ model: 'replay', file: '-', min_ms: 3, trips }, { ...ctx, account: 'c' });
    const at = (s: number): number => ctx.startMs + s;
    expect([a.leg(at(-5000)), a.leg(at(0)), a.leg(at(1500)), a.leg(at(2500)), a.leg(at(3500))]).toEqual([20, 20, 20, 50, 50]);
    // The recording spans 4000 ms: 4500 ms in is 500 ms in again.
    expect(a.leg(at(4500))).toBe(20);
    expect(a.leg(at(2000), 100)).toBe(150);
    // An account the recording does not have takes every account's requests (timeouts left out).
    expect([c.leg(at(1000)), c.leg(at(3999)), c.leg(at(3000))]).toEqual([200, 5, 50]);
  });

  it('the recording round-trips through the writer and reader; a bad row names its line', () => {
    const file = path.join(dir, 'lat.csv');
    const w = new LatencyLogWriter(file);
    w.write({ sentAt: 1000, account: 'mm-anchor', method: 'POST', path: '/fapi/v1/order', status: 200, rttMs: 31.6 });
    w.write({ sentAt: 1010, account: '', method: 'GET', path: '/fapi/v1/time', status: 'timeout', rttMs: 10000 });
    w.close();
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('sent_at,account,method,path,status,rtt_ms');
    expect(readLatencyLog(file)).toEqual([
      { sentAt: 1000, account: 'mm-anchor', method: 'POST', path: '/fapi/v1/order', status: 200, rttMs: 32, answered: true },
      { sentAt: 1010, account: '', method: 'GET', path: '/fapi/v1/time', status: 'timeout', rttMs: 10000, answered: false },
    ]);
    const bad = path.join(dir, 'bad.csv');
    const w2 = new LatencyLogWriter(bad);
    w2.write({ sentAt: 1000, account: 'x', method: 'GET', path: '/p', status: 200, rttMs: 5 });
    w2.close();
    writeFileSync(bad, `${readFileSync(bad, 'utf8')}1001,x,GET,/p,200,fast\n`);
    expect(() => readLatencyLog(bad)).toThrow(/bad\.csv: line 3: rtt_ms must be a number/);
  });

  it("the feed's replay takes the tape's receipt delay (never negative; none recorded: at exchange time)", () => {
    const d = new RecordedFeedDelay();
    const tick = { t: 0, bid: 1, ask: 2, bidQty: 1, askQty: 1 };
    expect([d.delay({ ...tick, recvDelayMs: 37.4 }), d.delay({ ...tick, recvDelayMs: -3 }), d.delay(tick)]).toEqual([37, 0, 0]);
    expect(d.missing).toBe(1);
  });
});
