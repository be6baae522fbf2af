/**
 * Runs a schema over a parsed config and turns every zod issue into a ConfigIssue that names the
 * key path, the line (from the YAML source) and what was expected, in the project's wording
 * (`expected a number ≥ 0, got -1`, `unknown key; expected one of: model, median_ms, sigma, min_ms`).
 * All issues are reported at once, in file order. Cross-field checks (superRefine) run only once
 * every field is valid, as they compare valid values.
 */
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../config-error.js';
import { formatPath, type KeyPath, type YamlSource } from '../yaml-reader.js';

export interface ValidateOptions {
  /** Quote the offending value in messages (off for keys files: values there may be secrets). */
  echo?: boolean;
  /** Paths set from the command line (`--set`): their issues say `(--set)` instead of a line. */
  setPaths?: readonly KeyPath[];
  /** Key path of the validated value inside a larger document (`symbols.BTCUSDT.source`), for messages. */
  prefix?: string;
}

/** A problem found by a cross-field check: where, and what was expected. */
export interface CrossIssue {
  path: KeyPath;
  message: string;
}

/**
 * The parsed, defaulted value, or a ConfigError listing every problem. `check` runs on a valid
 * value (with the raw input, to tell keys the file gave from defaults) and returns the cross-field
 * problems.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  src: YamlSource,
  opts: ValidateOptions & {
    check?: (out: z.output<S>, raw: unknown) => CrossIssue[];
    /** Cross-field checks on the raw input, run even when fields are malformed (all problems at once). */
    checkRaw?: (raw: unknown) => CrossIssue[];
  } = {},
): z.output<S> {
  const r = schema.safeParse(src.root, { reportInput: true, error: defaultMessage });
  const early = opts.checkRaw?.(src.root) ?? [];
  const toIssues = (c: CrossIssue[]): Issue[] => c.map((x) => ({ code: 'custom', path: [...x.path], message: x.message }));
  if (!r.success)
    throw ConfigError.of(src.file, describeIssues([...(r.error.issues as unknown as Issue[]), ...toIssues(early)], src, opts));
  const cross = [...early, ...(opts.check?.(r.data, src.root) ?? [])];
  if (cross.length > 0) throw ConfigError.of(src.file, describeIssues(toIssues(cross), src, opts));
  return r.data;
}

/** Shape of a zod v4 issue as far as these messages need it. */
interface Issue {
  code: string;
  path: Array<string | number | symbol>;
  message: string;
  input?: unknown;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  origin?: string;
  values?: unknown[];
  keys?: string[];
  errors?: Issue[][];
  issues?: Issue[];
  note?: string;
  options?: unknown[];
  format?: string;
  inst?: { _zod?: { def?: { shape?: Record<string, unknown>; type?: string } } };
}

export function describeIssues(issues: readonly Issue[], src: YamlSource, opts: ValidateOptions): ConfigIssue[] {
  const flat = issues.flatMap((i) => flatten(i, [], opts.echo ?? true));
  const located = flat.map((f) => {
    // An issue at or under a --set path, or at a key that only a --set path created (an unknown
    // key such as strategy.takr of --set strategy.takr.x=1), belongs to the command line.
    const fromSet = (opts.setPaths ?? []).some((s) => {
      if (f.path.length < s.length && !f.unknownKey) return false;
      const n = Math.min(s.length, f.path.length);
      for (let k = 0; k < n; k++) if (String(f.path[k]) !== String(s[k])) return false;
      return f.path.length > 0;
    });
    const line = fromSet ? undefined : src.lineOf(f.path);
    const rel = formatPath(f.path);
    const p = !opts.prefix ? rel : !rel ? opts.prefix : rel.startsWith('[') ? `${opts.prefix}${rel}` : `${opts.prefix}.${rel}`;
    const where = fromSet ? `${p} (--set)` : line === undefined ? p : p ? `${p} (line ${line})` : `line ${line}`;
    return { where, problem: f.problem, line: line ?? Number.MAX_SAFE_INTEGER };
  });
  located.sort((a, b) => a.line - b.line);
  const seen = new Set<string>();
  return located
    .filter((i) => !seen.has(`${i.where}\0${i.problem}`) && seen.add(`${i.where}\0${i.problem}`))
    .map(({ where, problem }) => ({ where, problem }));
}

