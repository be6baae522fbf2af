import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compareMain, reportMain } from '../../src/cli/report-commands.js';
import { simMain } from '../../src/cli/sim-command.js';
import { FILE_NAMES } from '../../src/report/events-export.js';
import type { Report } from '../../src/report/report.js';
import { formatSummary } from '../../src/report/summary.js';
import { writeScenario, SMALL_MARKET } from '../sim/helpers.js';

let dir: string;
let out: string;
let stdout: string;

/** Run a CLI main with stdout/stderr captured. */
async function capture(fn: () => number | Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let o = '';
  let e = '';
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((o += String(c)), true));
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((e += String(c)), true));
  try {
    return { code: await fn(), out: o, err: e };
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rocky-report-'));
  const sc = writeScenario(`name: small\nduration: 30m\n${SMALL_MARKET}expect:\n  funnel_decreasing: [L1, L2]\n`);
  out = path.join(dir, 'run');
  const r = await capture(() =>
    simMain({ scenario: [sc], out, quiet: false, html: true, window: '10m', events: path.join(dir, 'events') }),
  );
  expect(r.code, r.err).toBe(0);
  stdout = r.out;
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sim run folder', () => {
  it('writes report.json with the time-resolved keys, series.json and report.html', () => {
    const rep = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    expect(rep.window_s).toBe(600);
    expect(rep.windows.map((w) => [w.start_s, w.end_s])).toEqual([
      [0, 600],
      [600, 1200],
      [1200, 1800],
    ]);
    const sumWindows = rep.windows.reduce((n, w) => n + w.funnel['BTC-PERP']!.L1.fills, 0);
    expect(sumWindows).toBe(rep.funnel['BTC-PERP']!.L1.fills);
    for (const k of ['counterparty', 'fill_distance_bps', 'fills_outside_tape_range', 'gating', 'resting_through_mid'])
      expect(rep).toHaveProperty(k);
    expect(readdirSync(out).sort()).toEqual(['report.html', 'report.json', 'series.json']);
    expect(stdout).toContain('html:   ');
  });

  it('streams the events to CSV files that load as tables and agree with the report', () => {
    const ev = path.join(dir, 'events');
    expect(readdirSync(ev).sort()).toEqual([...FILE_NAMES].sort());
    const rep = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    const fills = parse(readFileSync(path.join(ev, 'fills.csv')), { columns: true }) as Record<string, string>[];
    const sides = Object.values(rep.funnel).reduce(
      (n, f) => n + f.L1.fills + f.L2.fills + f.L3.fills + f.anchor.fills + f.taker.fills,
      0,
    );
    expect(fills.length * 2).toBe(sides);
    const f0 = fills[0]!;
    expect(Number(f0.distance_bps)).toBeCloseTo((Math.abs(Number(f0.price) - Number(f0.mid)) / Number(f0.mid)) * 1e4, 3);
    const orders = parse(readFileSync(path.join(ev, 'orders.csv')), { columns: true }) as Record<string, string>[];
    const placed = orders.filter((o) => o.event === 'placed').length;
    const placedReport = Object.values(rep.accounts).reduce(
      (n, per) => n + Object.values(per).reduce((m, p) => m + p.orders_placed, 0),
      0,
    );
    expect(placed).toBe(placedReport);
    const pos = parse(readFileSync(path.join(ev, 'positions.csv')), { columns: true }) as Record<string, string>[];
    expect(new Set(pos.map((p) => p.gated))).toEqual(new Set(['0', '1']));
  });

  it('re-renders the same summary and HTML from the saved folder (rocky-bot report)', async () => {
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    rmSync(path.join(out, 'report.html'));
    const r = await capture(() => reportMain({ dir: out, html: true }));
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toBe(html);
    const rep = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    expect(r.out).toContain(formatSummary(rep));
  });

  it('says in one line why a folder cannot be rendered (exit 2)', async () => {
    const r = await capture(() => reportMain({ dir: path.join(dir, 'nope'), html: true }));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^rocky-bot report: .*nope: no such run folder or report file\n$/);
    writeFileSync(path.join(dir, 'old.json'), JSON.stringify({ scenario: 'x', funnel: {} }));
    const old = await capture(() => reportMain({ dir: path.join(dir, 'old.json'), html: true }));
    expect(old.code).toBe(2);
    expect(old.err).toContain('older rocky-bot');
  });

  it('compares two reports: identical (exit 0), then one changed figure marked (exit 1)', async () => {
    const same = await capture(() => compareMain({ a: out, b: path.join(out, 'report.json'), onlyDiff: false }));
    expect(same.code).toBe(0);
    expect(same.out).toContain('no differences');
    expect(same.out).toContain('Funnel shares per window');
    const rep = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    rep.fill_distance_bps['BTC-PERP']!.anchor.p90 += 1;
    rep.api.calls += 1;
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify(rep));
    const diff = await capture(() => compareMain({ a: out, b: path.join(dir, 'b.json'), onlyDiff: true }));
    expect(diff.code).toBe(1);
    const marked = diff.out.split('\n').filter((l) => l.trimStart().startsWith('≠'));
    expect(marked.map((l) => l.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^≠ BTC-PERP anchor p90 bps [\d.]+ [\d.]+$/),
      `≠ api.calls ${rep.api.calls - 1} ${rep.api.calls}`,
    ]);
  });

  it('leaves no temp file behind', () => {
    const all = [...readdirSync(out), ...readdirSync(path.join(dir, 'events'))];
    expect(all.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(path.join(out, 'report.json'))).toBe(true);
  });
});

describe('sim flags', () => {
  it('refuses a window that is not a multiple of the 10 s sample (exit 2, nothing written)', async () => {
    const sc = writeScenario(`name: w\nduration: 5m\n${SMALL_MARKET}`);
    const o = path.join(dir, 'w');
    const r = await capture(() => simMain({ scenario: [sc], out: o, quiet: true, html: false, window: '95s' }));
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'rocky-bot sim: --window: expected a multiple of 10 s (the report samples every 10 s), such as 15m or 1h, got "95s"\n',
    );
    expect(existsSync(o)).toBe(false);
  });
});

describe('an interrupted sim', () => {
  const built = existsSync(path.resolve('dist/cli/main.js'));
  it.runIf(built)(
    'removes its half-written CSVs on SIGINT and exits 130',
    async () => {
      const sc = writeScenario(`name: long\nduration: 24h\n${SMALL_MARKET}`);
      const ev = path.join(dir, 'int-events');
      const child = spawn(process.execPath, [
        path.resolve('bin/rocky-bot.js'),
        'sim',
        '--scenario',
        sc,
        '--out',
        path.join(dir, 'int'),
        '--events',
        ev,
        '--quiet',
      ]);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Wait (bounded) until the run has its temp files open, then interrupt it.
      for (let i = 0; i < 600 && !(existsSync(ev) && readdirSync(ev).length === 4); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(readdirSync(ev).every((f) => f.endsWith('.tmp'))).toBe(true);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(readdirSync(ev)).toEqual([]);
      expect(existsSync(path.join(dir, 'int', 'report.json'))).toBe(false);
    },
    60_000,
  );
});
