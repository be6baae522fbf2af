/**
 * Recorded request round trips: what `rocky-bot live --record-latency FILE` writes (one row per
 * REST request the live client sent, taken in src/live/rocky-transport.ts where every request
 * passes) and what the sim's latency replay reads (`exchange.latency: { model: replay, file }`,
 * src/sim/replay-latency.ts).
 *
 * Format: CSV with a header row, `sent_at,account,method,path,status,rtt_ms`:
 *   sent_at   local wall time the request left, ms since the epoch;
 *   account   the account id of the client that sent it ('' for the shared time sync);
 *   method    GET / POST / DELETE; path the REST path without the query;
 *   status    the HTTP status answered, or `timeout` / `error` when no answer came;
 *   rtt_ms    local time from sending to the answer (or to the failure), ms.
 * Nothing secret is written (no query, no key).
 *
 * Writing: rows go to a hidden temp file beside FILE (src/io/atomic-write.ts) and FILE appears only
 * when the writer closes (or the process exits: the rows are complete, so they are kept), so a
 * reader never sees half a recording.
 */
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config-error.js';
import { tempFileFor, type TempFile } from '../io/atomic-write.js';

export const LATENCY_LOG_HEADER = 'sent_at,account,method,path,status,rtt_ms';

/** One request's round trip. */
export interface RoundTrip {
  sentAt: number;
  account: string;
  method: string;
  path: string;
  /** HTTP status, or 'timeout' / 'error' when no answer came. */
  status: number | 'timeout' | 'error';
  rttMs: number;
  /** True when an HTTP answer came (any status). */
  answered: boolean;
}

const FLUSH_BYTES = 64 * 1024;
/** A day of 30 accounts at a few requests a second is about 100 MB; more is not a recording. */
export const MAX_LATENCY_LOG_BYTES = 512 * 1024 * 1024;

/** Appends round trips to FILE through a temp file; `close()` makes FILE whole. */
export class LatencyLogWriter {
  private readonly temp: TempFile;
  private readonly fd: number;
  private buf = `${LATENCY_LOG_HEADER}\n`;
  private done = false;
  rows = 0;

  constructor(readonly file: string) {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // A forced exit keeps the rows written so far (they are complete rows).
    this.temp = tempFileFor(file, () => this.close());
    this.fd = openSync(this.temp.tmp, 'wx');
  }

  write(r: Omit<RoundTrip, 'answered'>): void {
    if (this.done) return;
    const acct = r.account.replace(/[,\n\r]/g, '_');
    this.buf += `${Math.round(r.sentAt)},${acct},${r.method},${r.path.replace(/[,\n\r]/g, '_')},${r.status},${Math.round(r.rttMs)}\n`;
    this.rows++;
    if (this.buf.length >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.buf) writeSync(this.fd, this.buf);
    this.buf = '';
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.flush();
    closeSync(this.fd);
    this.temp.commit();
  }
}

/** Every row of a recording, in file order. Bad rows → ConfigError naming the file and line. */
export function readLatencyLog(file: string): RoundTrip[] {
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new ConfigError(file, '', 'cannot read the latency recording: not a regular file');
    if (st.size > MAX_LATENCY_LOG_BYTES)
      throw new ConfigError(
        file,
        '',
        `cannot read the latency recording: ${st.size} bytes, expected at most ${MAX_LATENCY_LOG_BYTES}`,
      );
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(file, '', `cannot read the latency recording (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const lines = text.split(/\r?\n/);
  const out: RoundTrip[] = [];
  const bad = (i: number, what: string): never => {
    throw new ConfigError(file, `line ${i + 1}`, `${what}; expected rows of ${LATENCY_LOG_HEADER}`);
  };
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    if (i === 0 && line.trim() === LATENCY_LOG_HEADER) continue;
    const f = line.split(',');
    if (f.length !== 6) bad(i, `expected 6 fields, got ${f.length}`);
    const [sent, account, method, reqPath, status, rtt] = f as [string, string, string, string, string, string];
    const sentAt = Number(sent);
    const rttMs = Number(rtt);
    if (!/^\d+$/.test(sent) || !Number.isSafeInteger(sentAt))
      bad(i, `sent_at must be ms since the epoch, got ${JSON.stringify(sent)}`);
    if (!/^\d+(\.\d+)?$/.test(rtt) || !Number.isFinite(rttMs)) bad(i, `rtt_ms must be a number ≥ 0, got ${JSON.stringify(rtt)}`);
    let st: RoundTrip['status'];
    if (status === 'timeout' || status === 'error') st = status;
    else if (/^\d{3}$/.test(status)) st = Number(status);
    else st = bad(i, `status must be an HTTP status, timeout or error, got ${JSON.stringify(status)}`);
    out.push({ sentAt, account, method, path: reqPath, status: st, rttMs, answered: typeof st === 'number' });
  }
  if (!out.some((r) => r.answered))
    throw new ConfigError(file, '', 'the recording holds no answered request; expected rows written by live --record-latency');
  return out;
}
