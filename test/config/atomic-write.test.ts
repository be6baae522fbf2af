/** The one writer: temp files beside the target, nothing half-written, and an interrupted synth leaves nothing. */
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.js';
import { AtomicWriter, openTempFiles, writeFileAtomic } from '../../src/io/atomic-write.js';
import { fileProblem, folderProblem } from '../../src/io/writable.js';
import { BookTickerRecorder } from '../../src/market-data/recorder.js';

const dir = () => mkdtempSync(path.join(tmpdir(), 'rb-aw-'));

describe('atomic writes', () => {
  it('writeFileAtomic and AtomicWriter leave only the target, and abort leaves nothing', () => {
    const d = dir();
    writeFileAtomic(path.join(d, 'sub', 'a.json'), '{}');
    expect(readdirSync(path.join(d, 'sub'))).toEqual(['a.json']);
    const w = new AtomicWriter(path.join(d, 'b.csv'));
    w.write('x\n');
    expect(existsSync(path.join(d, 'b.csv'))).toBe(false);
    expect(readdirSync(d).filter((f) => f.startsWith('.b.csv.'))).toHaveLength(1);
    w.abort();
    expect(readdirSync(d).sort()).toEqual(['sub']);
    expect(openTempFiles()).toEqual([]);
  });

  it('output checks create nothing and name the problem', () => {
    const d = dir();
    writeFileAtomic(path.join(d, 'f'), 'x');
    expect(folderProblem(path.join(d, 'new', 'deeper'))).toBeUndefined();
    expect(folderProblem(path.join(d, 'f'))).toMatch(/is a file, expected a folder/);
    expect(folderProblem(path.join(d, 'f', 'x'))).toMatch(/lies under a file/);
    expect(folderProblem('/proc/rb-x')).toMatch(/cannot write in \/proc/);
    expect(fileProblem(d)).toMatch(/is a folder, expected a file path/);
    expect(readdirSync(d)).toEqual(['f']);
  });

  it('data synth interrupted by SIGINT exits 130 and removes its temp file', async () => {
    const d = dir();
    const out = path.join(d, 'tape.csv');
    const signals = new EventEmitter();
    const text: string[] = [];
    const io = {
      out: (t: string) => void text.push(t),
      // The size line is printed just before writing starts: interrupt then.
      err: (t: string) => {
        text.push(t);
        if (t.startsWith('writing')) setImmediate(() => signals.emit('SIGINT'));
      },
      signals,
    };
    const code = await main(['data', 'synth', '--symbol', 'BTCUSDT', '--out', out, '--duration', '6h'], io);
    expect(code).toBe(130);
    expect(text.join('')).toMatch(/interrupted by SIGINT; nothing written/);
    expect(readdirSync(d)).toEqual([]);
    expect(openTempFiles()).toEqual([]);
  });

  it('recorder: a day file appears whole at close; until then rows sit in a hidden temp file', async () => {
    const d = dir();
    const r = new BookTickerRecorder(d);
    const E = Date.UTC(2026, 4, 2, 12);
    r.write({
      symbol: 'BTCUSDT',
      updateId: 1,
      bid: '1',
      bidQty: '1',
      ask: '2',
      askQty: '1',
      transactionTime: E,
      eventTime: E,
      receivedAt: E,
    });
    expect(readdirSync(d).filter((f) => !f.startsWith('.'))).toEqual([]);
    await r.close();
    expect(readdirSync(d)).toEqual(['BTCUSDT-bookTicker-2026-05-02.csv']);
    expect(readFileSync(path.join(d, 'BTCUSDT-bookTicker-2026-05-02.csv'), 'utf8').split('\n')).toHaveLength(3);
  });
});
