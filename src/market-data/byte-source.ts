/**
 * Raw bytes of a tape, pulled synchronously one chunk at a time (plain files here; .gz and .zip in
 * gzip-bytes.ts and zip-bytes.ts). The line reader decodes whatever a ByteSource hands out.
 *
 * Rule: a ByteSource that cannot deliver the data it promised (truncated, corrupt, wrong format)
 * throws a `DataFault` saying what was found and what was expected; the line reader adds the file
 * and the line reached. It never hands out a silently short stream.
 */
import fs from 'node:fs';

/** A source of raw bytes, pulled synchronously. */
export interface ByteSource {
  /** The next chunk of bytes (may be empty), or undefined at the end of the data. */
  read(): Uint8Array | undefined;
  close(): void;
}

/** The bytes on disk are not what their name says (truncated, corrupt, not that format). */
export class DataFault extends Error {
  override name = 'DataFault';
}

/**
 * A file's bytes from `start`, in chunks of `chunkSize`. With `fresh`, every chunk is a new buffer
 * (decompressors may keep a reference to their input); otherwise one buffer is reused.
 */
export class FileBytes implements ByteSource {
  private fd: number | undefined;
  private pos = 0;
  private readonly shared: Buffer | undefined;

  constructor(
    file: string,
    private readonly chunkSize: number,
    fresh: boolean,
  ) {
    this.fd = fs.openSync(file, 'r');
    this.shared = fresh ? undefined : Buffer.allocUnsafe(chunkSize);
  }

  read(): Uint8Array | undefined {
    if (this.fd === undefined) return undefined;
    const buf = this.shared ?? Buffer.allocUnsafe(this.chunkSize);
    const n = fs.readSync(this.fd, buf, 0, this.chunkSize, this.pos);
    if (n === 0) return undefined;
    this.pos += n;
    return buf.subarray(0, n);
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
