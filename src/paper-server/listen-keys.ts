/**
 * Listen keys of the user-data stream, as Binance USD-M keeps them (exchange-api.md §5):
 * - POST: the account's active key if it has one (its validity extended by 60 min), else a new one.
 * - PUT: extends the account's active key by 60 min; an account without one, or a `listenKey`
 *   parameter that is not its key, gets -1125 "This listenKey does not exist.".
 * - DELETE: closes the account's key (its connections are closed, the key is unknown from then on).
 * - A key not kept alive expires 60 min (server time) after its creation or last keep-alive;
 *   `expire(now)` hands back the keys that just expired (the server sends `listenKeyExpired` on
 *   their connections and closes them). An expired or closed key is unknown: connections naming it
 *   are refused, and the account's next POST makes a new key.
 * Keys are 64 letters and digits from the server's seeded stream (`serve/listenKey`), so the same
 * scenario and seed give the same keys; one account has at most one active key.
 */
import type { Rng } from '../engine/ports.js';

export const LISTEN_KEY_VALIDITY_MS = 60 * 60_000;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

interface Entry {
  key: string;
  acct: string;
  expiresAt: number;
}

export class ListenKeys {
  private readonly byAcct = new Map<string, Entry>();
  private readonly byKey = new Map<string, Entry>();

  constructor(private readonly rng: Rng) {}

  create(acct: string, now: number): string {
    const e = this.byAcct.get(acct);
    if (e !== undefined && e.expiresAt > now) {
      e.expiresAt = now + LISTEN_KEY_VALIDITY_MS;
      return e.key;
    }
    if (e !== undefined) this.drop(e);
    let key = '';
    for (let i = 0; i < 64; i++) key += ALPHABET[Math.floor(this.rng.next() * ALPHABET.length)];
    const n: Entry = { key, acct, expiresAt: now + LISTEN_KEY_VALIDITY_MS };
    this.byAcct.set(acct, n);
    this.byKey.set(key, n);
    return key;
  }

  /** PUT: undefined when the account has no active key (or `key` is given and not its key). */
  keepAlive(acct: string, now: number, key?: string): string | undefined {
    const e = this.byAcct.get(acct);
    if (e === undefined || e.expiresAt <= now || (key !== undefined && key !== e.key)) return undefined;
    e.expiresAt = now + LISTEN_KEY_VALIDITY_MS;
    return e.key;
  }

  /** DELETE: the key closed, or undefined when the account had none. */
  close(acct: string): string | undefined {
    const e = this.byAcct.get(acct);
    if (e === undefined) return undefined;
    this.drop(e);
    return e.key;
  }

  /** The account a key belongs to, when it is active at `now`. */
  accountOf(key: string, now: number): string | undefined {
    const e = this.byKey.get(key);
    return e !== undefined && e.expiresAt > now ? e.acct : undefined;
  }

  /** The account's active key (events are sent to its connections), if any. */
  keyOf(acct: string): string | undefined {
    return this.byAcct.get(acct)?.key;
  }

  /** Keys whose validity ended by `now`, removed. */
  expire(now: number): Array<{ key: string; acct: string }> {
    const out: Array<{ key: string; acct: string }> = [];
    for (const e of this.byKey.values()) if (e.expiresAt <= now) out.push({ key: e.key, acct: e.acct });
    for (const x of out) this.drop(this.byKey.get(x.key)!);
    return out;
  }

  private drop(e: Entry): void {
    this.byAcct.delete(e.acct);
    this.byKey.delete(e.key);
  }
}
