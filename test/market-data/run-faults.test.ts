/**
 * A data error is not an API error: a tape fault (or any non-exchange error) met during a sim run
 * ends the run at once with that error, whichever path meets it (a strategy loop, a scheduler
 * event, the sim client applying a request); `on_bad_row: skip` runs on and the report counts the
 * skipped rows; an internal error exits 3 with one line; live logs a loop fault at error level.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { ExchangeError } from '../../src/engine/errors.js';
import { SeededRng } from '../../src/engine/rng.js';
import { JsonLogger } from '../../src/live/logger.js';
import { formatSummary } from '../../src/report/summary.js';
import { loadScenario } from '../../src/scenario/scenario.js';
import type { SimExchangeCore } from '../../src/sim-exchange/exchange-core.js';
import { FaultModel, NO_FAULTS } from '../../src/sim/faults.js';
import { ConstantLatency } from '../../src/sim/constant-latency.js';
import { Scheduler } from '../../src/sim/scheduler.js';
import { SimAccountExchange } from '../../src/sim/sim-client.js';
import { runScenario } from '../../src/world/run-sim.js';

const T0 = Date.UTC(2024, 6, 19);
const BT = 'update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time';
function tape(n: number, bad: (i: number) => boolean): string {
  const rows = [BT];
  for (let i = 0; i < n; i++) {
    const t = T0 + i * 100;
    rows.push(`${i + 1},${bad(i) ? 'x' : '64000.0'},1.5,64000.1,2.5,${t},${t}`);
  }
  return `${rows.join('\n')}\n`;
}
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function scenarioWith(csv: string, keys = ''): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rocky-run-faults-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'btc.csv'), csv);
  const file = path.join(dir, 'sc.yaml');
  writeFileSync(
    file,
    `name: faults\nduration: 60s\nsymbols:\n  BTCUSDT:\n    source: { kind: bookticker_csv, file: btc.csv${keys} }\n`,
  );
  return file;
}

describe('a data error ends a sim run', () => {
  it('a malformed row at 30 s stops runScenario with the ConfigError, not as a rejection code', async () => {
    const sc = loadScenario(scenarioWith(tape(600, (i) => i === 300)));
    const events: string[] = [];
    const err = await runScenario(sc, { onEvent: (e) => events.push(e.type) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).where).toBe('line 302');
    expect((err as ConfigError).problem).toMatch(/^best_bid_price and best_ask_price must be positive numbers/);
    expect(events).not.toContain('iteration_error');
  });

  it('with on_bad_row: skip the run goes on and the report counts the skipped rows', async () => {
    const sc = loadScenario(
      scenarioWith(
        tape(600, (i) => i % 100 === 50),
        ', on_bad_row: skip',
      ),
    );
    const { report } = await runScenario(sc);
    expect(report.tape['BTC-PERP']).toMatchObject({ ticks_read: 594, bad_rows_skipped: 6 });
    expect(formatSummary(report)).toMatch(/6 bad row\(s\) skipped \(on_bad_row: skip\)/);
  });

  it('an error thrown in a scheduler event rejects runUntil; halt() stops after the current event', async () => {
    const s = new Scheduler(0);
    const fired: number[] = [];
    const boom = new ConfigError('t.csv', 'line 9', 'crossed book');
    s.at(10, () => fired.push(10));
    s.at(20, () => {
      throw boom;
    });
    s.at(30, () => fired.push(30));
    await expect(s.runUntil(100)).rejects.toBe(boom);
    expect(fired).toEqual([10]);

    const h = new Scheduler(0);
    const first = new Error('first');
    h.at(10, () => {
      h.halt(first);
      h.halt(new Error('second'));
      fired.push(11);
    });
    h.at(20, () => fired.push(20));
    await expect(h.runUntil(100)).rejects.toBe(first);
    expect(fired).toEqual([10, 11]);
  });

  it('the sim client answers ExchangeErrors and lets any other error end the run from its event', async () => {
    const sched = new Scheduler(0);
    const faults = new FaultModel(NO_FAULTS, 0);
    const lat = new ConstantLatency(10);
    let fail: Error = new ExchangeError(-2010, 'Account has insufficient balance for requested action.');
    const core = {
      openOrdersView: () => {
        throw fail;
      },
    } as unknown as SimExchangeCore;
    const client = new SimAccountExchange(core, sched, 'a', lat, faults, new SeededRng('f'), 1000);
    const answered = client.openOrders('BTCUSDT').catch((e: unknown) => e);
    await sched.runUntil(100);
    expect(await answered).toBe(fail);
    fail = new ConfigError('t.csv', 'line 3', 'locked book (mark read during the request)');
    let settled = false;
    void client.openOrders('BTCUSDT').finally(() => {
      settled = true;
    });
    await expect(sched.runUntil(200)).rejects.toBe(fail);
    expect(settled).toBe(false);
  });
});

describe('exit codes of sim for errors that are not bad input', () => {
  it('an internal error exits 3 with one line; ROCKY_DEBUG=1 adds the stack', async () => {
    vi.resetModules();
    vi.doMock('../../src/world/run-sim.js', () => ({
      runScenario: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'mid')");
      },
    }));
    const { simMain } = await import('../../src/cli/sim-command.js');
    const file = scenarioWith(tape(600, () => false));
    const run = async (debug: boolean): Promise<{ code: number; err: string }> => {
      let err = '';
      const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
        err += String(s);
        return true;
      });
      if (debug) process.env.ROCKY_DEBUG = '1';
      try {
        return { code: await simMain({ scenario: [file], quiet: true, out: path.join(path.dirname(file), 'out') }), err };
      } finally {
        delete process.env.ROCKY_DEBUG;
        spy.mockRestore();
      }
    };
    const plain = await run(false);
    expect(plain.code).toBe(3);
    expect(plain.err).toBe(
      "rocky-bot sim: internal error: TypeError: Cannot read properties of undefined (reading 'mid') (ROCKY_DEBUG=1 shows the stack)\n",
    );
    const debug = await run(true);
    expect(debug.code).toBe(3);
    expect(debug.err).toMatch(/internal error: TypeError: Cannot read[^\n]*\n\s+at /);
    vi.doUnmock('../../src/world/run-sim.js');
    vi.resetModules();
  });
});

describe('live', () => {
  it('logs a loop fault at error level with the task name', () => {
    const lines: string[] = [];
    const log = new JsonLogger({ write: (l) => lines.push(l), now: () => T0 });
    const error = new ConfigError('btc.csv', 'line 3', 'crossed book');
    log.emit({
      type: 'loop_fault',
      task: 'ladder[mm-l1-buy-05bps,BTC-PERP]',
      account: 'mm-l1-buy-05bps',
      symbol: 'BTCUSDT',
      error,
      message: error.message,
    });
    expect(JSON.parse(lines[0]!)).toEqual({
      ts: new Date(T0).toISOString(),
      level: 'error',
      type: 'loop_fault',
      task: 'ladder[mm-l1-buy-05bps,BTC-PERP]',
      account: 'mm-l1-buy-05bps',
      symbol: 'BTCUSDT',
      message: error.message,
      error: 'ConfigError',
    });
  });
});
