/**
 * An account's open orders by clientOrderId (the -4116 uniqueness check and origClientOrderId
 * lookups), answering exactly as one Map<clientOrderId, order> would, updated as the venue updates
 * it: `add` when an order comes to rest (Map.set: the newest order with the key wins), `removeIfMapped`
 * when it closes (delete only when the key still maps to it) and `removeKey` when it is amended
 * (delete of its key, whatever it maps to).
 *
 * Why not a Map: most orders carry the id the venue generates, `sim-<orderId>` (the request sent
 * none), and their map entries (a fresh string hashed and its entry set and deleted per order) were
 * a large part of the core's cost per placement. Such an order (its clientOrderId is `sim-` and
 * its own id; `ownClientId`) takes no entry: a key of that form is looked up by the id among the
 * account's open orders instead (its implicit entry).
 *
 * Invariant: a key has a named entry or a live implicit entry, never both. The rare operations that
 * would leave both (a client-chosen key equal to another open order's `sim-<id>`, set or deleted)
 * hide that order's implicit entry (`hidden`), as the Map's set / delete would have overwritten
 * or deleted it.
 */
import { simIdOf, type SimOrder } from './order-record.js';

export class ClientIndex {
  /** Entries of orders whose clientOrderId is not their own `sim-<id>`, and the rare own-id ones that replaced one. */
  private readonly named = new Map<string, SimOrder>();
  /** Open own-id orders whose implicit entry a named entry's set or delete removed (see the invariant). */
  private readonly hidden = new Set<SimOrder>();

  /** @param open the account's open orders per symbol (the venue keeps it; read only here) */
  constructor(private readonly open: ReadonlyMap<string, ReadonlyMap<number, SimOrder>>) {}

  get(key: string): SimOrder | undefined {
    return this.named.get(key) ?? this.implicit(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Map.set(o.clientOrderId, o), for an order already in the account's open set. */
  add(o: SimOrder): void {
    if (o.ownClientId) {
      // Its key is only written out (order-record.ts) when a named entry could hold it.
      if (this.named.size > 0 && this.named.has(o.clientOrderId)) {
        this.named.set(o.clientOrderId, o);
        this.hidden.add(o);
      } else if (this.hidden.size > 0) this.hidden.delete(o);
      return;
    }
    const key = o.clientOrderId;
    this.hide(key);
    this.named.set(key, o);
  }

  /** `if (map.get(o.clientOrderId) === o) map.delete(...)`, for an order leaving the open set. */
  removeIfMapped(o: SimOrder): void {
    if (this.named.size > 0 && this.named.get(o.clientOrderId) === o) this.named.delete(o.clientOrderId);
    if (this.hidden.size > 0) this.hidden.delete(o);
  }

  /** map.delete(o.clientOrderId), for an order already out of the open set (an amendment). */
  removeKey(o: SimOrder): void {
    const key = o.clientOrderId;
    this.named.delete(key);
    if (this.hidden.size > 0) this.hidden.delete(o);
    this.hide(key);
  }

  /** Hide the live implicit entry of `key`, if it has one (a named set or delete of it replaces it). */
  private hide(key: string): void {
    const o = this.implicit(key);
    if (o !== undefined) this.hidden.add(o);
  }

  /** The open own-id order `sim-N` names, unless hidden. */
  private implicit(key: string): SimOrder | undefined {
    const id = simIdOf(key);
    if (id === 0) return undefined;
    for (const m of this.open.values()) {
      const o = m.get(id);
      if (o !== undefined) return o.clientOrderId === key && !this.hidden.has(o) ? o : undefined;
    }
    return undefined;
  }
}
