/**
 * Synchronous, streaming line reader over plain, .gz and .zip files (by file name), working on
 * bytes: lines are found in a byte buffer and decoded to a string only when a reader asks
 * (`text()`), so a reader that parses bytes in place (bookticker-csv.ts) makes no string per row.
 * Memory is bounded by the chunk size plus the longest line, never by file length.
 *
 * Rules:
 * - Lines end at \n or \r\n; `text()` decodes a line as UTF-8 (a BOM at the very start of the file
 *   is dropped, as a streaming TextDecoder does; invalid bytes become U+FFFD); empty lines are ''.
 * - Decompression (gzip-bytes.ts, zip-bytes.ts) is fflate's, pulled synchronously chunk by chunk.
 * - Every problem is a ConfigError naming the file: a file that cannot be opened, an archive that
 *   is empty, corrupt, truncated or ambiguous (several zip entries). A fault found while streaming
 *   comes after the complete lines read before it and names the line it interrupted, so a
 *   truncated archive fails at the half row it ends in, never passing it on.
 * - In-place parsing: `buf[pos, len)` are the bytes not yet consumed. A reader may parse the next
 *   line there and `consume(nl)` it (nl: the index of its \n); `more()` reads further bytes when a
 *   line runs past `len`. Bytes before `pos` may move on any `more()` or `next()`.
 */
import { ConfigError } from '../config/config-error.js';
import { type ByteSource, DataFault, FileBytes } from './byte-source.js';
import { GunzipBytes } from './gzip-bytes.js';
import { ZipEntryBytes } from './zip-bytes.js';

const CHUNK = 1 << 20; // 1 MiB reads of plain files

export interface LineReaderOptions {
  /** For .zip files: the entry to read (default: the only one). */
  entry?: string;
}

export function compressionOf(file: string): 'gz' | 'zip' | 'none' {
  const lower = file.toLowerCase();
  if (lower.endsWith('.gz')) return 'gz';
  if (lower.endsWith('.zip')) return 'zip';
  return 'none';
}

function openBytes(file: string, opts: LineReaderOptions): ByteSource {
  switch (compressionOf(file)) {
    case 'gz':
      return new GunzipBytes(file);
    case 'zip':
      return new ZipEntryBytes(file, opts.entry);
    case 'none':
      return new FileBytes(file, CHUNK, false);
  }
}

/** Lines of a text file, pulled one at a time. `lineNo` is the 1-based number of the line last returned. */
export class LineReader {
  private bytes: ByteSource | undefined;
  /** Working buffer: unread bytes are buf[pos, len). Grows to hold the longest line plus a chunk. */
  buf: Buffer = Buffer.allocUnsafe(CHUNK + 4096);
  pos = 0;
  len = 0;
  /** The line last returned by next(): buf[lineStart, lineEnd), terminator excluded. */
  private lineStart = 0;
  private lineEnd = 0;
  private eof = false;
  private bomChecked = false;
  /** A fault met while reading ahead, raised once the complete lines before it are used up. */
  private fault: string | undefined;
  // ignoreBOM: a BOM inside the file is text (U+FEFF), as it was to the streaming decoder; the one
  // at the start of the file is dropped by fill().
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  lineNo = 0;

  constructor(
    readonly file: string,
    opts: LineReaderOptions = {},
  ) {
    try {
      this.bytes = openBytes(file, opts);
    } catch (e) {
      if (e instanceof DataFault) throw new ConfigError(file, '', e.message);
      const code = (e as { code?: string }).code;
      const why =
        code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, expected a tape file' : (e as Error).message;
      throw new ConfigError(file, '', `cannot open: ${why}`);
    }
  }

  /** Advances to the next line (then `text()` is it); false at end of file. */
  next(): boolean {
    for (;;) {
      const at = this.pos;
      const nl = this.len > at ? this.buf.indexOf(10, at) : -1;
      if (nl >= 0 && nl < this.len) {
        this.consume(nl);
        return true;
      }
      if (this.eof) {
        if (this.fault !== undefined) {
          const fault = this.fault;
          this.close();
          throw new ConfigError(this.file, `line ${this.lineNo + 1}`, fault);
        }
        if (at < this.len) {
          let end = this.len;
          if (this.buf[end - 1] === 13) end--;
          this.lineStart = at;
          this.lineEnd = end;
          this.pos = this.len;
          this.lineNo++;
          return true;
        }
        return false;
      }
      this.more();
    }
  }

  /** Takes buf[pos, nl) as the next line (nl: the index of its \n, at or after pos). */
  consume(nl: number): void {
    let end = nl;
    if (end > this.pos && this.buf[end - 1] === 13) end--;
    this.lineStart = this.pos;
    this.lineEnd = end;
    this.pos = nl + 1;
    this.lineNo++;
  }

  /** True when the line last returned is empty. */
  blank(): boolean {
    return this.lineEnd === this.lineStart;
  }

  /** The line last returned, decoded. */
  text(): string {
    const b = this.buf;
    const a = this.lineStart;
    const e = this.lineEnd;
    for (let i = a; i < e; i++) if (b[i]! >= 0x80) return this.decoder.decode(b.subarray(a, e));
    return b.toString('latin1', a, e); // ASCII: latin1 gives the same text, without a decoder call
  }

  /** The next line without its terminator, or undefined at end of file. */
  nextLine(): string | undefined {
    return this.next() ? this.text() : undefined;
  }

  /**
   * Reads more bytes after `len` (moving the unread ones to the front of the buffer). False when
   * no byte came because the data has ended (or a fault stopped it: next() raises that).
   */
  more(): boolean {
    while (!this.eof) {
      let chunk: Uint8Array | undefined;
      try {
        chunk = this.bytes?.read();
      } catch (e) {
        if (!(e instanceof DataFault)) throw e;
        this.fault = e.message;
        chunk = undefined;
      }
      if (chunk === undefined) {
        this.eof = true;
        this.dropBom();
        return false;
      }
      if (chunk.length === 0) continue;
      this.append(chunk);
      if (!this.bomChecked && this.len < 3) continue;
      this.dropBom();
      return true;
    }
    return false;
  }

  private append(chunk: Uint8Array): void {
    const keep = this.len - this.pos;
    if (this.pos > 0) {
      this.buf.copyWithin(0, this.pos, this.len);
      this.pos = 0;
      this.len = keep;
    }
    if (keep + chunk.length > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, keep + chunk.length));
      this.buf.copy(grown, 0, 0, keep);
      this.buf = grown;
    }
    this.buf.set(chunk, keep);
    this.len = keep + chunk.length;
  }

  /** A UTF-8 BOM at the start of the file is not part of the first line. */
  private dropBom(): void {
    if (this.bomChecked) return;
    this.bomChecked = true;
    const b = this.buf;
    if (this.len >= 3 && this.pos === 0 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) this.pos = 3;
  }

  close(): void {
    this.bytes?.close();
    this.bytes = undefined;
    this.eof = true;
    this.pos = 0;
    this.len = 0;
    this.lineStart = 0;
    this.lineEnd = 0;
    this.fault = undefined;
  }
}
