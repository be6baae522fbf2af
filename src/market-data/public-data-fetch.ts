/**
 * Download daily USD-M futures archives from Binance's public-data site (data.binance.vision) with
 * sha256 verification against the published `.zip.CHECKSUM` (exchange-api.md §7).
 *
 * URL: `${baseUrl}/data/futures/um/daily/${type}/${SYMBOL}/${SYMBOL}-${type}-${date}.zip`, and the same
 * plus `.CHECKSUM`, a text file "<sha256hex>  <filename>".
 *
 * The zip is streamed to a temp file beside its destination (the one temp-and-rename writer,
 * src/io/atomic-write.ts) while being hashed (memory does not grow with file size), then renamed
 * into place only if the hash matches; on any failure or abort (SIGINT/SIGTERM via `signal`) the
 * temp file is removed, so nothing half-written or unverified is left behind. A file already present whose sha256
 * matches the published checksum is skipped (the CHECKSUM is still fetched to check it).
 *
 * Files land flat in `outDir` under the archive's own name, e.g. `data/binance/BTCUSDT-trades-2024-07-18.zip`.
 * Dates are fetched one after another; the first failure stops the run (files already fetched stay,
 * and a re-run skips them).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { request } from 'undici';
import { tempFileFor } from '../io/atomic-write.js';

export type PublicDataType = 'bookTicker' | 'trades' | 'aggTrades';
export const PUBLIC_DATA_TYPES: readonly PublicDataType[] = ['bookTicker', 'trades', 'aggTrades'];
export const DEFAULT_PUBLIC_DATA_BASE_URL = 'https://data.binance.vision';
/** Last day of the UM bookTicker daily dumps (exchange-api.md §7); later daily files are missing. */
export const UM_BOOKTICKER_LAST_DATE = '2024-03-30';

