/**
 * One CSV file written as a stream in flat memory: rows go into a small buffer that is written
 * synchronously to a temp file beside the target whenever it passes 64 KiB; `commit()` renames the
 * temp file into place, `discard()` removes it. So a reader never sees half a file, and an
 * interrupted run leaves nothing behind. Values are written as given; text that could hold a comma,
 * quote or newline goes through `quote`.
 */
import { closeSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

const FLUSH_AT = 64 * 1024;

export class CsvFile {
  private readonly tmp: string;
  private fd: number | undefined;
  private buf = '';
  rows = 0;

  constructor(
    readonly file: string,
    header: readonly string[],
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.tmp = `${file}.${process.pid}.tmp`;
    this.fd = openSync(this.tmp, 'w');
    this.buf = `${header.join(',')}\n`;
  }

  row(cells: string): void {
    this.buf += cells;
    this.buf += '\n';
    this.rows++;
    if (this.buf.length >= FLUSH_AT) this.flush();
  }

  commit(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
    renameSync(this.tmp, this.file);
  }

  discard(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    try {
      unlinkSync(this.tmp);
    } catch {
      // already gone
    }
  }

  private flush(): void {
    if (this.buf.length && this.fd !== undefined) writeSync(this.fd, this.buf);
    this.buf = '';
  }
}

/** A CSV text field: quoted (with doubled quotes) when it holds a comma, quote or newline. */
export function quote(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
