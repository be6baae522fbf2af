// Runs bench/rows/tape-*.mjs modules alone and prints their rows (the protocol of bench/rows/README.md;
// `npm run bench` runs them with every other module). After `npm run build`:
//   node bench/ticks-rows.mjs [--quick] [ingest|day ...]
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const names = args.filter((a) => !a.startsWith('--'));
for (const name of names.length ? names : ['ingest', 'day']) {
  const mod = await import(pathToFileURL(path.join(here, 'rows', `tape-${name}.mjs`)).href);
  for (const r of await mod.default({ quick })) {
    const ratio = r.ratio === null ? '' : `${r.ratio.toFixed(2)}×`;
    console.log(
      `${r.figure} | ${r.value.toFixed(2)} ${r.unit} | ${r.reference} | ${ratio} | ${r.target} | ${r.met === null ? '' : r.met ? 'met' : 'NOT met'}`,
    );
  }
}
