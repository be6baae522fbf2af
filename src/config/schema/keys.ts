/**
 * `.keys.json` (design.md §7): `{ "base_url": "https://…", "accounts": [{ "id", "key", "secret" }] }`.
 * Unknown keys are errors (a misspelt `secrte` must not pass). Values are never quoted in
 * messages: they may be keys or secrets. Cross-field: ids known and unique, API keys unique,
 * placeholders replaced, at least one account.
 */
import { z } from 'zod';
import { parseAccountId, type AccountSpec } from '../../engine/roster.js';
import type { CrossIssue } from './validate.js';

const URL_HELP = 'expected an http(s) URL such as https://rocky.example.com';

export const keysSchema = z.strictObject({
  $schema: z.string().optional().describe('editor hint; ignored'),
  base_url: z
    .string({ error: URL_HELP })
    .trim()
    .min(1, { error: URL_HELP })
    .refine(
      (s) => {
        try {
          return ['http:', 'https:'].includes(new URL(s).protocol);
        } catch {
          return false;
        }
      },
      { error: URL_HELP },
    )
    .transform((s) => s.replace(/\/+$/, ''))
    .describe('the Rocky REST base URL'),
  accounts: z
    .array(
      z.strictObject({
        id: z.string().trim().min(1).describe('mm-l{1,2,3}-{buy,sell}-NNbps, mm-anchor or mm-taker-N'),
        key: z.string().trim().min(1).describe('API key'),
        secret: z.string().trim().min(1).describe('API secret'),
      }),
    )
    .min(1, { error: 'expected at least one account' }),
});

export type KeysFileRaw = z.output<typeof keysSchema>;

export interface KeyedAccount {
  id: string;
  key: string;
  secret: string;
  spec: AccountSpec;
}

/**
 * Checks across accounts, on the file as written (so they run even when some field is malformed,
 * and every problem is reported at once): ids known and unique, keys unique, placeholders replaced.
 */
export function keysCrossChecks(raw: unknown): CrossIssue[] {
  const out: CrossIssue[] = [];
  const list = (raw as { accounts?: unknown } | null)?.accounts;
  if (!Array.isArray(list)) return out;
  const ids = new Map<string, number>();
  const keys = new Map<string, number>();
  list.forEach((item: unknown, i) => {
    const a = (item ?? {}) as Record<string, unknown>;
    const str = (k: string): string => (typeof a[k] === 'string' ? (a[k] as string).trim() : '');
    let ok = str('key') !== '' && str('secret') !== '';
    for (const field of ['key', 'secret'] as const) {
      if (/REPLACE_WITH/i.test(str(field))) {
        out.push({
          path: ['accounts', i, field],
          message: `still the .keys.example.json placeholder; expected the account's API ${field}`,
        });
        ok = false;
      }
    }
    const id = str('id');
    if (!id) return;
    const spec = parseAccountId(id);
    if (typeof spec === 'string') {
      out.push({ path: ['accounts', i, 'id'], message: `unknown: ${spec}` });
      return;
    }
    const prev = ids.get(id);
    if (prev !== undefined) {
      out.push({ path: ['accounts', i, 'id'], message: `duplicate: "${id}" already at accounts[${prev}]` });
      return;
    }
    ids.set(id, i);
    const key = str('key');
    const prevKey = keys.get(key);
    // Never print the key itself: two accounts sharing one key would share a rate limit and orders.
    if (ok && prevKey !== undefined)
      out.push({ path: ['accounts', i, 'key'], message: `duplicate: same API key as accounts[${prevKey}]` });
    else if (ok) keys.set(key, i);
  });
  return out;
}
