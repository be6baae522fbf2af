/**
 * Record the live bookTicker stream to daily CSV files in the data.binance.vision bookTicker
 * columns (exchange-api.md §7), with a header row, so `sim` can replay them directly:
 * `{OUT}/{SYMBOL}-bookTicker-YYYY-MM-DD.csv`, the day taken from the event time (UTC). An eighth
 * column, `received_at`, keeps the local time each tick arrived (ms since the epoch), so a replay
 * can give the fleet the feed delays of the recorded session (`feed_latency: { model: replay }`);
 * the reader takes files with or without it.
 *
 * Rows of the current day go to a hidden temp file in the same folder (the temp-and-rename writer,
 * src/io/atomic-write.ts), flushed in whole rows; the day file appears (or grows, after a restart
 * the same day) only when the day rolls over or the recorder closes, so a reader never sees a
 * half-written day. A forced exit commits what was written; a crash leaves the hidden temp file,
 * whose rows are complete.
 */
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { tempFileFor, type TempFile } from '../io/atomic-write.js';
import type { BookTick } from './book-tick.js';

export const BOOKTICKER_HEADER =
  'update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time,received_at';

export function csvName(symbol: string, ms: number): string {
  return `${symbol}-bookTicker-${new Date(ms).toISOString().slice(0, 10)}.csv`;
}

/** Rows buffered before a write to the temp file. */
const FLUSH_BYTES = 64 * 1024;

class DayFile {
  private readonly temp: TempFile;
  private fd: number;
  private buf = '';
  /** Rows already in the day file when recording started (a restart the same day): kept, ours appended. */
  private readonly existing: boolean;
  private done = false;

  constructor(readonly file: string) {
    this.existing = existsSync(file) && statSync(file).size > 0;
    // A forced exit (second signal) commits the rows written so far rather than losing them.
    this.temp = tempFileFor(file, () => this.commit());
    this.fd = openSync(this.temp.tmp, 'wx');
    if (!this.existing) this.buf = `${BOOKTICKER_HEADER}\n`;
  }

  write(line: string): void {
    this.buf += line;
    if (this.buf.length >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.buf) writeSync(this.fd, this.buf);
    this.buf = '';
  }

  /** Make the day file whole: our rows alone, or the earlier rows followed by ours. */
  commit(): void {
    if (this.done) return;
    this.done = true;
    this.flush();
    closeSync(this.fd);
    if (!this.existing) {
      this.temp.commit();
      return;
    }
    const merged = tempFileFor(this.file);
    try {
      copyFileSync(this.file, merged.tmp);
      const out = openSync(merged.tmp, 'a');
      const inp = openSync(this.temp.tmp, 'r');
      const chunk = Buffer.alloc(1 << 20);
      for (let n = readSync(inp, chunk); n > 0; n = readSync(inp, chunk)) writeSync(out, chunk, 0, n);
      closeSync(inp);
      closeSync(out);
      merged.commit();
    } catch (e) {
      merged.abort();
      throw e;
    }
    this.temp.abort();
  }
}

export class BookTickerRecorder {
  private readonly files = new Map<string, DayFile>();
  rows = 0;

  constructor(private readonly outDir: string) {
    mkdirSync(outDir, { recursive: true });
  }

  write(t: BookTick): void {
    const ms = t.eventTime || t.transactionTime || t.receivedAt;
    const file = path.join(this.outDir, csvName(t.symbol, ms));
    let f = this.files.get(t.symbol);
    if (!f || f.file !== file) {
      f?.commit();
      f = new DayFile(file);
      this.files.set(t.symbol, f);
    }
    f.write(`${t.updateId},${t.bid},${t.bidQty},${t.ask},${t.askQty},${t.transactionTime},${t.eventTime},${t.receivedAt}\n`);
    this.rows++;
  }

  private commitAll(): void {
    for (const f of this.files.values()) f.commit();
    this.files.clear();
  }

  async close(): Promise<void> {
    this.commitAll();
  }
}
