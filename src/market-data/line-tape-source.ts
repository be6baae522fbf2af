/**
 * Base for the line-oriented tape readers (CSV, JSON lines). It owns the LineReader and the
 * rules every format shares; a reader only says how one line becomes a tick.
 *
 * Rules:
 * - Blank lines are skipped and counted. The first non-blank line may be a header (when the
 *   reader says it looks like one); a header that is not the format's own is an error, whatever
 *   the policy: the file is of another kind.
 * - Every tick passes tape-checks.ts (prices, book, time unit). A row that fails to parse or
 *   fails a check is a bad row: with `on_bad_row: error` (the default) a ConfigError naming the
 *   file and line; with `skip` it is dropped and counted (`badRowsSkipped`).
 * - A file that yields no tick at all is an error: empty, header only, blank, every row bad, or
 *   (JSON lines) nothing for the symbol. The file is closed before any error leaves.
 */
import { ConfigError } from '../config/config-error.js';
import { LineReader, type LineReaderOptions } from './line-reader.js';
import { tickProblem } from './tape-checks.js';
import { OrderedTapeSource, type ReadPosition } from './tape-source.js';
import type { Tick } from './tick-source.js';

export type BadRowPolicy = 'error' | 'skip';

export interface TapeReadOptions extends LineReaderOptions {
  /** What a bad row does: stop the read (default) or be skipped and counted. */
  onBadRow?: BadRowPolicy;
}

/** Raised by a reader's parseLine for a row it cannot use; the base applies the policy. */
export class BadRow {
  constructor(readonly expected: string) {}
}

export abstract class LineTapeSource extends OrderedTapeSource {
  protected readonly lines: LineReader;
  private readonly policy: BadRowPolicy;
  private first = true;
  private sawHeader = false;
  /** Non-blank lines after the header. */
  private dataLines = 0;
  private firstBad: string | undefined;

  constructor(
    readonly file: string,
    opts: TapeReadOptions = {},
  ) {
    super();
    this.policy = opts.onBadRow ?? 'error';
    this.lines = new LineReader(file, opts);
  }

  /** What the file should hold, for "empty" messages: "bookTicker rows (update_id,...)". */
  protected abstract readonly expects: string;

  /** True when the first non-blank line is a header rather than data. */
  protected isHeader(_line: string): boolean {
    return false;
  }

  /** Problem with the header line, if any (then the read stops). */
  protected headerProblem(_line: string): string | undefined {
    return undefined;
  }

  /** One data line → a tick, or null for a line skipped on purpose (another symbol). Calls bad() for a bad row. */
  protected abstract parseLine(line: string): Tick | null;

  /** Why nothing came out of a file with data lines whose rows were all skipped on purpose. */
  protected nothingForUs(skipped: number): string {
    return `no ${this.expects} (${skipped} line(s) skipped)`;
  }

  protected bad(expected: string): never {
    throw new BadRow(expected);
  }

  position(): ReadPosition {
    return { file: this.file, line: this.lines.lineNo };
  }

  /**
   * In-place fast path for a data line: parse the row starting at buf[pos] (bytes up to `len` are
   * read) and return the index of its \n, with the tick in `fastTick`; -1 when the row is not one
   * the fast path takes (then the line is decoded and goes through parseLine, which gives the
   * tick or the error); -2 when the row runs past `len` (more bytes are read and it is retried).
   * A tick taken here must be exactly the one parseLine would give and pass tape-checks.ts.
   */
  protected fastRow(_buf: Uint8Array, _pos: number, _len: number): number {
    return -1;
  }
  protected fastTick: Tick | undefined;
  /** Set by a reader that implements fastRow. */
  protected fast = false;

  protected read(): Tick | undefined {
    const r = this.lines;
    for (;;) {
      if (this.fast && !this.first) {
        const nl = this.fastRow(r.buf, r.pos, r.len);
        if (nl >= 0) {
          r.consume(nl);
          this.dataLines++;
          this.counters.rowsRead++;
          return this.fastTick;
        }
        if (nl === -2 && r.more()) continue;
      }
      if (!r.next()) return this.atEnd();
      if (r.blank()) {
        this.counters.skipped++;
        continue;
      }
      const line = r.text();
      if (this.first) {
        this.first = false;
        if (this.isHeader(line)) {
          const p = this.headerProblem(line);
          if (p !== undefined) this.fail(p);
          this.sawHeader = true;
          continue;
        }
      }
      this.dataLines++;
      let tick: Tick | null;
      try {
        tick = this.parseLine(line);
        if (tick === null) {
          this.counters.skipped++;
          continue;
        }
        const p = tickProblem(tick);
        if (p !== undefined) this.bad(p);
      } catch (e) {
        if (!(e instanceof BadRow)) throw e;
        this.reject(line, e.expected);
        continue;
      }
      this.counters.rowsRead++;
      return tick;
    }
  }

  private reject(line: string, expected: string): void {
    const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
    const problem = `${expected}; got "${shown}"`;
    if (this.policy === 'error') this.fail(problem);
    this.counters.badRowsSkipped++;
    this.firstBad ??= `line ${this.lines.lineNo}: ${problem}`;
  }

  private atEnd(): undefined {
    if (this.counters.rowsRead > 0) return undefined;
    const n = this.lines.lineNo;
    if (n === 0) this.fail(`the file is empty; expected ${this.expects}`);
    if (this.dataLines === 0)
      this.fail(
        this.sawHeader ? `a header and no data rows; expected ${this.expects}` : `only blank lines; expected ${this.expects}`,
      );
    if (this.counters.badRowsSkipped === this.dataLines)
      this.fail(`all ${this.dataLines} data rows are bad (on_bad_row: skip skipped them all); the first, ${this.firstBad}`);
    this.fail(this.nothingForUs(this.counters.skipped));
  }

  /** Closes the file and throws a ConfigError at the current line. */
  private fail(problem: string): never {
    const n = this.lines.lineNo;
    this.close();
    throw new ConfigError(this.file, n > 0 ? `line ${n}` : '', problem);
  }

  protected release(): void {
    this.lines.close();
  }
}
