// Regenerates the committed synthetic samples in data/. Run after `npm run build`:
//   node bench/ticks-samples.mjs
// Same as `rocky-bot data synth` with these options (see docs/market-data.md).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePriceSource } from '../dist/market-data/price-source.js';
import { writeSyntheticCsv } from '../dist/market-data/synthetic-csv.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cfg = parsePriceSource({ kind: 'synthetic' }, 'bench/ticks-samples.mjs', 'source'); // calibrated calm defaults, 10 Hz
for (const [symbol, tickSize] of [
  ['BTCUSDT', 0.1],
  ['ETHUSDT', 0.01],
]) {
  const out = path.join(root, 'data', `${symbol}-bookTicker-sample.csv`);
  const r = writeSyntheticCsv(cfg, {
    symbol,
    startMs: Date.parse('2025-01-01T00:00:00Z'),
    durationMs: 600_000,
    tickSize,
    seed: 'sample',
    out,
  });
  console.log(`${path.relative(root, out)}: ${r.rows} rows, ${r.bytes} bytes`);
}
