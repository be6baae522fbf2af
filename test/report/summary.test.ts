import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { progressBar } from '../../src/cli/progress.js';
import type { Report } from '../../src/report/report.js';
import { formatSummary } from '../../src/report/summary.js';

const golden = (name: string): Report => JSON.parse(readFileSync(`test/golden/${name}.json`, 'utf8')) as Report;

describe('summary', () => {
  it('says when the ladders saturated and when they last filled (drift)', () => {
    const s = formatSummary(golden('drift'));
    expect(s).toMatch(/L1, L2 ladders at cap since \dh\d\d/);
    expect(s).toMatch(/last ladder fill: BTC-PERP \dh\d\d, ETH-PERP \dh\d\d/);
    expect(s).toContain('takers fill more often as makers than as takers');
    expect(s).toMatch(/Counterparty \(maker ← taker, all symbols\): \w+ ← \w+ \d+ fills/);
    expect(s).not.toContain('at cap 100 %');
  });

  it('prints the never-quoted legend only when a row carries the star', () => {
    expect(formatSummary(golden('drift'))).not.toContain('never quoted on that symbol');
    expect(formatSummary(golden('high-price'))).toContain('(* = never quoted on that symbol)');
  });

  it('explains each rejection code it lists', () => {
    expect(formatSummary(golden('no-gate'))).toMatch(/-2010 ×\d+\s+margin is insufficient/);
    expect(formatSummary(golden('api-outage'))).toMatch(/-5000 ×\d+\s+HTTP 5xx/);
  });
});

describe('progress bar', () => {
  const sink = () => {
    const out = { text: '', write: (s: string) => ((out.text += s), true) };
    return out;
  };

  it('stays silent for the first two seconds, then draws the share done and an ETA, and clears itself', () => {
    const out = sink();
    let now = 0;
    const bar = progressBar('drift', out as unknown as NodeJS.WriteStream, () => now);
    now = 1500;
    bar.update(1, 4);
    expect(out.text).toBe('');
    now = 4000;
    bar.update(1, 4);
    expect(out.text).toContain(' 25%');
    expect(out.text).toContain('ETA 12 s');
    bar.done();
    expect(out.text.endsWith('\r\x1b[2K')).toBe(true);
  });
});
