/**
 * Record the live bookTicker stream to daily CSV files in the data.binance.vision bookTicker
 * columns (exchange-api.md §7), with a header row, so `sim` can replay them directly:
 * `{OUT}/{SYMBOL}-bookTicker-YYYY-MM-DD.csv`, the day taken from the event time (UTC).
 */
import { createWriteStream, existsSync, mkdirSync, statSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { BookTick } from './book-tick.js';

export const BOOKTICKER_HEADER = 'update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time';

export function csvName(symbol: string, ms: number): string {
  return `${symbol}-bookTicker-${new Date(ms).toISOString().slice(0, 10)}.csv`;
}

export class BookTickerRecorder {
  private readonly files = new Map<string, { name: string; stream: WriteStream }>();
  rows = 0;

  constructor(private readonly outDir: string) {
    mkdirSync(outDir, { recursive: true });
  }

  write(t: BookTick): void {
    const ms = t.eventTime || t.transactionTime || t.receivedAt;
    const name = csvName(t.symbol, ms);
    let f = this.files.get(t.symbol);
    if (!f || f.name !== name) {
      f?.stream.end();
      const file = path.join(this.outDir, name);
      // Append to an existing day file (a restart the same day); write the header only once.
      const fresh = !existsSync(file) || statSync(file).size === 0;
      const stream = createWriteStream(file, { flags: 'a' });
      if (fresh) stream.write(`${BOOKTICKER_HEADER}\n`);
      f = { name, stream };
      this.files.set(t.symbol, f);
    }
    f.stream.write(`${t.updateId},${t.bid},${t.bidQty},${t.ask},${t.askQty},${t.transactionTime},${t.eventTime}\n`);
    this.rows++;
  }

  async close(): Promise<void> {
    await Promise.all([...this.files.values()].map((f) => new Promise<void>((r) => f.stream.end(() => r()))));
    this.files.clear();
  }
}
