/**
 * What the session lifecycle writes: one structured line per step (`type` + fields). Live passes
 * its JSON logger; the sim collects the lines (or drops them). No I/O here.
 */
export interface SessionLog {
  info(type: string, fields?: Record<string, unknown>): void;
  warn(type: string, fields?: Record<string, unknown>): void;
  error(type: string, fields?: Record<string, unknown>): void;
}

/** A SessionLog that keeps every line, in order (the sim's, and tests'). */
export class CollectingLog implements SessionLog {
  readonly lines: Array<{ level: 'info' | 'warn' | 'error'; type: string; fields: Record<string, unknown> }> = [];
  info(type: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level: 'info', type, fields });
  }
  warn(type: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level: 'warn', type, fields });
  }
  error(type: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level: 'error', type, fields });
  }
  /** Lines of one type. */
  of(type: string): Array<Record<string, unknown>> {
    return this.lines.filter((l) => l.type === type).map((l) => l.fields);
  }
}
