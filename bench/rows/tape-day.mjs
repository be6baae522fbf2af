// The real-rate fleet-day: the fleet of scenarios/drift.yaml (30 accounts × 2 symbols) for 24 h
// on bookTicker CSV tapes at 100 updates/s per symbol (17.3 M ticks; `rocky-bot data synth
// --rate-hz 100`, calibrated BTC/ETH defaults), read through their binary indexes (`rocky-bot
// data index`), against the same fleet-day on drift.yaml's 10 Hz synthetic tape. --quick: 1 h.
// Rows:
// - the whole day, CPU-s of runScenario, median of three, each day in a child process of its own
//   (alternating real-rate and 10 Hz), whose peak RSS is the memory row (the largest of the three);
// - the tape part of each day: the world's tape pipeline alone (price source → range tap → cursor
//   → fleet feed, as build-world.ts wires it), advanced every 100 ms of virtual time, median of
//   three interleaved rounds in this process; also the real-rate tapes read as CSV without index.
// Tapes are generated in a temp folder (about 1.1 GB for 24 h) and removed after.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeededRng } from '../../dist/engine/rng.js';
import { openPriceSource, parsePriceSource } from '../../dist/market-data/price-source.js';
import { writeSyntheticCsv } from '../../dist/market-data/synthetic-csv.js';
import { buildTapeIndex } from '../../dist/market-data/tape-index.js';
import { TapeRanges } from '../../dist/report/tape-range.js';
import { FaultModel } from '../../dist/sim/faults.js';
import { SimFeed } from '../../dist/sim/sim-feed.js';
import { TapeCursor } from '../../dist/sim/tape-cursor.js';
import { interleaved, median, rmTemp, tempDir } from '../ticks-lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SYMBOLS = [
  ['BTCUSDT', 0.1, 64000],
  ['ETHUSDT', 0.01, 3450],
];
const START = Date.parse('2025-01-01T00:00:00Z');