function flatten(iss: Issue, base: KeyPath, echo: boolean): Array<{ path: KeyPath; problem: string; unknownKey?: boolean }> {
  const path = [...base, ...iss.path.filter((s): s is string | number => typeof s !== 'symbol')];
  if (iss.code === 'invalid_union' && iss.errors && iss.errors.length > 0) {
    // A value of the right kind for exactly one branch: that branch's own problems say more.
    const fitting = iss.errors.filter((b) => !b.some((x) => x.code === 'invalid_type' && x.path.length === 0));
    if (fitting.length >= 1) return fitting[0]!.flatMap((x) => flatten(x, path, echo));
  }
  if (iss.code === 'unrecognized_keys')
    return (iss.keys ?? []).map((k) => ({ path: [...path, k], problem: iss.message, unknownKey: true }));
  if (iss.code === 'invalid_key') return [{ path, problem: iss.issues?.[0]?.message ?? iss.message }];
  let problem = iss.message;
  if (iss.code === 'invalid_type' && iss.input === undefined) problem = `missing; ${problem}`;
  else if (echo && 'input' in iss && !/\bgot\b/.test(problem) && iss.code !== 'custom')
    problem += `, got ${typeof iss.input === 'number' && iss.code !== 'invalid_type' ? iss.input : show(iss.input)}`;
  return [{ path, problem }];
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

const num = (v: number | bigint | undefined): string =>
  v === Number.MAX_SAFE_INTEGER ? '2^53 − 1 (9007199254740991)' : String(v);

/** Default wording for every issue a schema does not word itself. */
export function defaultMessage(raw: unknown): string {
  const iss = raw as Issue;
  switch (iss.code) {
    case 'invalid_type':
      if (iss.expected === 'int' && typeof iss.input === 'number') return 'expected a whole number';
      return `expected ${TYPE_NAMES[iss.expected ?? ''] ?? `a ${iss.expected}`}`;
    case 'too_small': {
      if (iss.origin === 'string')
        return Number(iss.minimum) <= 1 ? 'expected a non-empty string' : `expected at least ${iss.minimum} characters`;
      if (iss.origin === 'array' || iss.origin === 'set') return `expected at least ${iss.minimum} item(s)`;
      return `expected a number ${iss.inclusive ? '≥' : '>'} ${num(iss.minimum)}`;
    }
    case 'too_big': {
      if (iss.origin === 'string') return `expected at most ${iss.maximum} characters`;
      if (iss.origin === 'array' || iss.origin === 'set') return `expected at most ${iss.maximum} item(s)`;
      return `expected a number ${iss.inclusive ? '≤' : '<'} ${num(iss.maximum)}`;
    }
    case 'invalid_value':
      return (iss.values ?? []).length === 1
        ? `expected ${String(iss.values![0])}`
        : `expected one of ${(iss.values ?? []).join(', ')}`;
    case 'invalid_format':
      return `expected a string of the form ${iss.format === 'regex' ? String((iss as { pattern?: unknown }).pattern) : iss.format}`;
    case 'unrecognized_keys': {
      const shape = iss.inst?._zod?.def?.shape;
      return shape ? `unknown key; expected one of: ${Object.keys(shape).join(', ')}` : 'unknown key';
    }
    case 'invalid_union': {
      if (iss.note === 'No matching discriminator')
        return `expected one of ${(iss.options ?? []).filter((o) => o !== null && o !== undefined).join(', ')}`;
      const kinds = (iss.errors ?? []).flatMap((b) =>
        b
          .filter((x) => x.code === 'invalid_type' && x.path.length === 0)
          .map((x) => TYPE_NAMES[x.expected ?? ''] ?? `a ${x.expected}`),
      );
      return kinds.length ? `expected ${[...new Set(kinds)].join(' or ')}` : 'expected another value';
    }
    case 'invalid_key':
      return 'unexpected key';
    default:
      return iss.message || 'invalid value';
  }
}

/** A value as quoted in a message. */
export function show(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return `${typeof v} ${String(v)}`;
}
