/**
 * Synchronous, streaming line reader over plain, .gz and .zip files (by file name). Memory is
 * bounded by the chunk size plus the longest line, never by file length.
 *
 * Rules:
 * - Lines end at \n or \r\n and are decoded as UTF-8; empty lines are returned as ''.
 * - Decompression (gzip-bytes.ts, zip-bytes.ts) is fflate's, pulled synchronously chunk by chunk.
 * - Every problem is a ConfigError naming the file: a file that cannot be opened, an archive that
 *   is empty, corrupt, truncated or ambiguous (several zip entries). A fault found while streaming
 *   comes after the complete lines read before it and names the line it interrupted, so a
 *   truncated archive fails at the half row it ends in, never passing it on.
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
  private text = '';
  private pos = 0;
  private eof = false;
  /** A fault met while reading ahead, raised once the complete lines before it are used up. */
  private fault: string | undefined;
  private readonly decoder = new TextDecoder('utf-8');
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

  /** The next line without its terminator, or undefined at end of file. */
  nextLine(): string | undefined {
    for (;;) {
      const nl = this.text.indexOf('\n', this.pos);
      if (nl >= 0) {
        let end = nl;
        if (end > this.pos && this.text.charCodeAt(end - 1) === 13) end--;
        const line = this.text.slice(this.pos, end);
        this.pos = nl + 1;
        this.lineNo++;
        return line;
      }
      if (this.eof) {
        if (this.fault !== undefined) {
          const fault = this.fault;
          this.close();
          throw new ConfigError(this.file, `line ${this.lineNo + 1}`, fault);
        }
        if (this.pos < this.text.length) {
          let line = this.text.slice(this.pos);
          if (line.endsWith('\r')) line = line.slice(0, -1);
          this.pos = this.text.length;
          this.lineNo++;
          return line;
        }
        return undefined;
      }
      this.fill();
    }
  }

  private fill(): void {
    let chunk: Uint8Array | undefined;
    try {
      chunk = this.bytes?.read();
    } catch (e) {
      if (!(e instanceof DataFault)) throw e;
      this.fault = e.message;
      chunk = undefined;
    }
    const rest = this.text.slice(this.pos);
    this.pos = 0;
    if (chunk === undefined) {
      this.eof = true;
      this.text = rest + this.decoder.decode();
      return;
    }
    this.text = rest + this.decoder.decode(chunk, { stream: true });
  }

  close(): void {
    this.bytes?.close();
    this.bytes = undefined;
    this.eof = true;
    this.text = '';
    this.pos = 0;
    this.fault = undefined;
  }
}
