/**
 * The scheduler's queue must pop in (time, sequence) order whatever the mix of pushes and pops:
 * checked against a sorted list on a seeded stream with many equal times (the tie-break by
 * sequence is what keeps equal-time events in scheduling order).
 */
import { describe, expect, it } from 'vitest';
import { EventQueue, type SimEvent } from '../../src/sim/event-queue.js';

const ev = (t: number, seq: number): SimEvent => ({ t, seq, resumes: false, fire: () => {} });

describe('EventQueue', () => {
  it('pops in (time, sequence) order on a seeded mix of pushes and pops', () => {
    let a = 7;
    const rnd = () => {
      a = (a * 1103515245 + 12345) % 2147483648;
      return a / 2147483648;
    };
    const q = new EventQueue();
    const ref: SimEvent[] = [];
    let seq = 0;
    let now = 0;
    const popped: string[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      if (ref.length === 0 || rnd() < 0.55) {
        const e = ev(now + Math.floor(rnd() * 8), seq++); // few distinct times: many ties
        q.push(e);
        ref.push(e);
      } else {
        ref.sort((x, y) => x.t - y.t || x.seq - y.seq);
        const want = ref.shift()!;
        const got = q.pop();
        now = got.t;
        popped.push(`${got.t}/${got.seq}`);
        expected.push(`${want.t}/${want.seq}`);
      }
      expect(q.length).toBe(ref.length);
    }
    expect(popped).toEqual(expected);
    expect(popped.length).toBeGreaterThan(5000);
  });
});
