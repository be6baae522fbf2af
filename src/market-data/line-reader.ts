/**
 * Synchronous, streaming line reader over plain, .gz and .zip files. Memory is bounded by the
 * chunk size (plus the longest line), never by file length.
 *
 * Decompression is incremental and synchronous: Node's zlib engines expose `_processChunk(chunk,
 * flushFlag)`, which, called without a callback, runs the engine synchronously on one chunk and
 * returns the output produced so far. It is what Node's own `zlib.*Sync` functions use internally
 * (lib/zlib.js `processChunkSync`) and has been present and stable since Node 0.x, but it is not
 * documented public API. We feature-detect it; when it is missing (a future Node), we fall back to
 * decompressing the file once, at open, into a temp file with a child node process (streaming, so
 * bounded memory; costs temp disk space = uncompressed size) and stream that file instead.
 * `LineReaderOptions.forceTempFileDecompression` exercises the fallback in tests.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ConfigError } from '../config/config-error.js';

const CHUNK = 1 << 20; // 1 MiB reads

/** A source of raw bytes, pulled synchronously. */
interface ByteSource {
  /** The next chunk of bytes, or undefined at end of data. May return empty buffers. */
  read(): Buffer | undefined;
  close(): void;
}

class FileBytes implements ByteSource {
  private fd: number | undefined;
  private pos: number;
  private readonly buf = Buffer.allocUnsafe(CHUNK);
  constructor(
    file: string,
    start = 0,
    private remaining = Infinity,
  ) {
    this.fd = fs.openSync(file, 'r');
    this.pos = start;
  }
  read(): Buffer | undefined {
    if (this.fd === undefined || this.remaining <= 0) return undefined;
    const want = Math.min(CHUNK, this.remaining);
    const n = fs.readSync(this.fd, this.buf, 0, want, this.pos);
    if (n === 0) return undefined;
    this.pos += n;
    this.remaining -= n;
    return this.buf.subarray(0, n);
  }
  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

interface SyncEngine {
  _processChunk(chunk: Buffer, flushFlag: number): Buffer | null;
  close(): void;
}

function syncEngineAvailable(): boolean {
  const probe = zlib.createInflateRaw() as unknown as Partial<SyncEngine>;
  const ok = typeof probe._processChunk === 'function';
  (probe as zlib.InflateRaw).close();
  return ok;
}

class InflateBytes implements ByteSource {
  private done = false;
  constructor(
    private readonly inner: ByteSource,
    private readonly engine: SyncEngine,
    private readonly file: string,
  ) {}
  read(): Buffer | undefined {
    if (this.done) return undefined;
    const chunk = this.inner.read();
    if (chunk === undefined) {
      this.done = true;
      return undefined;
    }
    try {
      return this.engine._processChunk(chunk, zlib.constants.Z_SYNC_FLUSH) ?? Buffer.alloc(0);
    } catch (e) {
      throw new ConfigError(this.file, '', `cannot decompress: ${(e as Error).message}`);
    }
  }
  close(): void {
    this.inner.close();
    this.engine.close();
  }
}

/** Where the single entry's compressed data sits inside a zip. */
interface ZipEntry {
  method: number;
  dataStart: number;
  compressedSize: number;
}

/**
 * Locates the first entry of a zip via the end-of-central-directory record (so sizes are right even
 * when the local header defers them to a data descriptor). Supports zip64 sizes/offsets.
 */
function locateZipEntry(file: string): ZipEntry {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const tailLen = Math.min(size, 22 + 65535 + 20);
    const tail = Buffer.alloc(tailLen);
    fs.readSync(fd, tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ConfigError(file, '', 'not a zip file (no end-of-central-directory record)');
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff && eocd >= 20 && tail.readUInt32LE(eocd - 20) === 0x07064b50) {
      const z64 = Number(tail.readBigUInt64LE(eocd - 20 + 8));
      const rec = Buffer.alloc(56);
      fs.readSync(fd, rec, 0, 56, z64);
      cdOffset = Number(rec.readBigUInt64LE(48));
    }
    const cd = Buffer.alloc(46 + 65535 * 3);
    const cdn = fs.readSync(fd, cd, 0, cd.length, cdOffset);
    if (cdn < 46 || cd.readUInt32LE(0) !== 0x02014b50) throw new ConfigError(file, '', 'zip central directory not found');
    const method = cd.readUInt16LE(10);
    let compressedSize = cd.readUInt32LE(20);
    const nameLen = cd.readUInt16LE(28);
    const extraLen = cd.readUInt16LE(30);
    let localOffset = cd.readUInt32LE(42);
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      // zip64 extended information extra field: uncompressed, compressed, local offset (as needed).
      let p = 46 + nameLen;
      const end = p + extraLen;
      while (p + 4 <= end) {
        const id = cd.readUInt16LE(p);
        const len = cd.readUInt16LE(p + 2);
        if (id === 0x0001) {
          let q = p + 4;
          if (cd.readUInt32LE(24) === 0xffffffff) q += 8;
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (localOffset === 0xffffffff) localOffset = Number(cd.readBigUInt64LE(q));
          break;
        }
        p += 4 + len;
      }
    }
    const lh = Buffer.alloc(30);
    fs.readSync(fd, lh, 0, 30, localOffset);
    if (lh.readUInt32LE(0) !== 0x04034b50) throw new ConfigError(file, '', 'zip local file header not found');
    const dataStart = localOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
    if (method !== 0 && method !== 8) {
      throw new ConfigError(file, '', `zip entry uses compression method ${method}; expected 0 (stored) or 8 (deflate)`);
    }
    return { method, dataStart, compressedSize };
  } finally {
    fs.closeSync(fd);
  }
}