export interface FetchDailyOptions {
  symbol: string;
  type: PublicDataType;
  /** YYYY-MM-DD (UTC days). */
  dates: string[];
  outDir: string;
  /** Default https://data.binance.vision. */
  baseUrl?: string;
  market?: 'um';
  /** Called after each file is done (downloaded or skipped), before the next starts. */
  onResult?: (r: FetchResult) => void;
  /** Per-request timeouts (ms): waiting for response headers, and silence while reading the body. */
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Aborts the download in progress (its temp file is removed) and rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface FetchResult {
  date: string;
  url: string;
  /** Path of the verified zip on disk. */
  file: string;
  /** 'downloaded': fetched and verified now; 'skipped': already present with the right sha256. */
  status: 'downloaded' | 'skipped';
  sha256: string;
  bytes: number;
}

export type PublicDataErrorKind = 'bad-input' | 'not-found' | 'http' | 'network' | 'checksum';

/** Every failure of this module. `kind === 'bad-input'` is the caller's fault (CLI exit 2); the rest are download failures. */
export class PublicDataError extends Error {
  constructor(
    readonly kind: PublicDataErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'PublicDataError';
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function parseDay(s: string, what: string): number {
  const m = DATE_RE.exec(s);
  if (!m) throw new PublicDataError('bad-input', `${what}: expected a date YYYY-MM-DD, got "${s}"`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== s) {
    throw new PublicDataError('bad-input', `${what}: "${s}" is not a calendar date`);
  }
  return ms;
}

/**
 * `"2024-07-18"` → `["2024-07-18"]`; `"2024-07-18..2024-07-20"` → the three days, inclusive.
 * Throws PublicDataError('bad-input') for a malformed or non-calendar date, or a range that runs backwards.
 */
export function expandDates(spec: string): string[] {
  const s = spec.trim();
  const parts = s.split('..');
  if (parts.length === 1) {
    parseDay(s, 'date');
    return [s];
  }
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    throw new PublicDataError('bad-input', `date range: expected YYYY-MM-DD..YYYY-MM-DD, got "${spec}"`);
  }
  const [a, b] = parts as [string, string];
  const from = parseDay(a, 'date range start');
  const to = parseDay(b, 'date range end');
  if (to < from) throw new PublicDataError('bad-input', `date range "${spec}" runs backwards: ${b} is before ${a}`);
  const out: string[] = [];
  for (let t = from; t <= to; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export function archiveFileName(symbol: string, type: PublicDataType, date: string): string {
  return `${symbol}-${type}-${date}.zip`;
}

export function archiveUrl(baseUrl: string, symbol: string, type: PublicDataType, date: string, market: 'um' = 'um'): string {
  return `${baseUrl.replace(/\/+$/, '')}/data/futures/${market}/daily/${type}/${symbol}/${archiveFileName(symbol, type, date)}`;
}

/** Parse "<sha256hex>  <filename>" (sha256sum format). Checks the named file when one is given. */
export function parseChecksum(text: string, expectedName: string, url: string): string {
  const line = text.trim().split(/\r?\n/)[0] ?? '';
  const m = /^([0-9a-fA-F]{64})(?:\s+\*?(\S.*))?$/.exec(line.trim());
  if (!m)
    throw new PublicDataError(
      'http',
      `${url}: not a sha256 checksum file (expected "<64 hex digits>  <file name>", got "${line.slice(0, 100)}")`,
    );
  const named = m[2]?.trim();
  if (named && path.posix.basename(named) !== expectedName) {
    throw new PublicDataError('http', `${url}: checksum is for "${named}", expected "${expectedName}"`);
  }
  return m[1]!.toLowerCase();
}

function validateSymbol(symbol: string): string {
  const s = symbol.trim().toUpperCase();
  if (!/^[A-Z0-9]{2,30}$/.test(s))
    throw new PublicDataError('bad-input', `symbol: expected letters and digits such as BTCUSDT, got "${symbol}"`);
  return s;
}

function validateBaseUrl(baseUrl: string): string {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    throw new PublicDataError('bad-input', `base URL: not a URL: "${baseUrl}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new PublicDataError('bad-input', `base URL: expected http(s)://…, got "${baseUrl}"`);
  return baseUrl.replace(/\/+$/, '');
}

function notFoundMessage(url: string, symbol: string, type: PublicDataType, date: string): string {
  let msg = `${url}: 404 not found — there may be no ${type} archive for ${symbol} on ${date} (date before the symbol listed, in the future or today, or a misspelt symbol)`;
  if (type === 'bookTicker' && date > UM_BOOKTICKER_LAST_DATE) {
    msg += `; note that UM bookTicker daily dumps stopped on ${UM_BOOKTICKER_LAST_DATE} (exchange-api.md §7): for later quotes capture the websocket stream, or fetch trades/aggTrades`;
  }
  return msg;
}

interface Req {
  headersTimeout: number;
  bodyTimeout: number;
  signal?: AbortSignal | undefined;
}

function networkError(url: string, e: unknown): PublicDataError {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  const msg = err.message || err.cause?.message || String(e);
  return new PublicDataError('network', `${url}: network error${code ? ` (${code})` : ''}: ${msg}`);
}

/** GET following up to 5 redirects; returns the 200 response. Non-200 bodies are drained and turned into errors. */
async function get(url: string, opt: Req, onNotFound: () => string) {
  let current = url;
  for (let hop = 0; hop <= 5; hop++) {
    let res;
    try {
      res = await request(current, {
        method: 'GET',
        headersTimeout: opt.headersTimeout,
        bodyTimeout: opt.bodyTimeout,
        ...(opt.signal ? { signal: opt.signal } : {}),
      });
    } catch (e) {
      if (opt.signal?.aborted) throw opt.signal.reason;
      throw networkError(current, e);
    }
    if (res.statusCode === 200) return res;
    await res.body.dump().catch(() => undefined);
    const loc = res.headers.location;
    if (res.statusCode >= 300 && res.statusCode < 400 && loc) {
      current = new URL(Array.isArray(loc) ? loc[0]! : loc, current).toString();
      continue;
    }
    if (res.statusCode === 404 || res.statusCode === 403) {
      // S3-backed sites answer 403 for a missing key when listing is off; treat both as "not there".
      throw new PublicDataError('not-found', onNotFound());
    }
    throw new PublicDataError('http', `${current}: HTTP ${res.statusCode}`);
  }
  throw new PublicDataError('http', `${url}: too many redirects`);
}

async function fetchText(url: string, opt: Req, onNotFound: () => string): Promise<string> {
  const res = await get(url, opt, onNotFound);
  try {
    return await res.body.text();
  } catch (e) {
    throw networkError(url, e);
  }
}

async function sha256OfFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), bytes };
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Download (or skip, when already present and valid) one daily archive per date, verifying each
 * against its `.zip.CHECKSUM`. Throws PublicDataError on the first failure.
 */
export async function fetchDaily(opts: FetchDailyOptions): Promise<FetchResult[]> {
  const symbol = validateSymbol(opts.symbol);
  if (!PUBLIC_DATA_TYPES.includes(opts.type)) {
    throw new PublicDataError('bad-input', `type: expected one of ${PUBLIC_DATA_TYPES.join(', ')}, got "${String(opts.type)}"`);
  }
  const market = opts.market ?? 'um';
  if (market !== 'um')
    throw new PublicDataError('bad-input', `market: only "um" (USD-M futures) is supported, got "${String(market)}"`);
  const baseUrl = validateBaseUrl(opts.baseUrl ?? DEFAULT_PUBLIC_DATA_BASE_URL);
  if (opts.dates.length === 0) throw new PublicDataError('bad-input', 'dates: no dates given');
  for (const d of opts.dates) parseDay(d, 'date');
  const req: Req = {
    headersTimeout: opts.headersTimeoutMs ?? 30_000,
    bodyTimeout: opts.bodyTimeoutMs ?? 60_000,
    signal: opts.signal,
  };

  await mkdir(opts.outDir, { recursive: true });
  const results: FetchResult[] = [];
  for (const date of opts.dates) {
    const r = await fetchOne(baseUrl, market, symbol, opts.type, date, opts.outDir, req);
    results.push(r);
    opts.onResult?.(r);
  }
  return results;
}

async function fetchOne(
  baseUrl: string,
  market: 'um',
  symbol: string,
  type: PublicDataType,
  date: string,
  outDir: string,
  req: Req,
): Promise<FetchResult> {
  const name = archiveFileName(symbol, type, date);
  const url = archiveUrl(baseUrl, symbol, type, date, market);
  const dest = path.join(outDir, name);
  const notFound = () => notFoundMessage(url, symbol, type, date);

  const expected = parseChecksum(
    await fetchText(`${url}.CHECKSUM`, req, () => notFoundMessage(`${url}.CHECKSUM`, symbol, type, date)),
    name,
    `${url}.CHECKSUM`,
  );

  if (await isFile(dest)) {
    const have = await sha256OfFile(dest);
    if (have.sha256 === expected) return { date, url, file: dest, status: 'skipped', sha256: expected, bytes: have.bytes };
    // Present but wrong (truncated, or an older copy): download again; it is replaced only once the new one verifies.
  }

  const temp = tempFileFor(dest);
  const tmp = temp.tmp;
  const h = createHash('sha256');
  let bytes = 0;
  const hasher = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      h.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  try {
    const res = await get(url, req, notFound);
    try {
      await pipeline(res.body, hasher, createWriteStream(tmp));
    } catch (e) {
      if (req.signal?.aborted) throw req.signal.reason;
      const code = (e as { code?: string }).code;
      if (code && /^E(NOSPC|ACCES|PERM|ROFS|DQUOT|ISDIR|NOTDIR)$/.test(code)) {
        throw new PublicDataError('network', `${tmp}: cannot write (${code}): ${(e as Error).message}`);
      }
      throw networkError(url, e);
    }
    const got = h.digest('hex');
    if (got !== expected) {
      throw new PublicDataError(
        'checksum',
        `${name}: sha256 mismatch — CHECKSUM says ${expected}, downloaded file (${bytes} bytes) hashes to ${got}; file discarded`,
      );
    }
    temp.commit();
    return { date, url, file: dest, status: 'downloaded', sha256: got, bytes };
  } catch (e) {
    temp.abort();
    throw e;
  }
}
