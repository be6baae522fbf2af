import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Tick, TickSource } from '../../src/market-data/tick-source.js';

export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'rocky-ticks-test-'));
}

export function drain(src: TickSource): Tick[] {
  const out: Tick[] = [];
  for (let t = src.next(); t !== undefined; t = src.next()) out.push(t);
  return out;
}

export const BT_HEADER = 'update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time';

/** n bookTicker rows starting at t0, one every `stepMs`, mid rising one tick per row. */
export function btRows(n: number, t0 = 1_700_000_000_000, stepMs = 100, bid0 = 100): string[] {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const bid = (bid0 + i * 0.1).toFixed(1);
    const ask = (bid0 + i * 0.1 + 0.1).toFixed(1);
    rows.push(`${1000 + i},${bid},1.5,${ask},2.5,${t0 + i * stepMs},${t0 + i * stepMs + 1}`);
  }
  return rows;
}

export function write(dir: string, name: string, lines: string[]): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, `${lines.join('\n')}\n`);
  return f;
}

export function writeGz(dir: string, name: string, lines: string[]): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, zlib.gzipSync(Buffer.from(`${lines.join('\n')}\n`)));
  return f;
}

/** A single-entry deflate zip like data.binance.vision ships (optionally with a data descriptor). */
export function writeZip(dir: string, name: string, entry: string, lines: string[], dataDescriptor = false, level = 6): string {
  const data = Buffer.from(`${lines.join('\n')}\n`);
  const comp = zlib.deflateRawSync(data, { level });
  const crc = zlib.crc32 ? zlib.crc32(data) : 0;
  const nameBuf = Buffer.from(entry);
  const lh = Buffer.alloc(30);
  lh.writeUInt32LE(0x04034b50, 0);
  lh.writeUInt16LE(20, 4);
  lh.writeUInt16LE(dataDescriptor ? 8 : 0, 6);
  lh.writeUInt16LE(8, 8);
  lh.writeUInt32LE(dataDescriptor ? 0 : crc, 14);
  lh.writeUInt32LE(dataDescriptor ? 0 : comp.length, 18);
  lh.writeUInt32LE(dataDescriptor ? 0 : data.length, 22);
  lh.writeUInt16LE(nameBuf.length, 26);
  const dd = Buffer.alloc(dataDescriptor ? 16 : 0);
  if (dataDescriptor) {
    dd.writeUInt32LE(0x08074b50, 0);
    dd.writeUInt32LE(crc, 4);
    dd.writeUInt32LE(comp.length, 8);
    dd.writeUInt32LE(data.length, 12);
  }
  const cdOffset = lh.length + nameBuf.length + comp.length + dd.length;
  const cd = Buffer.alloc(46);
  cd.writeUInt32LE(0x02014b50, 0);
  cd.writeUInt16LE(20, 4);
  cd.writeUInt16LE(20, 6);
  cd.writeUInt16LE(dataDescriptor ? 8 : 0, 8);
  cd.writeUInt16LE(8, 10);
  cd.writeUInt32LE(crc, 16);
  cd.writeUInt32LE(comp.length, 20);
  cd.writeUInt32LE(data.length, 24);
  cd.writeUInt16LE(nameBuf.length, 28);
  cd.writeUInt32LE(0, 42);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(cd.length + nameBuf.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  const f = path.join(dir, name);
  fs.writeFileSync(f, Buffer.concat([lh, nameBuf, comp, dd, cd, nameBuf, eocd]));
  return f;
}