export interface LineReaderOptions {
  /** Test hook: use the temp-file fallback even when incremental sync inflate is available. */
  forceTempFileDecompression?: boolean;
}

function compressionOf(file: string): 'gz' | 'zip' | 'none' {
  const lower = file.toLowerCase();
  if (lower.endsWith('.gz')) return 'gz';
  if (lower.endsWith('.zip')) return 'zip';
  return 'none';
}

/** Decompress to a temp file in a child process (streaming). Returns the temp path. */
function decompressToTemp(file: string, kind: 'gz' | 'zip'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rocky-tape-'));
  const out = path.join(dir, 'tape.txt');
  let script: string;
  let args: string[];
  if (kind === 'gz') {
    script =
      "const fs=require('fs'),z=require('zlib');fs.createReadStream(process.argv[1]).pipe(z.createGunzip())" +
      ".pipe(fs.createWriteStream(process.argv[2])).on('finish',()=>process.exit(0));" +
      'process.on("uncaughtException",e=>{console.error(e.message);process.exit(1)})';
    args = [file, out];
  } else {
    const e = locateZipEntry(file);
    script =
      "const fs=require('fs'),z=require('zlib');const [f,o,m,s,n]=process.argv.slice(1);" +
      'const r=fs.createReadStream(f,{start:+s,end:+s+ +n-1});' +
      "(m==='8'?r.pipe(z.createInflateRaw()):r).pipe(fs.createWriteStream(o)).on('finish',()=>process.exit(0));" +
      'process.on("uncaughtException",e=>{console.error(e.message);process.exit(1)})';
    args = [file, out, String(e.method), String(e.dataStart), String(e.compressedSize)];
  }
  const res = spawnSync(process.execPath, ['-e', script, ...args], { encoding: 'utf8' });
  if (res.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new ConfigError(file, '', `cannot decompress: ${(res.stderr || res.error?.message || '').trim()}`);
  }
  return out;
}

function openBytes(file: string, opts: LineReaderOptions): { bytes: ByteSource; tempFile?: string } {
  const kind = compressionOf(file);
  if (kind === 'none') return { bytes: new FileBytes(file) };
  if (opts.forceTempFileDecompression || !syncEngineAvailable()) {
    const tmp = decompressToTemp(file, kind);
    return { bytes: new FileBytes(tmp), tempFile: tmp };
  }
  if (kind === 'gz') {
    const engine = zlib.createGunzip() as unknown as SyncEngine;
    return { bytes: new InflateBytes(new FileBytes(file), engine, file) };
  }
  const e = locateZipEntry(file);
  const raw = new FileBytes(file, e.dataStart, e.compressedSize);
  if (e.method === 0) return { bytes: raw };
  return { bytes: new InflateBytes(raw, zlib.createInflateRaw() as unknown as SyncEngine, file) };
}

/**
 * Lines of a text file (\n or \r\n), decoded as UTF-8, pulled one at a time. `lineNo` is the
 * 1-based number of the line last returned. Empty lines are returned as ''.
 */
export class LineReader {
  private bytes: ByteSource | undefined;
  private tempFile: string | undefined;
  private text = '';
  private pos = 0;
  private eof = false;
  private readonly decoder = new TextDecoder('utf-8');
  lineNo = 0;

  constructor(
    readonly file: string,
    opts: LineReaderOptions = {},
  ) {
    let opened: { bytes: ByteSource; tempFile?: string };
    try {
      opened = openBytes(file, opts);
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      throw new ConfigError(file, '', `cannot open: ${(e as Error).message}`);
    }
    this.bytes = opened.bytes;
    this.tempFile = opened.tempFile;
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
    const chunk = this.bytes?.read();
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
    if (this.tempFile) {
      fs.rmSync(path.dirname(this.tempFile), { recursive: true, force: true });
      this.tempFile = undefined;
    }
  }
}
