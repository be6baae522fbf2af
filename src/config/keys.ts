/**
 * `.keys.json` loading and validation (design.md §7), and the redaction helper every log line goes
 * through. The file is checked by the one schema (schema/keys.ts): errors name the field, its line and
 * the problem (`accounts[3].secret (line 6): missing; expected a string (account mm-anchor)`), all at
 * once, and never contain a key or a secret.
 */
import { promises as fs } from 'node:fs';
import { parseAccountId } from '../engine/roster.js';
import { keysCrossChecks, keysSchema, type KeyedAccount } from './schema/keys.js';
import { validate } from './schema/validate.js';
import { ConfigError } from './config-error.js';
import { jsonSource, plainSource, type YamlSource } from './yaml-reader.js';

export type { KeyedAccount };

export interface KeysFile {
  baseUrl: string;
  accounts: KeyedAccount[];
  /** Non-fatal findings (roster split, file mode). */
  warnings: string[];
}

/** Bad `.keys.json`. `problems` lists every problem found, each naming its field and line. The CLI exits 2. */
export class KeysError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'KeysError';
  }
}

const EXPECTED = { ladder: 24, anchor: 1, taker: 5 } as const;

/**
 * Validate the parsed JSON of a keys file (`text`, when given, supplies the lines). Throws
 * KeysError listing every problem; never quotes a value.
 */
export function validateKeys(raw: unknown, file = '.keys.json', text?: string): KeysFile {
  const src: YamlSource = text === undefined ? plainSource(file, raw) : jsonSource(file, raw, text);
  let k;
  try {
    k = validate(keysSchema, src, { echo: false, checkRaw: keysCrossChecks });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new KeysError(
      file,
      e.issues.map((i) => {
        // Name the account an accounts[i] problem is about (its id is not a secret).
        const m = /^accounts\[(\d+)\]\.(key|secret)\b/.exec(i.where);
        const id = m ? (raw as { accounts?: Array<{ id?: unknown }> }).accounts?.[Number(m[1])]?.id : undefined;
        return `${i.where}: ${i.problem}${typeof id === 'string' && id.trim() ? ` (account ${id.trim()})` : ''}`;
      }),
    );
  }
  const accounts = k.accounts.map((a) => ({ ...a, spec: parseAccountIdOk(a.id) }));
  const warnings: string[] = [];
  const count = { ladder: 0, anchor: 0, taker: 0 };
  for (const a of accounts) count[a.spec.role]++;
  if (count.ladder !== EXPECTED.ladder || count.anchor !== EXPECTED.anchor || count.taker !== EXPECTED.taker) {
    warnings.push(
      `roster is ${count.ladder} ladders / ${count.anchor} anchor / ${count.taker} takers, expected ` +
        `${EXPECTED.ladder}/${EXPECTED.anchor}/${EXPECTED.taker}`,
    );
  }
  return { baseUrl: k.base_url, accounts, warnings };
}

function parseAccountIdOk(id: string) {
  const spec = parseAccountId(id);
  if (typeof spec === 'string') throw new Error(`unreachable: ${spec}`);
  return spec;
}

/** Read, parse and validate a keys file; warns when group or others can read it. */
export async function loadKeys(path: string): Promise<KeysFile> {
  let text: string;
  let mode = 0;
  try {
    const st = await fs.stat(path);
    if (st.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    if (st.size > 16 * 1024 * 1024) throw Object.assign(new Error('too big'), { code: 'larger than 16 MiB' });
    text = await fs.readFile(path, 'utf8');
    mode = st.mode;
  } catch (e) {
    throw new KeysError(path, [`cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // JSON.parse messages quote a slice of the input, which may be a secret: report the position only.
    const m = /position (\d+)/.exec(String((e as Error).message));
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
    throw new KeysError(path, [`not valid JSON${m ? ` (line ${line}, at character ${m[1]})` : ''}`]);
  }
  const keys = validateKeys(raw, path, text);
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    keys.warnings.push(
      `${path} is readable by group or others (mode ${(mode & 0o777).toString(8).padStart(3, '0')}); run chmod 600 ${path}`,
    );
  }
  return keys;
}

const SECRET_FIELD = /^(secret|api_?secret|secret_?key|key|api_?key|apikey|signature|x-mbx-apikey)$/i;

/**
 * Replaces every known secret/API key (and any field named like one) with `***`. One instance per
 * run; the logger passes every event through `redact` before writing it.
 */
export class Redactor {
  private readonly values: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    for (const s of secrets) this.add(s);
  }

  add(secret: string): void {
    // Very short strings would redact ordinary words; real keys are 64 hex chars.
    if (secret.length >= 8 && !this.values.includes(secret)) {
      this.values.push(secret);
      this.values.sort((a, b) => b.length - a.length);
    }
  }

  static forKeys(keys: KeysFile): Redactor {
    const r = new Redactor();
    for (const a of keys.accounts) {
      r.add(a.secret);
      r.add(a.key);
    }
    return r;
  }

  redactString(s: string): string {
    let out = s;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join('***');
    // Signatures in query strings are not secrets but are useless and noisy in logs.
    return out.replace(/signature=[0-9a-fA-F]+/g, 'signature=***');
  }

  redact<T>(value: T): T {
    return this.walk(value, 0) as T;
  }

  private walk(v: unknown, depth: number): unknown {
    if (typeof v === 'string') return this.redactString(v);
    if (depth > 8 || v === null || typeof v !== 'object') return v;
    if (v instanceof Error) return { name: v.name, message: this.redactString(v.message) };
    if (Array.isArray(v)) return v.map((x) => this.walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      out[k] = SECRET_FIELD.test(k) && typeof x === 'string' ? '***' : this.walk(x, depth + 1);
    }
    return out;
  }
}
