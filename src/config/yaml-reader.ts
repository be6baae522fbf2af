/**
 * Reading YAML config files: parse to plain data, and find the line of any key path afterwards, so
 * every validation error can say `key.path (line N)`. Syntax errors, duplicate keys, several
 * documents in one file and alias bombs (more than MAX_ALIASES alias expansions) are ConfigErrors
 * naming the line, never a stack trace.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError } from './config-error.js';

/** A key path as the schema reports it: mapping keys and list indexes. */
export type KeyPath = ReadonlyArray<string | number>;

/** A file's parsed content and the way back from a key path to its line. */
export interface YamlSource {
  file: string;
  root: unknown;
  /** Line (1-based) of the deepest node of `path` present in the file; undefined when none is. */
  lineOf(path: KeyPath): number | undefined;
}

/** Alias expansions allowed while turning the document into data (the `yaml` package's own default is 100). */
export const MAX_ALIASES = 100;

export function readYaml(file: string, text: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    const issues = problems.map((e) => ({
      where: `line ${lines.linePos(e.pos[0]).line}`,
      problem: `YAML syntax: ${e.message.split('\n')[0]}`,
    }));
    throw ConfigError.of(file, issues);
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    const msg = (e as Error).message;
    const problem = /alias/i.test(msg)
      ? `YAML aliases expand too far (more than ${MAX_ALIASES} expansions); write the values out or use fewer aliases`
      : `YAML: ${msg.split('\n')[0]}`;
    throw new ConfigError(file, '', problem);
  }
  return { file, root, lineOf: (p) => lineOf(doc, lines, p) };
}

/**
 * Lines for a JSON file read with JSON.parse: JSON is YAML, so the YAML CST locates its keys. No
 * lines when the CST cannot be built (the data stays JSON.parse's).
 */
export function jsonSource(file: string, root: unknown, text: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) return plainSource(file, root);
  return { file, root, lineOf: (p) => lineOf(doc, lines, p) };
}

/** A source for data that came from no file (flags, tests): no lines. */
export function plainSource(file: string, root: unknown): YamlSource {
  return { file, root, lineOf: () => undefined };
}

function lineOf(doc: Document, lines: LineCounter, path: KeyPath): number | undefined {
  let node: unknown = doc.contents;
  let at: number | undefined = rangeStart(node);
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      at = rangeStart(pair.key) ?? at;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      at = rangeStart(node) ?? at;
    } else {
      break;
    }
  }
  return at === undefined ? undefined : lines.linePos(at).line;
}

function rangeStart(node: unknown): number | undefined {
  const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return r?.[0];
}

/** `exchange.latency.sigma`, `faults.outages[0].from`, `symbols.BTCUSDT`. */
export function formatPath(path: KeyPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

/** Duration: seconds as a number, or "90s", "15m", "6h", "1d" (combinable: "1h30m"). Returns ms. */
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
