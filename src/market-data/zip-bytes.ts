/**
 * The decompressed bytes of one entry of a .zip file, streamed with fflate.
 *
 * Rules:
 * - Which entry: the one named by `entry` (the replay source's `entry:` key), else the only one.
 *   Several entries without `entry`, an `entry` the archive lacks, no entry at all, or a 0-byte
 *   file are errors naming what the archive holds. Directories do not count as entries.
 * - The entry list comes from the central directory (the archive's own table of contents, at its
 *   end), read by fflate's `unzipSync` with a filter that keeps nothing. It is handed a buffer of
 *   the file's length in which only the tail is filled: the untouched pages of a zero-filled
 *   allocation are never mapped, so listing a 1 GB archive costs the tail's size in memory. A file
 *   with no central directory (truncated, or not a zip) fails here, before any row is read.
 * - The data is streamed by fflate's `Unzip` (one compressed chunk per step; other entries pass
 *   through without being inflated) and must come out at exactly the size the central directory
 *   gives; a shorter or longer entry is truncated or corrupt. This also catches a known limit of
 *   fflate's streaming reader: for entries written with a data descriptor (sizes after the data),
 *   it ends the entry at the first byte pattern that looks like a descriptor or directory
 *   signature, which in compressed data happens by chance about once per 2 GB.
 * - Methods: stored (0) and deflate (8); anything else is an error naming the method.
 * - Not checked: the entry's CRC-32 (fflate exposes it neither in the listing nor in the stream).
 *   Corruption that still inflates to the right size is left to the row checks.
 */
import fs from 'node:fs';
import { Unzip, UnzipInflate, type UnzipDecoder, unzipSync } from 'fflate';
import { type ByteSource, DataFault, FileBytes } from './byte-source.js';

const CHUNK = 256 * 1024;
/** Bytes of the archive's end read for the central directory at first (grown if it is longer). */
const FIRST_TAIL = 1 << 20;

export interface ZipEntryInfo {
  name: string;
  compression: number;
  /** Compressed and uncompressed sizes, from the central directory. */
  size: number;
  originalSize: number;
}

/** The archive's entries (directories left out), from its central directory. */
export function listZip(file: string): ZipEntryInfo[] {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) throw new DataFault('empty archive (0 bytes); expected a zip archive');
    const data = new Uint8Array(size);
    let filled = 0;
    for (let tail = Math.min(size, FIRST_TAIL); ; tail = Math.min(size, tail * 16)) {
      if (tail > filled) {
        const at = size - tail;
        fs.readSync(fd, data, at, tail - filled, at);
        filled = tail;
      }
      const entries: ZipEntryInfo[] = [];
      try {
        unzipSync(data, {
          filter: (f) => {
            entries.push({ name: f.name, compression: f.compression, size: f.size, originalSize: f.originalSize });
            return false;
          },
        });
      } catch (e) {
        throw new DataFault(`not a zip archive, or truncated (${(e as Error).message}: no central directory found)`);
      }
      // A directory longer than the tail read shows up as nameless entries (zeros): read more.
      if (entries.some((x) => x.name === '') && filled < size) continue;
      return entries.filter((x) => !x.name.endsWith('/'));
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Picks the entry to read, or says why none can be picked. */
export function pickEntry(entries: ZipEntryInfo[], wanted: string | undefined): ZipEntryInfo {
  const names = entries.map((x) => x.name);
  const shown = names.length > 10 ? `${names.slice(0, 10).join(', ')}, … (${names.length} in all)` : names.join(', ');
  if (entries.length === 0) throw new DataFault('the zip archive holds no file; expected one tape file');
  let e: ZipEntryInfo | undefined;
  if (wanted !== undefined) {
    e = entries.find((x) => x.name === wanted);
    if (e === undefined) throw new DataFault(`the zip archive has no entry "${wanted}" (entry:); it holds ${shown}`);
  } else {
    if (entries.length > 1)
      throw new DataFault(`the zip archive holds ${entries.length} files (${shown}); name the one to replay with entry:`);
    e = entries[0]!;
  }
  if (e.compression !== 0 && e.compression !== 8)
    throw new DataFault(`zip entry "${e.name}" uses compression method ${e.compression}; expected 0 (stored) or 8 (deflate)`);
  return e;
}

/** Streams the bytes of the picked entry. */
export class ZipEntryBytes implements ByteSource {
  private readonly raw: FileBytes;
  private readonly unzip: Unzip;
  private readonly out: Uint8Array[] = [];
  private readonly entry: ZipEntryInfo;
  private started = false;
  private finished = false;
  private produced = 0;
  private fault: string | undefined;

  constructor(file: string, wanted: string | undefined) {
    this.entry = pickEntry(listZip(file), wanted);
    this.raw = new FileBytes(file, CHUNK, true);
    const want = this.entry.name;
    this.unzip = new Unzip((f) => {
      if (f.name !== want || this.started) {
        f.ondata = () => {};
        f.start();
        return;
      }
      this.started = true;
      f.ondata = (err, chunk, final) => {
        if (err) {
          this.fault ??= err.message;
          return;
        }
        if (chunk.length > 0) {
          this.produced += chunk.length;
          this.out.push(chunk);
        }
        if (final) this.finished = true;
      };
      f.start();
    });
    // Entries other than the picked one are skipped without inflating (the decoder gets the name).
    const skipping = (inner: new () => UnzipDecoder, compression: number) =>
      class implements UnzipDecoder {
        static readonly compression = compression;
        private readonly d: UnzipDecoder | undefined;
        ondata: UnzipDecoder['ondata'] = () => {};
        constructor(name: string) {
          if (name === want) {
            this.d = new inner();
            this.d.ondata = (err, dat, final) => this.ondata(err, dat, final);
          }
        }
        push(chunk: Uint8Array, final: boolean): void {
          if (this.d) this.d.push(chunk, final);
          else if (final) this.ondata(null, new Uint8Array(0), true);
        }
      };
    this.unzip.register(skipping(UnzipInflate, 8));
    this.unzip.register(skipping(PassThrough, 0));
  }

  read(): Uint8Array | undefined {
    while (this.out.length === 0) {
      if (this.fault !== undefined) throw this.corrupt(this.fault);
      if (this.finished) {
        if (this.produced !== this.entry.originalSize)
          throw this.corrupt(
            `entry "${this.entry.name}" gave ${this.produced} bytes, its directory says ${this.entry.originalSize}`,
          );
        return undefined;
      }
      const chunk = this.raw.read();
      try {
        this.unzip.push(chunk ?? new Uint8Array(0), chunk === undefined);
      } catch (e) {
        this.fault ??= (e as Error).message;
      }
      if (chunk === undefined && !this.finished) this.fault ??= `entry "${this.entry.name}" ends early`;
    }
    return this.out.shift();
  }

  private corrupt(what: string): DataFault {
    this.fault ??= what;
    return new DataFault(`zip data is truncated or corrupt (${what}); expected a complete archive`);
  }

  close(): void {
    this.finished = true;
    this.out.length = 0;
    this.raw.close();
  }
}

/** Stored entries: the bytes as they are. */
class PassThrough implements UnzipDecoder {
  ondata: UnzipDecoder['ondata'] = () => {};
  push(chunk: Uint8Array, final: boolean): void {
    this.ondata(null, chunk as Uint8Array<ArrayBuffer>, final);
  }
}
