import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRoster } from '../../src/engine/roster.js';
import { KeysError, loadKeys, Redactor, validateKeys } from '../../src/config/keys.js';
import { JsonLogger } from '../../src/live/logger.js';
import { Metrics } from '../../src/live/metrics.js';
import { BookTickerCsvSource } from '../../src/market-data/bookticker-csv.js';
import { BookTickerRecorder, BOOKTICKER_HEADER } from '../../src/market-data/recorder.js';
import { genKey } from './helpers.js';

function roster(): Array<{ id: string; key: string; secret: string }> {
  return defaultRoster().map((a) => ({ id: a.id, key: genKey(), secret: genKey() }));
}

function problems(raw: unknown): string[] {
  try {
    validateKeys(raw, 'k.json');
  } catch (e) {
    expect(e).toBeInstanceOf(KeysError);
    return (e as KeysError).problems;
  }
  return [];
}

describe('keys validation', () => {
  it('accepts the 30-account roster without warnings and parses roles', () => {
    const k = validateKeys({ base_url: 'https://rocky.example/', accounts: roster() });
    expect(k.baseUrl).toBe('https://rocky.example');
    expect(k.accounts).toHaveLength(30);
    expect(k.warnings).toEqual([]);
    expect(k.accounts.find((a) => a.id === 'mm-anchor')!.spec.role).toBe('anchor');
    expect(k.accounts[0]!.spec).toMatchObject({ role: 'ladder', side: 'BUY', offsetBps: 5 });
  });

  it('names each problem and its field, never a secret', () => {
    const accs = roster();
    const leaked = accs.flatMap((a) => [a.key, a.secret]);
    const bad: Array<Record<string, unknown>> = accs.slice(0, 6);
    bad[1] = { ...bad[1], secret: '' };
    bad[2] = { id: bad[2]!.id, secret: bad[2]!.secret };
    bad[3] = { ...bad[3], id: 'mm-l9-up-1bps' };
    bad[4] = { ...bad[4], id: bad[0]!.id };
    bad[5] = { ...bad[5], key: bad[0]!.key };
    const p = problems({ accounts: bad });
    expect(p).toContain('base_url: missing; expected an http(s) URL such as https://rocky.example.com');
    expect(p).toContain(`accounts[1].secret: expected a non-empty string (account ${accs[1]!.id})`);
    expect(p).toContain(`accounts[2].key: missing; expected a string (account ${accs[2]!.id})`);
    expect(p.some((x) => x.startsWith('accounts[3].id: unknown: account id "mm-l9-up-1bps"'))).toBe(true);
    expect(p).toContain(`accounts[4].id: duplicate: "${accs[0]!.id}" already at accounts[0]`);
    expect(p).toContain(`accounts[5].key: duplicate: same API key as accounts[0] (account ${accs[5]!.id})`);
    const msg = p.join('\n');
    for (const s of leaked) expect(msg.includes(s)).toBe(false);
  });

  it('the example file is rejected until its placeholders are replaced', () => {
    const ex = JSON.parse(readFileSync(path.join(__dirname, '../../.keys.example.json'), 'utf8')) as { accounts: unknown[] };
    const p = problems(ex);
    expect(p).toHaveLength(60);
    expect(p[0]).toBe(
      "accounts[0].key: still the .keys.example.json placeholder; expected the account's API key (account mm-l1-buy-05bps)",
    );
    const fixed = { ...ex, accounts: roster() };
    expect(validateKeys(fixed).accounts.map((a) => a.id)).toEqual((ex.accounts as Array<{ id: string }>).map((a) => a.id));
  });

  it('warns on a roster that is not 24/1/5 and on a group/other-readable file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'keys-'));
    const f = path.join(dir, '.keys.json');
    writeFileSync(f, JSON.stringify({ base_url: 'http://127.0.0.1:1', accounts: roster().slice(0, 25) }));
    chmodSync(f, 0o644);
    const k = await loadKeys(f);
    expect(k.warnings[0]).toMatch(/roster is 24 ladders \/ 1 anchor \/ 0 takers, expected 24\/1\/5/);
    expect(k.warnings[1]).toMatch(/readable by group or others \(mode 644\); run chmod 600/);
    chmodSync(f, 0o600);
    expect((await loadKeys(f)).warnings).toHaveLength(1);
  });

  it('invalid JSON is reported by position without quoting the content', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'keys-'));
    const f = path.join(dir, '.keys.json');
    const secret = genKey();
    writeFileSync(f, `{"base_url":"x","accounts":[{"id":"mm-anchor","key":"k","secret":"${secret}"`);
    const e = (await loadKeys(f).catch((x) => x)) as KeysError;
    expect(e.message).toMatch(/not valid JSON/);
    expect(e.message.includes(secret)).toBe(false);
    expect(((await loadKeys(path.join(dir, 'nope')).catch((x) => x)) as KeysError).message).toMatch(/cannot read: ENOENT/);
  });
});

