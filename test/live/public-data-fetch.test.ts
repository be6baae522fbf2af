import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dataFetchMain } from '../../src/cli/data-fetch-command.js';
import { PublicDataError, expandDates, fetchDaily } from '../../src/market-data/public-data-fetch.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A stand-in "zip": the checksum is what is verified, not the content. 300 kB so the body arrives in many chunks. */
function fakeZip(seed: number): Buffer {
  const b = Buffer.alloc(300_000);
  for (let i = 0; i < b.length; i++) b[i] = (i * 31 + seed * 7) & 0xff;
  b.write('PK\u0003\u0004', 0, 'latin1');
  return b;
}

const PREFIX = '/data/futures/um/daily';
let server: Server;
let base: string;
/** path → body; anything else is a 404. */
let routes: Map<string, Buffer | string>;
let hits: string[];
let dir: string;

function publish(type: string, sym: string, date: string, body: Buffer, checksumFor: Buffer = body): string {
  const name = `${sym}-${type}-${date}.zip`;
  const p = `${PREFIX}/${type}/${sym}/${name}`;
  routes.set(p, body);
  routes.set(`${p}.CHECKSUM`, `${sha(checksumFor)}  ${name}\n`);
  return name;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const p = req.url ?? '';
    hits.push(p);
    const body = routes.get(p);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

beforeEach(() => {
  routes = new Map();
  hits = [];
  dir = mkdtempSync(path.join(tmpdir(), 'rocky-fetch-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('expandDates', () => {
  it('expands a single day and an inclusive range, across month ends', () => {
    expect(expandDates('2024-07-18')).toEqual(['2024-07-18']);
    expect(expandDates('2024-07-18..2024-07-20')).toEqual(['2024-07-18', '2024-07-19', '2024-07-20']);
    expect(expandDates('2024-02-28..2024-03-01')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(expandDates('2024-07-18..2024-07-18')).toEqual(['2024-07-18']);
  });

  it('rejects bad dates and ranges with a clear error', () => {
    expect(() => expandDates('2024-07-20..2024-07-18')).toThrow(/runs backwards: 2024-07-18 is before 2024-07-20/);
    expect(() => expandDates('2024-7-18')).toThrow(/expected a date YYYY-MM-DD, got "2024-7-18"/);
    expect(() => expandDates('2023-02-29')).toThrow(/not a calendar date/);
    expect(() => expandDates('2024-07-18..')).toThrow(/expected YYYY-MM-DD\.\.YYYY-MM-DD/);
    expect(() => expandDates('2024-07-18..2024-07-19..2024-07-20')).toThrow(/expected YYYY-MM-DD\.\.YYYY-MM-DD/);
    try {
      expandDates('yesterday');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PublicDataError);
      expect((e as PublicDataError).kind).toBe('bad-input');
    }
  });
});

describe('fetchDaily against a loopback server', () => {
  it('downloads and verifies each day, writing the archive under its own name', async () => {
    const z1 = fakeZip(1);
    const z2 = fakeZip(2);
    publish('trades', 'BTCUSDT', '2024-07-18', z1);
    publish('trades', 'BTCUSDT', '2024-07-19', z2);
    const seen: string[] = [];
    const res = await fetchDaily({
      symbol: 'btcusdt',
      type: 'trades',
      dates: ['2024-07-18', '2024-07-19'],
      outDir: path.join(dir, 'nested'),
      baseUrl: `${base}/`,
      onResult: (r) => seen.push(r.date),
    });
    expect(res.map((r) => r.status)).toEqual(['downloaded', 'downloaded']);
    expect(seen).toEqual(['2024-07-18', '2024-07-19']);
    expect(res[0]!.url).toBe(`${base}${PREFIX}/trades/BTCUSDT/BTCUSDT-trades-2024-07-18.zip`);
    expect(res[0]!.sha256).toBe(sha(z1));
    expect(res[0]!.bytes).toBe(z1.length);
    expect(readFileSync(path.join(dir, 'nested', 'BTCUSDT-trades-2024-07-18.zip')).equals(z1)).toBe(true);
    expect(readFileSync(path.join(dir, 'nested', 'BTCUSDT-trades-2024-07-19.zip')).equals(z2)).toBe(true);
    expect(readdirSync(path.join(dir, 'nested')).sort()).toEqual([
      'BTCUSDT-trades-2024-07-18.zip',
      'BTCUSDT-trades-2024-07-19.zip',
    ]);
  });

  it('fails on a checksum mismatch naming the file and both hashes, and leaves nothing behind', async () => {
    const z = fakeZip(3);
    const wrong = fakeZip(4);
    publish('aggTrades', 'ETHUSDT', '2024-07-18', z, wrong);
    const err = await fetchDaily({
      symbol: 'ETHUSDT',
      type: 'aggTrades',
      dates: ['2024-07-18'],
      outDir: dir,
      baseUrl: base,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublicDataError);
    expect((err as PublicDataError).kind).toBe('checksum');
    const msg = (err as Error).message;
    expect(msg).toContain('ETHUSDT-aggTrades-2024-07-18.zip');
    expect(msg).toContain(sha(z));
    expect(msg).toContain(sha(wrong));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('gives a clear error for a 404, with the bookTicker note after 2024-03-30', async () => {
    const err = await fetchDaily({
      symbol: 'BTCUSDT',
      type: 'bookTicker',
      dates: ['2024-07-18'],
      outDir: dir,
      baseUrl: base,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublicDataError);
    expect((err as PublicDataError).kind).toBe('not-found');
    const msg = (err as Error).message;
    expect(msg).toMatch(/404 not found/);
    expect(msg).toMatch(/may be no bookTicker archive for BTCUSDT on 2024-07-18/);
    expect(msg).toMatch(/bookTicker daily dumps stopped on 2024-03-30/);
    expect(readdirSync(dir)).toEqual([]);

    const err2 = await fetchDaily({ symbol: 'BTCUSDT', type: 'trades', dates: ['2019-01-01'], outDir: dir, baseUrl: base }).catch(
      (e: unknown) => e,
    );
    expect((err2 as Error).message).toMatch(/may be no trades archive for BTCUSDT on 2019-01-01/);
    expect((err2 as Error).message).not.toMatch(/bookTicker/);
  });

  it('404 on the zip itself (checksum present) is also not-found and leaves nothing', async () => {
    const name = publish('trades', 'BTCUSDT', '2024-07-18', fakeZip(5));
    routes.delete(`${PREFIX}/trades/BTCUSDT/${name}`);
    const err = await fetchDaily({ symbol: 'BTCUSDT', type: 'trades', dates: ['2024-07-18'], outDir: dir, baseUrl: base }).catch(
      (e: unknown) => e,
    );
    expect((err as PublicDataError).kind).toBe('not-found');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('skips a file already present with a matching checksum, and replaces a corrupt one', async () => {
    const z = fakeZip(6);
    const name = publish('trades', 'BTCUSDT', '2024-07-18', z);
    writeFileSync(path.join(dir, name), z);
    const res = await fetchDaily({ symbol: 'BTCUSDT', type: 'trades', dates: ['2024-07-18'], outDir: dir, baseUrl: base });
    expect(res[0]!.status).toBe('skipped');
    expect(res[0]!.bytes).toBe(z.length);
    expect(hits).toEqual([`${PREFIX}/trades/BTCUSDT/${name}.CHECKSUM`]);

    writeFileSync(path.join(dir, name), z.subarray(0, 1000));
    const res2 = await fetchDaily({ symbol: 'BTCUSDT', type: 'trades', dates: ['2024-07-18'], outDir: dir, baseUrl: base });
    expect(res2[0]!.status).toBe('downloaded');
    expect(readFileSync(path.join(dir, name)).equals(z)).toBe(true);
  });

  it('reports a network failure clearly', async () => {
    // A port that was just free: nothing listens there.
    const tmp = createServer();
    await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', r));
    const port = (tmp.address() as AddressInfo).port;
    await new Promise<void>((r) => tmp.close(() => r()));
    const err = await fetchDaily({
      symbol: 'BTCUSDT',
      type: 'trades',
      dates: ['2024-07-18'],
      outDir: dir,
      baseUrl: `http://127.0.0.1:${port}`,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublicDataError);
    expect((err as PublicDataError).kind).toBe('network');
    expect((err as Error).message).toMatch(/network error/);
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
  });
});

describe('dataFetchMain (the CLI command body)', () => {
  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  }

  it('prints one line per file and exits 0', async () => {
    publish('aggTrades', 'BTCUSDT', '2024-07-18', fakeZip(7));
    publish('aggTrades', 'BTCUSDT', '2024-07-19', fakeZip(8));
    const o = io();
    const code = await dataFetchMain(
      { symbol: 'BTCUSDT', type: 'aggTrades', date: '2024-07-18..2024-07-19', out: dir, baseUrl: base },
      o.io,
    );
    expect(code).toBe(0);
    expect(o.out).toHaveLength(2);
    expect(o.out[0]).toMatch(/^downloaded .*BTCUSDT-aggTrades-2024-07-18\.zip 300000 bytes sha256 [0-9a-f]{64}$/);
    expect(o.err).toEqual([]);
  });

  it('exits 2 for bad input and 1 for a failed download', async () => {
    let o = io();
    expect(
      await dataFetchMain({ symbol: 'BTCUSDT', type: 'trades', date: '2024-07-20..2024-07-18', out: dir, baseUrl: base }, o.io),
    ).toBe(2);
    expect(o.err[0]).toMatch(/--date: .*runs backwards/);
    o = io();
    expect(await dataFetchMain({ symbol: 'BTC/USDT', type: 'trades', date: '2024-07-18', out: dir, baseUrl: base }, o.io)).toBe(
      2,
    );
    o = io();
    expect(
      await dataFetchMain({ symbol: 'BTCUSDT', type: 'trades', date: '2024-07-18', out: dir, baseUrl: 'not a url' }, o.io),
    ).toBe(2);
    o = io();
    expect(await dataFetchMain({ symbol: 'BTCUSDT', type: 'trades', date: '2024-07-18', out: dir, baseUrl: base }, o.io)).toBe(1);
    expect(o.err[0]).toMatch(/404 not found/);
    expect(existsSync(path.join(dir, 'BTCUSDT-trades-2024-07-18.zip'))).toBe(false);
  });
});
