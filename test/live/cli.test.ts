import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keysCheckMain, liveMain } from '../../src/cli/live-commands.js';
import { MockRocky } from './helpers.js';

describe('keys check', () => {
  let mock: MockRocky;
  let file: string;
  let secrets: string[];
  beforeEach(async () => {
    mock = await new MockRocky().start();
    const accounts = mock.addRoster();
    secrets = accounts.flatMap((a) => [a.key, a.secret]);
    file = path.join(mkdtempSync(path.join(tmpdir(), 'kc-')), '.keys.json');
    writeFileSync(file, JSON.stringify({ base_url: mock.url, accounts }));
    chmodSync(file, 0o600);
  });
  afterEach(() => mock.stop());

  it('offline: OK with the role split; invalid file exits 2 listing problems', async () => {
    const out: string[] = [];
    expect(await keysCheckMain({ keys: file, online: false }, (s) => out.push(s))).toBe(0);
    expect(out.join('')).toMatch(/OK, 30 accounts \(24 ladders, 1 anchor, 5 takers\)/);
    expect(mock.requests).toHaveLength(0);
    writeFileSync(file, JSON.stringify({ base_url: 'ftp://x', accounts: [{ id: 'mm-anchor', key: 'a'.repeat(64), secret: '' }] }));
    out.length = 0;
    expect(await keysCheckMain({ keys: file, online: false }, (s) => out.push(s))).toBe(2);
    expect(out.join('')).toMatch(/base_url must be http\(s\)/);
    expect(out.join('')).toMatch(/accounts\[0\]\.secret missing \(account mm-anchor\)/);
  });

  it('online: reads every balance with signed requests; a wrong secret is reported without leaking it', async () => {
    const out: string[] = [];
    expect(await keysCheckMain({ keys: file, online: true }, (s) => out.push(s))).toBe(0);
    expect(mock.count('GET', '/fapi/v2/balance')).toBe(30);
    expect(mock.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
    // Break one secret.
    mock.accounts.forEach((v) => {
      if (v.id === 'mm-taker-3') v.secret = 'f'.repeat(64);
    });
    out.length = 0;
    expect(await keysCheckMain({ keys: file, online: true }, (s) => out.push(s))).toBe(1);
    expect(out.join('')).toMatch(/mm-taker-3: FAILED -1022/);
    for (const s of secrets) expect(out.join('').includes(s)).toBe(false);
  });

  it('live rejects bad flags with exit 2 before touching anything', async () => {
    expect(await liveMain({ keys: file, dryRun: true, keepOrders: false, metricsHost: '127.0.0.1', adoptOrders: false, metricsPort: 70000 })).toBe(2);
    expect(await liveMain({ keys: file, dryRun: true, keepOrders: false, metricsHost: '127.0.0.1', adoptOrders: false, feedUrl: 'http://x' })).toBe(2);
    expect(mock.requests).toHaveLength(0);
  });
});
