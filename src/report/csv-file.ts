/**
 * One CSV file written as a stream in flat memory through the project's one temp-and-rename
 * writer (io/atomic-write.ts AtomicWriter: a hidden temp file beside the target, buffered
 * synchronous writes, renamed into place by `commit()`, removed by `discard()` or at process exit).
 * So a reader never sees half a file, and an interrupted run leaves nothing behind. Values are
 * written as given; text that could hold a comma, quote or newline goes through `quote`.
 */
import { AtomicWriter } from '../io/atomic-write.js';

export class CsvFile {
  private readonly w: AtomicWriter;
  private done = false;
  rows = 0;

  constructor(
    readonly file: string,
    header: readonly string[],
  ) {
    this.w = new AtomicWriter(file);
    this.w.write(`${header.join(',')}\n`);
  }

  row(cells: string): void {
    this.w.write(`${cells}\n`);
    this.rows++;
  }

  commit(): void {
    if (this.done) return;
    this.done = true;
    this.w.commit();
  }

  discard(): void {
    if (this.done) return;
    this.done = true;
    this.w.abort();
  }
}

/** A CSV text field: quoted (with doubled quotes) when it holds a comma, quote or newline. */
export function quote(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
