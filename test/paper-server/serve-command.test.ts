import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { serveMain } from '../../src/cli/serve-command.js';
import { fixture } from './helpers.js';

describe('rocky-bot serve (command)', () => {
  it('exits 2 on bad input, and writes the sim-format report on SIGTERM', async () => {
    const f = fixture();
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const base = { scenario: f.scenario, keys: f.keysPath, port: 0, host: '127.0.0.1', speed: 1 };
      expect(await serveMain({ ...base, speed: 0 })).toBe(2);
      expect(await serveMain({ ...base, keys: path.join(f.dir, 'missing.json') })).toBe(2);
      expect(await serveMain({ ...base, faultOutage: ['bogus'] })).toBe(2);
      const signals = new EventEmitter();
      const dir = path.join(f.dir, 'out');
      const done = serveMain({ ...base, out: dir }, signals);
      await new Promise((r) => setTimeout(r, 300));
      signals.emit('SIGTERM');
      expect(await done).toBe(0);
      const rep = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
      expect(rep.scenario).toBe('paper');
      expect(existsSync(path.join(dir, 'report.json'))).toBe(true);
      expect(out.mock.calls.map((c) => String(c[0])).join('')).toContain('Funnel');
    } finally {
      err.mockRestore();
      out.mockRestore();
    }
  });
});
