/**
 * The case of issue 8: an order whose lookup said "not found" was applied a second later. Against
 * serve (loopback): a latency spike holds one placement 3 s before the venue applies it, the client
 * times out after 1.5 s and looks it up while it is still held. The client must not conclude "not
 * placed" until the request's recvWindow has passed in server time — then the lookup finds it. With
 * a recvWindow shorter than the hold, serve refuses the late request (-1021) and "not placed" is true.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ExchangeError } from '../../src/engine/errors.js';
import { RealClock } from '../../src/io/real-clock.js';
import { RockyClient } from '../../src/live/rocky-client.js';
import { RockyHost } from '../../src/live/rocky-transport.js';
import { startPaperServer } from '../../src/paper-server/server.js';
import { fixture } from '../paper-server/helpers.js';

const SPIKE = { from_s: 1, to_s: 2, extra_ms: 3000 };

async function placeDuringSpike(recvWindow: number) {
  const f = fixture();
  const srv = await startPaperServer({ scenario: f.scenario, keys: f.keysPath, port: 0, faults: { latency_spikes: [SPIKE] } });
  const host = new RockyHost(srv.url, new RealClock(), undefined, { timeoutMs: 1500 });
  const a = f.accounts.find((x) => x.id === 'mm-l1-buy-05bps')!;
  const c = new RockyClient(host, a.id, a.key, a.secret, { recvWindow, lookupDelayMs: 600 });
  await c.balance(); // time sync before the spike
  const mid = Number((await c.positionRisk('BTCUSDT'))[0]!.markPrice);
  while (srv.clock.elapsed() < 1050) await new Promise((r) => setTimeout(r, 10));
  const price = (Math.floor((mid * 0.99) / 0.1) * 0.1).toFixed(1);
  const cid = `uo-${recvWindow}`;
  const out = await c
    .placeOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.0005',
      price,
      newClientOrderId: cid,
    })
    .then(
      (row) => ({ row, error: undefined }),
      (e: ExchangeError) => ({ row: undefined, error: e }),
    );
  // Let any held request finish at the venue before looking at what it holds.
  while (srv.clock.elapsed() < 5000) await new Promise((r) => setTimeout(r, 20));
  const atVenue = srv.placements.filter((p) => p.clientOrderId === cid).length;
  return { srv, host, c, out, atVenue };
}

describe('unknown-outcome lookup against serve', () => {
  let cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const f of cleanup) await f();
    cleanup = [];
  });

  it('a "not found" while the request can still be accepted is not trusted: the client waits out the recvWindow and finds the order', async () => {
    // A recvWindow of 5 s, longer than the request timeout (the live config refuses this; the client must cope anyway).
    const { srv, host, c, out, atVenue } = await placeDuringSpike(5000);
    cleanup.push(
      () => host.close(),
      () => srv.close(),
    );
    expect(atVenue).toBe(1); // serve applied the held request ~3 s after it arrived
    expect(out.error).toBeUndefined();
    expect(out.row?.clientOrderId).toBe('uo-5000');
    expect(c.stats.lookupWindowWaits).toBeGreaterThanOrEqual(1);
    expect(c.stats.lookupFound).toBe(1);
  }, 30_000);

  it('with a recvWindow shorter than the hold the venue refuses the late request, and "not placed" is the truth', async () => {
    const { srv, host, out, atVenue } = await placeDuringSpike(1000);
    cleanup.push(
      () => host.close(),
      () => srv.close(),
    );
    expect(atVenue).toBe(0);
    expect(out.error?.unknownOutcome).toBe(false);
    expect(out.error?.message).toMatch(/not placed/);
  }, 30_000);
});
