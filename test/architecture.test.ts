// The layout is the architecture (docs/architecture.md): each folder of src/ is a room, rooms may
// only import the rooms listed for them here, no file imports itself back through a cycle, and a
// file over LONG_LINES lines says at its top why it is long.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve('src');

/** Room → the rooms it may import (besides itself). Keep in step with docs/architecture.md. */
const ALLOWED: Record<string, string[]> = {
  engine: [],
  config: ['engine'],
  io: ['engine'],
  'sim-exchange': ['engine', 'config'],
  'market-data': ['engine', 'config', 'io'],
  sim: ['engine', 'sim-exchange', 'market-data'],
  report: ['engine', 'sim-exchange', 'market-data', 'io'],
  scenario: ['engine', 'config', 'sim', 'sim-exchange', 'market-data', 'report'],
  session: ['engine', 'config'],
  world: ['engine', 'config', 'io', 'sim-exchange', 'market-data', 'sim', 'report', 'scenario', 'session'],
  live: ['engine', 'config', 'io', 'market-data', 'session'],
  sweep: ['engine', 'config', 'io', 'scenario', 'world', 'report', 'market-data'],
  'paper-server': ['engine', 'config', 'io', 'sim-exchange', 'sim', 'market-data', 'report', 'scenario', 'world'],
  cli: [
    'engine',
    'config',
    'io',
    'sim-exchange',
    'sim',
    'market-data',
    'report',
    'scenario',
    'world',
    'session',
    'live',
    'paper-server',
    'sweep',
  ],
};
const LONG_LINES = 300;
/** Long files waiting for their split, each with the issue that splits it. Remove entries as they land. */
const LONG_PENDING: Record<string, string> = {
  'market-data/public-data-fetch.ts':
    'split the date/URL/checksum helpers from the download (writes already go through io/atomic-write)',
};

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out.sort();
}

const files = sources(SRC);
const text = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
const roomOf = (f: string): string => path.relative(SRC, f).split(path.sep)[0]!;

/** Relative imports of a file, resolved to source files (type-only imports included: they couple too). */
function importsOf(f: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const m of text.get(f)!.matchAll(re)) {
    const spec = m[1] ?? m[2]!;
    out.push(path.resolve(path.dirname(f), spec).replace(/\.js$/, '.ts'));
  }
  return out;
}

describe('architecture', () => {
  it('every file of src/ sits in a known room', () => {
    const unknown = files.map(roomOf).filter((r) => !(r in ALLOWED));
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('rooms import only the rooms they may', () => {
    const bad: string[] = [];
    for (const f of files) {
      const from = roomOf(f);
      for (const target of importsOf(f)) {
        const to = roomOf(target);
        if (to !== from && !ALLOWED[from]!.includes(to)) bad.push(`${path.relative(SRC, f)} → ${path.relative(SRC, target)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no import cycle between files', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => text.has(t))]));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, trail: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(f)), f].map((x) => path.relative(SRC, x)).join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const t of graph.get(f)!) visit(t, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it(`files over ${LONG_LINES} lines say why at their top`, () => {
    const long = files.filter((f) => {
      const t = text.get(f)!;
      return (
        t.split('\n').length > LONG_LINES && !/^\/\*\*[\s\S]*?Long file:/.test(t) && !(path.relative(SRC, f) in LONG_PENDING)
      );
    });
    expect(long.map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it('engine, venue and simulator code take time and randomness only through the ports', () => {
    const bad: string[] = [];
    const re = /Date\.now\(|new Date\(\)|Math\.random\(|performance\.now\(|setTimeout\(|setInterval\(/;
    for (const f of files) {
      if (!['engine', 'sim-exchange', 'sim'].includes(roomOf(f))) continue;
      text
        .get(f)!
        .split('\n')
        .forEach((line, i) => {
          if (re.test(line) && !/^\s*(\/\/|\*)/.test(line)) bad.push(`${path.relative(SRC, f)}:${i + 1}`);
        });
    }
    expect(bad).toEqual([]);
  });
});
