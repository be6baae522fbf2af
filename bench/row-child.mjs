// Runs one bench/rows module in this process and prints its rows on stdout as one line
// `@@rows <json>` (or `@@error <message>`), which bench/run.js collects. Its peak RSS is added to
// nothing: a module that reports memory reads process.resourceUsage() itself.
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const file = process.argv[2];
const quick = process.argv.includes('--quick');
try {
  const mod = await import(pathToFileURL(path.resolve(file)).href);
  const rows = await mod.default({ quick });
  if (!Array.isArray(rows)) throw new Error('the default export did not return an array of rows');
  for (const r of rows) {
    if (typeof r.figure !== 'string' || typeof r.value !== 'number' || typeof r.unit !== 'string')
      throw new Error(`row ${JSON.stringify(r)}: figure (string), value (number), unit (string) expected`);
  }
  process.stdout.write(`\n@@rows ${JSON.stringify(rows)}\n`);
} catch (e) {
  process.stdout.write(`\n@@error ${String(e instanceof Error ? e.message : e).replace(/\n/g, ' ')}\n`);
  process.exitCode = 1;
}