function day(scenario, hours) {
  const r = spawnSync(process.execPath, [path.join(root, 'bench', 'ticks-day.mjs'), scenario, String(hours)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`day on ${scenario} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** The world's tape pipeline alone over `hours`, polled every 100 ms of virtual time. */
function tapePart(raw, hours) {
  const durationMs = hours * 3_600_000;
  let now = START;
  const feed = new SimFeed({ now: () => now }, new FaultModel({ feed_gaps: [], api_outages: [] }, START));
  const ranges = new TapeRanges();
  const rng = new SeededRng('42');
  const cursors = SYMBOLS.map(([sym, tickSize]) => {
    const cfg = parsePriceSource(raw(sym), 'bench', 'source');
    const src = openPriceSource(cfg, {
      symbol: sym,
      startMs: START,
      durationMs,
      tickSize,
      rng: rng.split(`tape/${sym}`),
      baseDir: root,
    });
    const cur = new TapeCursor(sym, ranges.wrap(sym, src), 0);
    feed.addSymbol(cur);
    return cur;
  });
  let sum = 0;
  for (now = START; now <= START + durationMs; now += 100) sum += feed.mid('BTCUSDT') + feed.mid('ETHUSDT');
  if (!(sum > 0)) throw new Error('no prices');
  for (const c of cursors) c.close();
  return cursors.reduce((n, c) => n + c.ticksRead, 0);
}

export default async function rows({ quick }) {
  const hours = quick ? 1 : 24;
  const dir = tempDir('tape-day');
  try {
    const files = {};
    for (const [sym, tickSize] of SYMBOLS) {
      const out = path.join(dir, `${sym}-bookTicker-100hz.csv`);
      const cfg = parsePriceSource({ kind: 'synthetic', rate_hz: 100 }, 'bench', 'source');
      writeSyntheticCsv(cfg, {
        symbol: sym,
        startMs: START,
        durationMs: hours * 3_600_000,
        tickSize,
        seed: `real-rate-${sym}`,
        out,
      });
      buildTapeIndex(out);
      files[sym] = out;
      process.stderr.write(`tape-day: ${out} (${(fs.statSync(out).size / 1048576).toFixed(0)} MiB) and its index\n`);
    }
    const scenario = path.join(dir, 'real-rate.yaml');
    fs.writeFileSync(
      scenario,
      `name: real-rate\nseed: 42\nduration: ${hours}h\nsymbols:\n${SYMBOLS.map(([s]) => `  ${s}:\n    source: { kind: bookticker_csv, file: ${files[s]} }\n`).join('')}`,
    );
    const drift = path.join(root, 'scenarios', 'drift.yaml');
    const real = [];
    const tenHz = [];
    for (let i = 0; i < 3; i++) {
      real.push(day(scenario, hours));
      tenHz.push(day(drift, hours));
    }
    const realCpu = median(real.map((r) => r.cpu));
    const tenCpu = median(tenHz.map((r) => r.cpu));
    const realRss = Math.max(...real.map((r) => r.rssMB));
    const tenRss = Math.max(...tenHz.map((r) => r.rssMB));

    const ticks = {};
    const synthRaw = (sym) => ({
      kind: 'synthetic',
      start_price: SYMBOLS.find((s) => s[0] === sym)[2],
      drift_pct_per_day: 6,
      rate_hz: 10,
    });
    const parts = await interleaved(3, {
      indexed: () => {
        ticks.indexed = tapePart((sym) => ({ kind: 'bookticker_csv', file: files[sym] }), hours);
      },
      tenHz: () => {
        ticks.tenHz = tapePart(synthRaw, hours);
      },
    });
    for (const f of Object.values(files)) fs.renameSync(`${f}.tapeidx`, `${f}.tapeidx.off`);
    const csv = await interleaved(3, {
      csv: () => {
        ticks.csv = tapePart((sym) => ({ kind: 'bookticker_csv', file: files[sym] }), hours);
      },
    });
    if (ticks.csv !== ticks.indexed) throw new Error(`index and CSV read different tick counts: ${JSON.stringify(ticks)}`);
    const partIdx = median(parts.indexed);
    const partTen = median(parts.tenHz);
    const partCsv = median(csv.csv);
    const M = (n) => `${(n / 1e6).toFixed(2)} M`;
    return [
      {
        figure: `${hours} h fleet-day, real-rate tapes (100/s per symbol, ${M(real[0].ticks)} ticks), indexed`,
        value: realCpu,
        unit: 'CPU-s',
        reference: `10 Hz day ${tenCpu.toFixed(2)} CPU-s`,
        ratio: realCpu / tenCpu,
        target: quick ? '(≤ 6 CPU-s at 24 h)' : '≤ 6 CPU-s',
        met: quick ? null : realCpu <= 6,
      },
      {
        figure: `tape part of that day (${M(ticks.indexed)} ticks through the index)`,
        value: partIdx,
        unit: 'CPU-s',
        reference: `10 Hz tape part ${partTen.toFixed(2)} CPU-s (${M(ticks.tenHz)} ticks)`,
        ratio: partIdx / partTen,
        target: '≤ 1× reference',
        met: partIdx <= partTen,
      },
      {
        figure: `tape part, same tapes read as CSV (no index)`,
        value: partCsv,
        unit: 'CPU-s',
        reference: `10 Hz tape part ${partTen.toFixed(2)} CPU-s`,
        ratio: partCsv / partTen,
        target: '',
        met: null,
      },
      {
        figure: `peak RSS, ${hours} h real-rate fleet-day`,
        value: realRss,
        unit: 'MB',
        reference: `10 Hz day ${tenRss.toFixed(0)} MB`,
        ratio: realRss / tenRss,
        target: '≤ 150 MB',
        met: realRss <= 150,
      },
    ];
  } finally {
    rmTemp(dir);
  }
}
