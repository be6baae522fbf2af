import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/sim/scheduler.js';

describe('Scheduler (virtual clock)', () => {
  it('fires events in time order, and same-time events in the order they were scheduled', async () => {
    const s = new Scheduler(1000);
    const seen: string[] = [];
    s.at(1030, () => seen.push(`c@${s.now()}`));
    s.at(1010, () => seen.push(`a@${s.now()}`));
    s.at(1010, () => seen.push(`b@${s.now()}`));
    s.at(1005, () => seen.push(`first@${s.now()}`));
    await s.runUntil(2000);
    expect(seen).toEqual(['first@1005', 'a@1010', 'b@1010', 'c@1030']);
    expect(s.now()).toBe(2000);
  });

  it('never moves time backwards: an event scheduled in the past runs now', async () => {
    const s = new Scheduler(0);
    const seen: number[] = [];
    s.at(50, () => s.at(10, () => seen.push(s.now())));
    await s.runUntil(100);
    expect(seen).toEqual([50]);
  });

  it('leaves events beyond the end queued, and a later run continues with them', async () => {
    const s = new Scheduler(0);
    const seen: number[] = [];
    s.at(500, () => seen.push(500));
    await s.runUntil(100);
    expect(seen).toEqual([]);
    expect(s.pending).toBe(1);
    await s.runUntil(1000);
    expect(seen).toEqual([500]);
  });

  it('runs async code to its next sleep before the next event fires (no interleaving mid-step)', async () => {
    const s = new Scheduler(0);
    const log: string[] = [];
    const worker = async (name: string, period: number): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        await s.sleep(period);
        log.push(`${name}:${s.now()}:start`);
        await Promise.resolve();
        await Promise.resolve();
        log.push(`${name}:${s.now()}:end`);
      }
    };
    void worker('a', 10);
    void worker('b', 15);
    await s.runUntil(100);
    expect(log).toEqual([
      'a:10:start',
      'a:10:end',
      'b:15:start',
      'b:15:end',
      'a:20:start',
      'a:20:end',
      // both wake at 30: b asked first (at 15, a at 20), so b goes first
      'b:30:start',
      'b:30:end',
      'a:30:start',
      'a:30:end',
      'b:45:start',
      'b:45:end',
    ]);
  });

  it('wakes sleepers early when their signal aborts', async () => {
    const s = new Scheduler(0);
    const ac = new AbortController();
    let woke = -1;
    void s.sleep(10_000, ac.signal).then(() => {
      woke = s.now();
    });
    s.resumeAt(100, () => ac.abort());
    await s.runUntil(200);
    await new Promise((r) => setImmediate(r));
    expect(woke).toBe(100);
  });
});
