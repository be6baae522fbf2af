/**
 * Base for the line-oriented tape readers (CSV, JSON lines): owns the LineReader, and turns a bad
 * row into a ConfigError naming the file and line (closing the file first, so nothing leaks).
 */
import { ConfigError } from '../config/config-error.js';
import { LineReader, type LineReaderOptions } from './line-reader.js';
import { OrderedTapeSource } from './tape-source.js';

export abstract class LineTapeSource extends OrderedTapeSource {
  protected readonly lines: LineReader;

  constructor(
    readonly file: string,
    opts: LineReaderOptions = {},
  ) {
    super();
    this.lines = new LineReader(file, opts);
  }

  protected bad(line: string, expected: string): never {
    const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
    const where = `line ${this.lines.lineNo}`;
    this.close();
    throw new ConfigError(this.file, where, `${expected}; got "${shown}"`);
  }

  protected release(): void {
    this.lines.close();
  }
}
