import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../src/engine/rng.js';
import { BookTickerCsvSource } from '../../src/market-data/bookticker-csv.js';
import { openPriceSource, parsePriceSource } from '../../src/market-data/price-source.js';
import { writeSyntheticCsv } from '../../src/market-data/synthetic-csv.js';
import type { SyntheticConfig } from '../../src/market-data/synthetic.js';
import { BT_HEADER, drain, tmpDir } from './helpers.js';

describe('writeSyntheticCsv', () => {
  it('writes a bookTicker CSV with a header that replays to the ticks a scenario with that seed generates', () => {
    const dir = tmpDir();
    const out = path.join(dir, 'BTCUSDT-bookTicker-synth.csv');
    const cfg = parsePriceSource({ kind: 'synthetic', gaps: [{ at_min: 1, duration_min: 0.5 }] }, 'f', 'p') as SyntheticConfig;
    const startMs = Date.UTC(2025, 0, 1);
    const r = writeSyntheticCsv(cfg, { symbol: 'BTCUSDT', startMs, durationMs: 120_000, tickSize: 0.1, seed: 42, out });
    expect(r.rows).toBe(1200 - 300);
    expect(fs.readFileSync(out, 'utf8').split('\n')[0]).toBe(BT_HEADER);
    expect(fs.readdirSync(dir)).toEqual(['BTCUSDT-bookTicker-synth.csv']);
    const replayed = drain(new BookTickerCsvSource(out));
    const generated = drain(
      openPriceSource(cfg, {
        symbol: 'BTCUSDT',
        startMs,
        durationMs: 120_000,
        tickSize: 0.1,
        rng: new SeededRng('42').split('tape/BTCUSDT'),
        baseDir: dir,
      }),
    );
    expect(replayed).toEqual(generated);
  });
});
