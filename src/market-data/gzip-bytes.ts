/**
 * The decompressed bytes of a .gz file, streamed: fflate's synchronous `Gunzip` (single or
 * concatenated members), fed one compressed chunk at a time, so memory stays bounded by the chunk
 * size whatever the file length.
 *
 * Integrity rule: every member must end with its gzip trailer, and the trailer's CRC-32 and length
 * must match what came out (checked with node:zlib's crc32). fflate alone detects a stream that
 * stops inside the deflate data ("unexpected EOF") but not one cut inside or right before the
 * trailer, nor a header with no data; the trailer check closes both gaps and catches corruption
 * that still inflates. A 0-byte file is not a gzip stream.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { Gunzip } from 'fflate';
import { type ByteSource, DataFault, FileBytes } from './byte-source.js';

/** Compressed bytes per push: ~4× that comes out per step for CSV tapes. */
const CHUNK = 256 * 1024;

export class GunzipBytes implements ByteSource {
  private readonly raw: FileBytes;
  private readonly gunzip: Gunzip;
  private readonly out: Uint8Array[] = [];
  private readonly size: number;
  private done = false;
  /** Running CRC-32 and length of the current member's output. */
  private crc = 0;
  private len = 0;
  private members = 0;

  constructor(private readonly file: string) {
    this.size = fs.statSync(file).size;
    if (this.size === 0) throw new DataFault('empty archive (0 bytes); expected gzip data');
    this.raw = new FileBytes(file, CHUNK, true);
    this.gunzip = new Gunzip((chunk) => {
      if (chunk.length === 0) return;
      this.crc = zlib.crc32(chunk, this.crc);
      this.len += chunk.length;
      this.out.push(chunk);
    });
    // fflate calls this when a further member starts at `offset`: the previous member's output is
    // complete by then, and its trailer is the 8 bytes just before.
    this.gunzip.onmember = (offset) => this.endMember(offset);
  }

  read(): Uint8Array | undefined {
    while (this.out.length === 0 && !this.done) {
      const chunk = this.raw.read();
      try {
        if (chunk === undefined) {
          this.gunzip.push(new Uint8Array(0), true);
          this.done = true;
          this.endMember(this.size);
        } else {
          this.gunzip.push(chunk, false);
        }
      } catch (e) {
        this.done = true;
        if (e instanceof DataFault) throw e;
        throw new DataFault(`gzip data is truncated or corrupt (${(e as Error).message}); expected a complete gzip stream`);
      }
    }
    return this.out.shift();
  }

  /** Checks the trailer (CRC-32, length mod 2^32) of the member that ends at `end`. */
  private endMember(end: number): void {
    this.members++;
    const t = Buffer.alloc(8);
    const fd = fs.openSync(this.file, 'r');
    try {
      if (end < 8 || fs.readSync(fd, t, 0, 8, end - 8) !== 8) throw new DataFault('gzip data ends without its trailer');
    } finally {
      fs.closeSync(fd);
    }
    const crc = t.readUInt32LE(0);
    const len = t.readUInt32LE(4);
    if (crc !== this.crc >>> 0 || len !== this.len % 2 ** 32) {
      throw new DataFault(
        `gzip member ${this.members} does not match its trailer (CRC-32 or length differ: the file is truncated or corrupt); expected a complete gzip stream`,
      );
    }
    this.crc = 0;
    this.len = 0;
  }

  close(): void {
    this.done = true;
    this.out.length = 0;
    this.raw.close();
  }
}
