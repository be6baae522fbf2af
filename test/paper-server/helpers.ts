import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultRoster } from '../../src/engine/roster.js';
import { hmacHex } from '../../src/paper-server/params.js';

export interface TestAccount {
  id: string;
  key: string;
  secret: string;
}

/** A temp folder with a scenario file and a keys file for the default 30-account roster. */
export function fixture(opts: { scenarioExtra?: string; duration?: string } = {}): {
  dir: string;
  scenario: string;
  keysPath: string;
  accounts: TestAccount[];
} {
  const dir = mkdtempSync(path.join(tmpdir(), 'rocky-serve-'));
  const scenario = path.join(dir, 'paper.yaml');
  writeFileSync(
    scenario,
    [
      'name: paper',
      'seed: 7',
      `duration: ${opts.duration ?? '2h'}`,
      'symbols:',
      '  BTCUSDT:',
      '    source: { kind: synthetic, start_price: 64000, drift_pct_per_day: 0, rate_hz: 10 }',
      '  ETHUSDT:',
      '    source: { kind: synthetic, start_price: 3450, drift_pct_per_day: 0, rate_hz: 10 }',
      opts.scenarioExtra ?? '',
    ].join('\n'),
  );
  const accounts = defaultRoster().map((a) => ({
    id: a.id,
    key: randomBytes(32).toString('hex'),
    secret: randomBytes(32).toString('hex'),
  }));
  const keysPath = path.join(dir, '.keys.json');
  writeFileSync(keysPath, JSON.stringify({ base_url: 'http://127.0.0.1:1', accounts }, null, 2));
  chmodSync(keysPath, 0o600);
  return { dir, scenario, keysPath, accounts };
}

export interface Resp {
  status: number;
  body: any;
  headers: Headers;
}

export async function call(
  base: string,
  method: string,
  p: string,
  opts: { key?: string; query?: string; body?: string } = {},
): Promise<Resp> {
  const url = `${base}${p}${opts.query ? `?${opts.query}` : ''}`;
  const headers: Record<string, string> = {};
  if (opts.key) headers['X-MBX-APIKEY'] = opts.key;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const r = await fetch(url, { method, headers, body: opts.body });
  const text = await r.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: r.status, body, headers: r.headers };
}

/** Signed call with everything in the query string (params, timestamp, recvWindow, signature). */
export async function signed(
  base: string,
  acct: TestAccount,
  method: string,
  p: string,
  params: Record<string, string | number>,
  now: number,
): Promise<Resp> {
  const q = new URLSearchParams({
    ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    timestamp: String(now),
    recvWindow: '5000',
  }).toString();
  return call(base, method, p, { key: acct.key, query: `${q}&signature=${hmacHex(acct.secret, q)}` });
}
