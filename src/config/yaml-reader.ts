/**
 * Typed reading of parsed YAML with errors that name the file, the key path and, when known, the
 * line. Every scenario field goes through here, so a typo never silently becomes a default.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError } from './config-error.js';

export type Raw = unknown;

export class YamlReader {
  private constructor(
    readonly file: string,
    private readonly doc: Document | undefined,
    private readonly lines: LineCounter | undefined,
  ) {}

  /** Parse `text` (from `file`); syntax errors become ConfigError with the line. */
  static parse(file: string, text: string): { reader: YamlReader; root: Raw } {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      const pos = lines.linePos(e.pos[0]);
      throw new ConfigError(file, `line ${pos.line}`, `YAML syntax: ${e.message.split('\n')[0]}`);
    }
    return { reader: new YamlReader(file, doc, lines), root: doc.toJS() as Raw };
  }

  /** A reader for values that did not come from a file (flags, defaults). */
  static plain(file: string): YamlReader {
    return new YamlReader(file, undefined, undefined);
  }

  fail(path: string, problem: string): never {
    throw new ConfigError(this.file, this.where(path), problem);
  }

  /** `path (line N)` when the node can be located. */
  where(path: string): string {
    if (!this.doc || !this.lines || !path) return path;
    const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
    const node = this.doc.getIn(
      keys.map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
      true,
    ) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0];
    if (offset === undefined) return path;
    return `${path} (line ${this.lines.linePos(offset).line})`;
  }

  /** An object with only the allowed keys; unknown keys fail naming the key and the allowed set. */
  obj(raw: Raw, path: string, allowed: readonly string[]): Record<string, Raw> {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      this.fail(path, `expected a mapping, got ${describe(raw)}`);
    }
    const o = raw as Record<string, Raw>;
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.fail(join(path, k), `unknown key; expected one of: ${allowed.join(', ')}`);
    }
    return o;
  }

  /** A mapping with free keys (e.g. symbols). */
  map(raw: Raw, path: string): Record<string, Raw> {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      this.fail(path, `expected a mapping, got ${describe(raw)}`);
    }
    return raw as Record<string, Raw>;
  }

  list(raw: Raw, path: string): Raw[] {
    if (!Array.isArray(raw)) this.fail(path, `expected a list, got ${describe(raw)}`);
    return raw;
  }

  num(raw: Raw, path: string, opts: { min?: number; max?: number; int?: boolean } = {}): number {
    if (typeof raw !== 'number' || !Number.isFinite(raw)) this.fail(path, `expected a number, got ${describe(raw)}`);
    if (opts.int && !Number.isInteger(raw)) this.fail(path, `expected a whole number, got ${raw}`);
    if (opts.min !== undefined && raw < opts.min) this.fail(path, `expected a number ≥ ${opts.min}, got ${raw}`);
    if (opts.max !== undefined && raw > opts.max) this.fail(path, `expected a number ≤ ${opts.max}, got ${raw}`);
    return raw;
  }

  str(raw: Raw, path: string): string {
    if (typeof raw !== 'string' || raw === '') this.fail(path, `expected a non-empty string, got ${describe(raw)}`);
    return raw;
  }

  bool(raw: Raw, path: string): boolean {
    if (typeof raw !== 'boolean') this.fail(path, `expected true or false, got ${describe(raw)}`);
    return raw;
  }

  oneOf<T extends string>(raw: Raw, path: string, options: readonly T[]): T {
    if (typeof raw !== 'string' || !options.includes(raw as T)) {
      this.fail(path, `expected one of ${options.join(', ')}, got ${describe(raw)}`);
    }
    return raw as T;
  }

  /** A decimal given as a string or number, returned as a canonical string ("0.1"). */
  decimal(raw: Raw, path: string): string {
    const s = typeof raw === 'number' ? String(raw) : raw;
    if (typeof s !== 'string' || !/^\d+(\.\d+)?(e-\d+)?$/.test(s) || !(Number(s) > 0)) {
      this.fail(path, `expected a positive decimal such as "0.1", got ${describe(raw)}`);
    }
    return s;
  }

  /** Like durationMs but admits 0 (a window starting at the scenario start). */
  durationMsOrZero(raw: Raw, path: string): number {
    if (raw === 0 || raw === '0') return 0;
    return this.durationMs(raw, path);
  }

  /** Duration: seconds as a number, or "90s", "15m", "6h", "1d" (combinable: "1h30m"). Returns ms. */
  durationMs(raw: Raw, path: string): number {
    const ms = parseDurationMs(raw);
    if (ms === undefined || ms <= 0) {
      this.fail(path, `expected a positive duration such as 6h, 90m, 1d or a number of seconds, got ${describe(raw)}`);
    }
    return ms;
  }
}

export function parseDurationMs(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw * 1000 : undefined;
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * unit[m[2]!]!;
    consumed = re.lastIndex;
  }
  return consumed === s.length && consumed > 0 ? Math.round(total) : undefined;
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v}"`;
  return `${typeof v} ${String(v)}`;
}
