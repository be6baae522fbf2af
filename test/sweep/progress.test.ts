import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/sweep/progress.js';

const sink = (isTTY: boolean) => {
  const s = { isTTY, text: '', write: (t: string) => (s.text += t) };
  return s;
};

describe('sweep progress bar', () => {
  it('draws done/total, percent and an ETA on a terminal, and keeps notes readable', () => {
    const out = sink(true);
    const bar = progressBar(10, 2, true, out);
    bar.update(10);
    bar.note('a note');
    bar.end();
    expect(out.text).toMatch(/\[#{30}\] 10\/10 100% elapsed \d+m\d\ds ETA \d+m\d\ds/);
    expect(out.text).toContain('\r\x1b[Ka note\n');
    expect(out.text.endsWith('\n')).toBe(true);
  });

  it('draws nothing when stderr is not a terminal (CI logs, files) or when switched off (--quiet)', () => {
    for (const [tty, on] of [
      [false, true],
      [true, false],
    ] as const) {
      const out = sink(tty);
      const bar = progressBar(10, 0, on, out);
      bar.update(5);
      bar.update(10);
      bar.note('only this');
      bar.end();
      expect(out.text).toBe('only this\n');
    }
  });
});
