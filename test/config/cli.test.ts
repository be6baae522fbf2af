/** The command line itself: -h and an example on every command, --version only at the top, negative numbers, one value per flag. */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.js';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const text: string[] = [];
  const code = await main(args, { out: (t) => void text.push(t), err: (t) => void text.push(t), signals: new EventEmitter() });
  return { code, out: text.join('') };
}

const COMMANDS = [
  ['sim'],
  ['live'],
  ['serve'],
  ['keys'],
  ['keys', 'check'],
  ['record'],
  ['data'],
  ['data', 'synth'],
  ['data', 'fetch'],
  ['schema'],
  ['sweep'],
  ['sweep', 'merge'],
  ['worker'],
];

describe('rocky-bot command line', () => {
  it.each(COMMANDS.map((c) => [c.join(' '), c] as const))(
    '%s: -h prints usage with an example, exit 0; --version is refused',
    async (_n, c) => {
      const h = await run([...c, '-h']);
      expect(h.code).toBe(0);
      expect(h.out).toMatch(/Examples:\n\s+rocky-bot /);
      expect(h.out).not.toMatch(/--version/);
      const v = await run([...c, '--version']);
      expect(v.code).toBe(2);
      expect(v.out).toMatch(/Unknown argument: version/);
    },
  );

  it('--version at the top level prints the package version', async () => {
    const v = await run(['--version']);
    expect(v).toEqual({ code: 0, out: `${JSON.parse(readFileSync('package.json', 'utf8')).version}\n` });
  });

  it('negative numbers are values, not flags', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'rb-cli-')), 'down.csv');
    const r = await run([
      'data',
      'synth',
      '--symbol',
      'ETHUSDT',
      '--out',
      out,
      '--duration',
      '1m',
      '--drift-pct-per-day',
      '-5',
      '--seed',
      '7',
    ]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/writing .*down\.csv: about 600 rows/);
    expect(readFileSync(out, 'utf8').split('\n')).toHaveLength(602);
  });
});
