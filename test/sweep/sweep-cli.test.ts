// The sweep end to end through the CLI, on a tiny grid (2 taker intervals × 6 seeds of 3 simulated
// minutes): the same sweep.json whatever the number of worker threads, after an interrupted sweep
// is resumed, and from shards joined by `sweep merge`.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, runCli, TINY } from './helpers.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'sweep-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const out = (name: string): string => path.join(tmp, name);
const sweepJson = (dir: string): string => readFileSync(path.join(dir, 'sweep.json'), 'utf8');

let reference: string;

beforeAll(async () => {
  const r = await runCli(['sweep', ...TINY, '--workers', '2', '--out', out('ref')]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  reference = sweepJson(out('ref'));
}, 120_000);

describe('rocky-bot sweep', () => {
  it('summarises each cell: distributions, pass rates with Wilson intervals, failing seeds with a command to reproduce', () => {
    const s = JSON.parse(reference);
    expect(s.runs).toBe(12);
    expect(s.seeds).toBe('1..6');
    expect(s.cells.map((c: any) => c.params)).toEqual([{ 'strategy.taker.interval_s': 20 }, { 'strategy.taker.interval_s': 40 }]);
    for (const c of s.cells) {
      expect(c.runs).toBe(6);
      const d = c.metrics['share.BTC-PERP.L1'];
      expect(d.min).toBeLessThanOrEqual(d.p5);
      expect(d.p5).toBeLessThanOrEqual(d.median);
      expect(d.median).toBeLessThanOrEqual(d.p95);
      expect(d.p95).toBeLessThanOrEqual(d.max);
      const all = c.all_expectations;
      expect(all.passed).toBe(6 - c.failing_seeds.length);
      expect(all.wilson95[0]).toBeLessThanOrEqual(all.pass_rate);
      expect(all.wilson95[1]).toBeGreaterThanOrEqual(all.pass_rate);
      expect(c.reproduce).toBe(
        `rocky-bot sim --scenario scenarios/drift.yaml --duration 3m --set strategy.taker.interval_s=${c.params['strategy.taker.interval_s']} --seed SEED`,
      );
      expect(c.worst).toHaveLength(1);
      expect(existsSync(path.join(out('ref'), c.worst[0].report))).toBe(true);
    }
    // one CSV row per run, in plan order
    const csv = readFileSync(path.join(out('ref'), 'sweep.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(csv).toHaveLength(13);
    expect(csv[1]).toMatch(/^0,drift,0,20,1,/);
    expect(csv[12]).toMatch(/^11,drift,1,40,6,/);
    const html = readFileSync(path.join(out('ref'), 'sweep.html'), 'utf8');
    expect(html).toContain('Heat map');
    expect(html).not.toMatch(/<script|https?:\/\//);
  }, 180_000);

  it('gives the same sweep.json and sweep.csv with 1 worker thread as with 2', async () => {
    const r = await runCli(['sweep', ...TINY, '--workers', '1', '--out', out('one')]);
    expect(r.code).toBe(0);
    expect(sweepJson(out('one'))).toBe(reference);
    expect(readFileSync(path.join(out('one'), 'sweep.csv'), 'utf8')).toBe(
      readFileSync(path.join(out('ref'), 'sweep.csv'), 'utf8'),
    );
  }, 180_000);

  it('resumes a killed sweep: only the missing runs run, and the result is the same', async () => {
    const dir = out('killed');
    const p = cli(['sweep', ...TINY, '--workers', '1', '--out', dir]);
    const runs = path.join(dir, 'runs');
    // kill it (no chance to clean up) once some but not all results are on disk
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        const n = existsSync(runs) ? readdirSync(runs).filter((f) => f.endsWith('.json')).length : 0;
        if (n >= 3) {
          clearInterval(poll);
          p.child.kill('SIGKILL');
          resolve();
        }
      }, 10);
      void p.exited.then(() => {
        clearInterval(poll);
        reject(new Error(`the sweep ended before it could be killed:\n${p.stdout()}`));
      });
    });
    expect(await p.exited).toBe('SIGKILL');
    const cachedBefore = readdirSync(runs).filter((f) => f.endsWith('.json')).length;
    expect(cachedBefore).toBeLessThan(12);
    const r = await runCli(['sweep', ...TINY, '--workers', '1', '--out', dir]);
    expect(r.code).toBe(0);
    const m = r.stdout.match(/(\d+) ran on 1 worker thread\(s\), (\d+) cached/)!;
    expect(Number(m[2])).toBe(cachedBefore);
    expect(Number(m[1])).toBe(12 - cachedBefore);
    expect(sweepJson(dir)).toBe(reference);
    expect(readdirSync(runs).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 180_000);

  it('shards joined by `sweep merge` give the single run’s sweep.json; a missing shard is named', async () => {
    const [a, b] = await Promise.all([
      runCli(['sweep', ...TINY, '--workers', '1', '--shard', '0/2', '--out', out('s0')]),
      runCli(['sweep', ...TINY, '--workers', '1', '--shard', '1/2', '--out', out('s1')]),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(existsSync(path.join(out('s0'), 'sweep.json'))).toBe(false);
    const alone = await runCli(['sweep', 'merge', out('s0'), '--out', out('m0'), '--worst', '1', '--quiet']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/6 of 12 runs have no result .*missing from shard\(s\) 1\/2/);
    const m = await runCli(['sweep', 'merge', out('s0'), out('s1'), '--out', out('merged'), '--worst', '1', '--quiet']);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    expect(sweepJson(out('merged'))).toBe(reference);
  }, 180_000);

  it('bad input: one line naming the flag or key, exit 2, nothing written', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--seeds', '5..1'], /--seeds: given 2 times/],
      [
        ['--set', 'strategy.taker.interval_s=20,-1'],
        /strategy\.taker\.interval_s \(--set\): .*got -1 \(in the cell strategy\.taker\.interval_s=-1\)/,
      ],
      [['--set', 'strategy.takr.interval_s=1'], /strategy\.takr\b.*: unknown key/],
      [['--shard', '2/2'], /--shard: expected i\/N with 0 ≤ i < N/],
      [
        ['--set', 'strategy.taker.interval_s=20', '--set', 'strategy.taker.interval_s=30'],
        /--set strategy.taker.interval_s: given twice/,
      ],
      [['--queue', 'http://x'], /--queue: expected redis:\/\/HOST:PORT\/DB/],
    ];
    for (const [flags, re] of cases) {
      const dir = out(`bad-${cases.findIndex((c) => c[0] === flags)}`);
      const args = ['sweep', '--scenario', 'scenarios/drift.yaml', '--seeds', '1..2', '--out', dir, ...flags];
      const r = await runCli(args);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr).toMatch(re);
      // one line saying what is wrong (a flag error adds the usage hint)
      expect(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => !l.startsWith('run `rocky-bot --help`')),
      ).toHaveLength(1);
      expect(existsSync(dir)).toBe(false);
    }
    const backwards = await runCli(['sweep', '--scenario', 'scenarios/drift.yaml', '--seeds', '5..1', '--out', out('bw')]);
    expect([backwards.code, backwards.stderr]).toEqual([2, expect.stringMatching(/--seeds: range 5..1 runs backwards/)]);
    const broken = path.join(tmp, 'broken.yaml');
    writeFileSync(broken, 'name: broken\nsymbols: {}\n');
    const r = await runCli(['sweep', '--scenario', broken, '--seeds', '1', '--out', out('broken')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml: symbols \(line 2\): expected at least one symbol$/m);
  }, 180_000);
});
