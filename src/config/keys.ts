/**
 * `.keys.json` loading and validation (design.md §7), and the redaction helper every log line goes
 * through. Errors name the field and the problem (`accounts[3].secret missing`) and never contain a
 * key or a secret.
 */
import { promises as fs } from 'node:fs';
import { parseAccountId, type AccountSpec } from '../engine/roster.js';

export interface KeyedAccount {
  id: string;
  key: string;
  secret: string;
  spec: AccountSpec;
}

export interface KeysFile {
  baseUrl: string;
  accounts: KeyedAccount[];
  /** Non-fatal findings (roster split, file mode). */
  warnings: string[];
}

/** Bad `.keys.json`. `problems` lists every problem found, each naming its field. The CLI exits 2. */
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

/** Validate the parsed JSON of a keys file. Throws KeysError listing every problem. */
export function validateKeys(raw: unknown, file = '.keys.json'): KeysFile {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new KeysError(file, ['top level must be an object { "base_url", "accounts" }']);
  }
  const obj = raw as Record<string, unknown>;
  let baseUrl = '';
  if (typeof obj.base_url !== 'string' || obj.base_url.trim() === '') {
    problems.push('base_url missing');
  } else {
    try {
      const u = new URL(obj.base_url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') problems.push(`base_url must be http(s), got ${u.protocol}`);
      baseUrl = obj.base_url.replace(/\/+$/, '');
    } catch {
      problems.push('base_url is not a valid URL');
    }
  }
  const accounts: KeyedAccount[] = [];
  if (!Array.isArray(obj.accounts)) {
    problems.push('accounts missing (expected an array)');
  } else {
    const seen = new Map<string, number>();
    const seenKeys = new Map<string, number>();
    obj.accounts.forEach((a: unknown, i: number) => {
      const where = `accounts[${i}]`;
      if (typeof a !== 'object' || a === null || Array.isArray(a)) {
        problems.push(`${where} must be an object { "id", "key", "secret" }`);
        return;
      }
      const r = a as Record<string, unknown>;
      const id = typeof r.id === 'string' ? r.id.trim() : '';
      const key = typeof r.key === 'string' ? r.key.trim() : '';
      const secret = typeof r.secret === 'string' ? r.secret.trim() : '';
      let ok = true;
      if (!id) {
        problems.push(`${where}.id missing`);
        ok = false;
      }
      if (!key) {
        problems.push(`${where}.key missing${id ? ` (account ${id})` : ''}`);
        ok = false;
      }
      if (!secret) {
        problems.push(`${where}.secret missing${id ? ` (account ${id})` : ''}`);
        ok = false;
      }
      for (const [field, v] of [
        ['key', key],
        ['secret', secret],
      ] as const) {
        if (/REPLACE_WITH/i.test(v)) {
          problems.push(`${where}.${field} is still the .keys.example.json placeholder`);
          ok = false;
        }
      }
      if (!id) return;
      const spec = parseAccountId(id);
      if (typeof spec === 'string') {
        problems.push(`${where}.id unknown: ${spec}`);
        return;
      }
      const prev = seen.get(id);
      if (prev !== undefined) {
        problems.push(`${where}.id duplicate: "${id}" already at accounts[${prev}]`);
        return;
      }
      seen.set(id, i);
      if (key && ok) {
        const prevKey = seenKeys.get(key);
        // Never print the key itself: two accounts sharing one key would share a rate limit and orders.
        if (prevKey !== undefined) problems.push(`${where}.key duplicate: same API key as accounts[${prevKey}]`);
        else seenKeys.set(key, i);
      }
      if (ok) accounts.push({ id, key, secret, spec });
    });
    if (obj.accounts.length === 0) problems.push('accounts is empty');
  }
  if (problems.length > 0) throw new KeysError(file, problems);
  const count = { ladder: 0, anchor: 0, taker: 0 };
  for (const a of accounts) count[a.spec.role]++;
  if (count.ladder !== EXPECTED.ladder || count.anchor !== EXPECTED.anchor || count.taker !== EXPECTED.taker) {
    warnings.push(
      `roster is ${count.ladder} ladders / ${count.anchor} anchor / ${count.taker} takers, expected ` +
        `${EXPECTED.ladder}/${EXPECTED.anchor}/${EXPECTED.taker}`,
    );
  }
  return { baseUrl, accounts, warnings };
}

/** Read, parse and validate a keys file; warns when group or others can read it. */
export async function loadKeys(path: string): Promise<KeysFile> {
  let text: string;
  let mode = 0;
  try {
    text = await fs.readFile(path, 'utf8');
    mode = (await fs.stat(path)).mode;
  } catch (e) {
    throw new KeysError(path, [`cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // JSON.parse messages quote a slice of the input, which may be a secret: report the position only.
    const m = /position (\d+)/.exec(String((e as Error).message));
    throw new KeysError(path, [`not valid JSON${m ? ` (at character ${m[1]})` : ''}`]);
  }
  const keys = validateKeys(raw, path);
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
