import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/world/run-sim.js';
import { stableJson } from '../../src/report/stable-json.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { scenarioFrom, SMALL_MARKET } from './helpers.js';

const base = (extra = '', duration = '20m'): string => `name: det\nseed: 11\nduration: ${duration}\n${SMALL_MARKET}${extra}`;

describe('determinism', () => {
  it('the same scenario and seed give byte-identical reports', async () => {
    const a = await runScenario(scenarioFrom(base()));
    const b = await runScenario(scenarioFrom(base()));
    expect(a.report.funnel['BTC-PERP']!.L1.fills).toBeGreaterThan(0);
    expect(stableJson(a.report)).toBe(stableJson(b.report));
    expect(a.eventsFired).toBe(b.eventsFired);
  });

  it('another seed gives a different run', async () => {
    const a = await runScenario(scenarioFrom(base()));
    const sc = scenarioFrom(base());
    sc.seed = 12;
    const b = await runScenario(sc);
    expect(stableJson(a.report)).not.toBe(stableJson(b.report));
  });

  it("one extra account leaves the other accounts' random draws unchanged", async () => {
    // The first placement of every ladder task happens after its own stagger draw plus its own
    // account's latency draws, before any fill can interact. With one more taker in the fleet,
    // those times must not move.
    const firstPlacement = async (extra: string): Promise<Map<string, number>> => {
      const seen = new Map<string, number>();
      await runScenario(scenarioFrom(base(extra, '30s')), {
        onEvent: (e: EngineEvent, now: number) => {
          if (e.type === 'order_placed' && e.task.startsWith('ladder[') && !seen.has(e.task)) seen.set(e.task, now);
        },
      });
      return seen;
    };
    const five = await firstPlacement('');
    const six = await firstPlacement('fleet: { takers: 6 }\n');
    expect(five.size).toBeGreaterThan(20);
    for (const [task, t] of five) expect(six.get(task), task).toBe(t);
  });
});

describe('scheduler settle modes', () => {
  it('the microtask handshake gives the same report as a full macrotask yield, faults included', async () => {
    const yaml = `name: modes\nseed: 5\nduration: 15m\n${SMALL_MARKET}faults:\n  outages: [{ from: 5m, to: 6m, kind: 5xx_after_apply }]\n  error_rate: 0.01\n`;
    const micro = await runScenario(scenarioFrom(yaml), { settle: 'microtask' });
    const macro = await runScenario(scenarioFrom(yaml), { settle: 'macrotask' });
    expect(Object.values(micro.report.circuit).some((n) => n > 0)).toBe(true);
    expect(stableJson(micro.report)).toBe(stableJson(macro.report));
  });
});
