/**
 * The printed JSON Schemas: the committed schemas/*.schema.json are exactly what `rocky-bot schema`
 * prints, every committed scenario validates against the printed scenario schema with a real
 * JSON-Schema validator (ajv), each carries the editor modeline pointing at the committed schema,
 * and the schema does refuse what the loader refuses field by field.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.js';
import { SCHEMA_NAMES } from '../../src/config/json-schema.js';

async function printed(name: string): Promise<string> {
  const out: string[] = [];
  const code = await main(['schema', name], {
    out: (t) => void out.push(t),
    err: (t) => void out.push(t),
    signals: new EventEmitter(),
  });
  expect(code).toBe(0);
  return out.join('');
}

const scenarioFiles = ['scenarios', 'scenarios/validation'].flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(d, f)),
);

describe('JSON Schemas', () => {
  it.each(SCHEMA_NAMES)('schemas/%s.schema.json is what `rocky-bot schema` prints', async (name) => {
    expect(readFileSync(`schemas/${name}.schema.json`, 'utf8')).toBe(await printed(name));
  });

  it('every committed scenario validates against the printed scenario schema, and carries the modeline', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(await printed('scenario')));
    expect(scenarioFiles.length).toBeGreaterThanOrEqual(13);
    for (const f of scenarioFiles) {
      const text = readFileSync(f, 'utf8');
      const ok = validate(parse(text));
      expect(ok ? [] : validate.errors, f).toEqual([]);
      const m = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text);
      expect(m, `${f} has the modeline`).not.toBeNull();
      expect(existsSync(path.resolve(path.dirname(f), m![1]!)), `${f} modeline points at a file`).toBe(true);
    }
  });

  it('refuses what the loader refuses, field by field', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(await printed('scenario')));
    const base = parse(readFileSync('scenarios/calm.yaml', 'utf8'));
    const bad = [
      { ...base, exchnage: {} },
      { ...base, strategy: { ladder: { time_in_force: 'IOC' } } },
      { ...base, strategy: { risk: { max_notional_usdc: -1 } } },
      { ...base, name: '..' },
      { ...base, seed: 1.5 },
      { ...base, duration: '6 hours' },
      { ...base, symbols: { BTCUSDT: { source: { kind: 'synthetic', vol: 3 } } } },
    ];
    for (const b of bad) expect(validate(b), JSON.stringify(b).slice(0, 120)).toBe(false);
    const keys = ajv.compile(JSON.parse(await printed('keys')));
    expect(keys({ base_url: 'https://x', accounts: [{ id: 'mm-anchor', key: 'k', secrte: 's' }] })).toBe(false);
    expect(keys({ base_url: 'https://x', accounts: [{ id: 'mm-anchor', key: 'k', secret: 's' }] })).toBe(true);
    const live = ajv.compile(JSON.parse(await printed('live-config')));
    expect(live({ ladder: { drift_bps: -5 } })).toBe(false);
    expect(live({ live: { recv_window_ms: 5000 } })).toBe(true);
  });
});
