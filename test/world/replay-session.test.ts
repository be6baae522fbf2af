/**
 * A recorded live session replayed in the sim with its own latencies: the recorder's bookTicker
 * files (with `received_at`) give the fleet's feed delays (`feed_latency: { model: replay }`), and
 * a `live --record-latency` CSV gives the request legs (`exchange.latency: { model: replay }`).
 * Fixtures are written at test time with the very writers live uses.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LatencyLogWriter } from '../../src/market-data/latency-log.js';
import { BookTickerRecorder, csvName } from '../../src/market-data/recorder.js';
import { stableJson } from '../../src/report/stable-json.js';
import { loadScenario } from '../../src/scenario/scenario.js';
import { runScenario } from '../../src/world/run-sim.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rocky-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 4, 2, 10);

/** A 4-minute BTCUSDT session at 10 Hz; tick i (at T0 + 100 i ms) arrived `delayMs(ms since T0)` late. */
async function recordTape(name: string, delayMs: (dt: number) => number): Promise<string> {
  const out = path.join(dir, name);
  const r = new BookTickerRecorder(out);
  let mid = 64_000;
  for (let i = 0; i < 2400; i++) {
    const t = T0 + i * 100;
    mid += i % 7 === 0 ? 0.5 : i % 5 === 0 ? -0.4 : 0;
    const bid = (Math.round(mid * 10) / 10).toFixed(1);
    const ask = (Math.round(mid * 10) / 10 + 0.1).toFixed(1);
    r.write({
      symbol: 'BTCUSDT',
      updateId: i + 1,
      bid,
      bidQty: '2.5',
      ask,
      askQty: '1.5',
      transactionTime: t,
      eventTime: t + 1,
      receivedAt: t + delayMs(t - T0),
    });
  }
  await r.close();
  return path.join(out, csvName('BTCUSDT', T0));
}

function recordLatency(name: string, rttMs: number): string {
  const file = path.join(dir, `${name}.csv`);
  const w = new LatencyLogWriter(file);
  for (let i = 0; i < 600; i++)
    w.write({ sentAt: T0 + i * 400, account: 'mm-anchor', method: 'GET', path: '/fapi/v2/positionRisk', status: 200, rttMs });
  w.close();
  return file;
}

function scenario(name: string, tape: string, latencyFile: string): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `name: ${name}`,
      'seed: 3',
      'duration: 4m',
      'symbols:',
      '  BTCUSDT:',
      `    source: { kind: bookticker_csv, file: ${JSON.stringify(tape)} }`,
      '    feed_latency: { model: replay }',
      'fleet: { accounts: [mm-l1-buy-05bps, mm-l1-sell-05bps, mm-anchor, mm-taker-1] }',
      `exchange: { latency: { model: replay, file: ${JSON.stringify(path.basename(latencyFile))} } }`,
    ].join('\n'),
  );
  return file;
}

describe('replaying a recorded live session in the sim', () => {
  it("uses the tape's receipt times as feed delays and the recorded round trips as request legs", async () => {
    const fastTape = await recordTape('fast', () => 20);
    // The recorded feed stalled from 60 s to 75 s: those ticks arrived in one burst at 75 s.
    const stallTape = await recordTape('stall', (dt) => (dt >= 60_000 && dt < 75_000 ? 75_000 - dt + 20 : 20));
    const fastNet = recordLatency('fast-net', 20);
    const slowNet = recordLatency('slow-net', 1_500);

    const run = async (name: string, tape: string, lat: string) =>
      (await runScenario(loadScenario(scenario(name, tape, lat)))).report;
    const base = await run('base', fastTape, fastNet);
    const staleFeed = await run('stale', stallTape, fastNet);
    const slowRequests = await run('slow', fastTape, slowNet);

    const placed = (r: typeof base) => Object.values(r.accounts).reduce((n, a) => n + (a['BTC-PERP']?.orders_placed ?? 0), 0);
    // Feed delays from the tape: the recorded 15 s stall leaves the fleet's feed stale (limit 5 s).
    expect(placed(base)).toBeGreaterThan(10);
    expect(base.feed.stale_skips).toBe(0);
    expect(staleFeed.feed.stale_skips).toBeGreaterThan(5);
    expect(staleFeed.feed.quotes_on_stale_feed).toBe(0);
    // Request legs from the recording: 750 ms each way leaves less than half the calls in the same 4 minutes.
    expect(slowRequests.api.calls).toBeLessThan(base.api.calls / 2);
    // Deterministic: the same recording gives the same report.
    expect(stableJson(await run('base', fastTape, fastNet))).toBe(stableJson(base));
  });

  it('refuses feed replay on a tape without receipt times, naming the key', () => {
    const file = path.join(dir, 'synthetic.yaml');
    writeFileSync(
      file,
      ['name: s', 'symbols:', '  BTCUSDT:', '    source: { kind: synthetic }', '    feed_latency: { model: replay }'].join('\n'),
    );
    expect(() => loadScenario(file)).toThrow(
      /symbols\.BTCUSDT\.feed_latency\.model.*replay needs a tape that recorded receipt times/,
    );
  });
});
