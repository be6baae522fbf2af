#!/usr/bin/env node
// `npm run bench`: builds once, runs every bench/rows/*.mjs in a child process of its own (peak
// RSS, JIT and GC per module), one after the other, and prints ONE table: figure, value,
// reference (measured in the same run), ratio, target, met. Protocol: bench/rows/README.md.
// Usage: npm run bench [-- [--quick] [--json] [NAME...]]  (NAME: run modules whose file name
// contains it). Exit 1 if a module failed (not if a target is unmet: this is a bench, not a test).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const asJson = args.includes('--json');
const names = args.filter((a) => !a.startsWith('--'));

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const dir = path.join('bench', 'rows');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && (names.length === 0 || names.some((n) => f.includes(n))))
  .sort();

const table = [];
let failed = false;
for (const f of files) {
  process.stderr.write(`bench: ${f} ...\n`);
  const r = spawnSync(process.execPath, ['bench/row-child.mjs', path.join(dir, f), ...(quick ? ['--quick'] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('@@rows ') || l.startsWith('@@error '));
  if (r.status === 0 && line?.startsWith('@@rows ')) {
    for (const row of JSON.parse(line.slice(7))) table.push({ module: f, ...row });
  } else {
    failed = true;
    const why = line?.startsWith('@@error ') ? line.slice(8) : `exit ${r.status ?? r.signal}`;
    table.push({
      module: f,
      figure: `${f} FAILED: ${why}`,
      value: Number.NaN,
      unit: '',
      reference: '',
      ratio: null,
      target: '',
      met: null,
    });
  }
}

if (asJson) {
  console.log(JSON.stringify(table, null, 2));
} else {
  const num = (x) =>
    Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2)) : '-';
  const cells = table.map((r) => [
    r.figure,
    `${num(r.value)} ${r.unit}`.trim(),
    r.reference || '-',
    r.ratio == null ? '-' : `${num(r.ratio)}`,
    r.target || '-',
    r.met == null ? '-' : r.met ? 'yes' : 'NO',
  ]);
  const head = ['figure', 'value', 'reference (same run)', 'ratio', 'target', 'met'];
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => `| ${c.map((x, i) => x.padEnd(w[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}
process.exit(failed ? 1 : 0);