describe('logging never writes a secret', () => {
  it('redacts known keys and secrets anywhere, and secret-named fields', () => {
    const key = genKey();
    const secret = genKey();
    const out: string[] = [];
    const log = new JsonLogger({ write: (l) => out.push(l), redactor: new Redactor([key, secret]), now: () => 0 });
    log.warn('x', { message: `bad request with ${secret} inside`, nested: { deep: [key] }, secret: 'abc', apiKey: 'short' });
    log.error('y', { error: new Error(`failed: X-MBX-APIKEY ${key}`) });
    log.emit({ type: 'iteration_error', task: 't', account: 'a', symbol: 's', code: -1022, message: `sig for ${secret}` });
    const all = out.join('');
    expect(all.includes(key)).toBe(false);
    expect(all.includes(secret)).toBe(false);
    const first = JSON.parse(out[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({
      level: 'warn',
      type: 'x',
      secret: '***',
      apiKey: '***',
      message: 'bad request with *** inside',
    });
    expect(out.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
  });

  it('throttles repeated skip events per task', () => {
    let now = 0;
    const out: string[] = [];
    const log = new JsonLogger({ write: (l) => out.push(l), now: () => now, skipLogWindowMs: 30_000 });
    const e = { type: 'stale_skip' as const, task: 'ladder[a,BTC-PERP]', account: 'a', symbol: 'BTCUSDT', ageMs: 6000 };
    for (let i = 0; i < 10; i++) log.emit(e);
    now = 31_000;
    log.emit(e);
    expect(out).toHaveLength(2);
    expect(JSON.parse(out[1]!).suppressed).toBe(9);
  });
});

describe('metrics endpoint', () => {
  it('serves Prometheus text with orders, rejections, breaker state and feed age', async () => {
    const m = new Metrics();
    m.emit({
      type: 'order_placed',
      task: 't',
      account: 'mm-anchor',
      symbol: 'BTCUSDT',
      side: 'BUY',
      price: '1',
      qty: '1',
      orderId: 1,
    });
    m.emit({ type: 'breaker_transition', account: 'mm-anchor', from: 'closed', to: 'open', reason: 'errors' });
    m.inc('rocky_rejections_total', { code: '-2010', method: 'placeOrder' });
    m.addCollector(() => m.set('rocky_feed_age_seconds', { symbol: 'BTCUSDT' }, 1.5));
    const srv = await m.serve(0);
    const text = await new Promise<string>((resolve, reject) => {
      http
        .get(`http://127.0.0.1:${srv.port}/metrics`, (res) => {
          let b = '';
          res.on('data', (c) => (b += c));
          res.on('end', () => resolve(b));
        })
        .on('error', reject);
    });
    await srv.close();
    expect(text).toContain('rocky_orders_placed_total{account="mm-anchor",side="BUY",symbol="BTCUSDT"} 1');
    expect(text).toContain('rocky_breaker_state{account="mm-anchor"} 2');
    expect(text).toContain('rocky_rejections_total{code="-2010",method="placeOrder"} 1');
    expect(text).toContain('rocky_feed_age_seconds{symbol="BTCUSDT"} 1.5');
    expect(text).toContain('# TYPE rocky_orders_placed_total counter');
  });
});

describe('recorder', () => {
  it('writes daily bookTicker CSVs with the public-data header and received_at, rolling at UTC midnight', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rec-'));
    const r = new BookTickerRecorder(dir);
    const day1 = Date.UTC(2026, 3, 30, 23, 59, 59, 900);
    const t = (u: number, E: number) => ({
      symbol: 'BTCUSDT',
      updateId: u,
      bid: '64000.1',
      bidQty: '1.2',
      ask: '64000.2',
      askQty: '0.5',
      transactionTime: E - 2,
      eventTime: E,
      receivedAt: E + 35,
    });
    r.write(t(1, day1));
    r.write(t(2, day1 + 200));
    await r.close();
    const a = readFileSync(path.join(dir, 'BTCUSDT-bookTicker-2026-04-30.csv'), 'utf8').trim().split('\n');
    const b = readFileSync(path.join(dir, 'BTCUSDT-bookTicker-2026-05-01.csv'), 'utf8').trim().split('\n');
    expect(a).toEqual([BOOKTICKER_HEADER, `1,64000.1,1.2,64000.2,0.5,${day1 - 2},${day1},${day1 + 35}`]);
    expect(b[0]).toBe(
      'update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time,received_at',
    );
    // The reader takes the extra column: the tick's feed delay is receipt − transaction time.
    const src = new BookTickerCsvSource(path.join(dir, 'BTCUSDT-bookTicker-2026-04-30.csv'));
    expect(src.next()).toMatchObject({ t: day1 - 2, bid: 64000.1, recvDelayMs: 37 });
    src.close();
    expect(b).toHaveLength(2);
    // Appending the same day after a restart does not repeat the header.
    const r2 = new BookTickerRecorder(dir);
    r2.write(t(3, day1 + 300));
    await r2.close();
    expect(readFileSync(path.join(dir, 'BTCUSDT-bookTicker-2026-05-01.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
  });
});
