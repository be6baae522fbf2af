// The floor under the cost per simulated REST call: the sim's own round trip with nothing on
// either end. The real Scheduler, SimAccountExchange, lognormal latency model (the scenario
// default: median 25 ms, sigma 0.5) and fault model, against a core that answers constant views,
// driven by 60 tasks (the fleet's 30 accounts × 2 symbols) that each await balance →
// positionRisk → openOrders and then sleep about 1 s, as a ladder iteration does. What is left
// per call is the promise the engine awaits, the Trip, two latency legs, two scheduler events and
// the settle handshake: a lower bound for any fleet built on awaited exchange calls.
import { SeededRng } from '../dist/engine/rng.js';
import { NO_FAULTS, FaultModel } from '../dist/sim/faults.js';
import { LognormalLatency } from '../dist/sim/lognormal-latency.js';
import { Scheduler } from '../dist/sim/scheduler.js';
import { SimAccountExchange } from '../dist/sim/sim-client.js';
import { cpuSeconds } from './measure.mjs';

const BAL = [{ asset: 'USDT', balance: 10_000, crossUnPnl: 0 }];
const POS = [{ symbol: 'BTCUSDT', positionAmt: 0, markPrice: 64_000, notional: 0 }];
const NONE = [];
const core = { balanceView: () => BAL, positionView: () => POS, openOrdersView: () => NONE };

/** CPU-s and calls of `hours` of virtual time. */
export async function roundTripFloor(hours) {
  const start = Date.parse('2025-01-01T00:00:00Z');
  const sched = new Scheduler(start);
  const rng = new SeededRng('floor');
  const faults = new FaultModel(NO_FAULTS, start);
  const ac = new AbortController();
  let calls = 0;
  const task = async (k) => {
    const r = rng.split(`task/${k}`);
    const ex = new SimAccountExchange(
      core,
      sched,
      `a${k}`,
      new LognormalLatency({ median_ms: 25, sigma: 0.5, min_ms: 1 }, r.split('lat')),
      faults,
      r.split('faults'),
      10_000,
    );
    await sched.sleep(r.next() * 1000, ac.signal);
    while (!ac.signal.aborted) {
      await ex.balance();
      await ex.positionRisk('BTCUSDT');
      await ex.openOrders('BTCUSDT');
      calls += 3;
      await sched.sleep(800 + r.next() * 400, ac.signal);
    }
  };
  const cpu = await cpuSeconds(async () => {
    for (let k = 0; k < 60; k++) void task(k);
    await sched.runUntil(start + hours * 3_600_000);
  });
  ac.abort();
  return { cpu, calls };
}
