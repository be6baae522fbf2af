/**
 * The paper server's websocket side (exchange-api.md §5): Binance-style routed and unrouted paths.
 *
 * - Paths: `/public`, `/market`, `/private` routes, each with raw `/ws[/<stream>/...]` and combined
 *   `/stream?streams=a/b`; plus the unrouted `/ws` and `/stream` (public streams only).
 * - Raw mode sends bare payloads; combined mode wraps them as `{"stream","data"}`.
 * - `SUBSCRIBE` / `UNSUBSCRIBE` answer `{"result":null,"id":..}`; `LIST_SUBSCRIPTIONS` lists them.
 *   Anything else gets `{"error":{"code","msg"},"id"}`; the connection stays up.
 * - Streams: `<sym>@bookTicker` and `!bookTicker` (public and unrouted), `<sym>@markPrice[@1s]` and
 *   `!markPrice@arr[@1s]` (market only: on other routes they stay silent, as Binance's do since the
 *   split); the venue's own streams through `publish` (depth on public, aggTrade and kline on
 *   market, all of them on the unrouted legacy URLs). Other names are accepted and stay silent.
 * - User data (ws-paths.ts has the URL grammar): a connection names a listen key as
 *   `/private/ws?listenKey=K` (optionally `&events=A/B`), `/private/ws/K`, `/private/stream?listenKey=K`
 *   (combined: `{"stream":K,"data":…}`), or the legacy `/ws/K` and `/stream?streams=K`; a key the
 *   server does not know (or that expired) is refused with HTTP 400 `{"code":-1125,…}`, and so is
 *   a `/private` URL naming no key. `user(key, event)` sends to that key's connections;
 *   `closeKey` closes them (after `listenKeyExpired`, or when the key is deleted).
 * - Pings every `pingIntervalMs` (server time); a connection without a pong for 10 min is dropped.
 * - A client whose send buffer exceeds 4 MB is dropped (slow consumer).
 * - Binance's connection limits (exchange-api.md §5): at most 1024 streams per connection — an
 *   upgrade naming more is refused with HTTP 400, a SUBSCRIBE that would pass the cap is answered
 *   `{"error":{"code":2,"msg":"Invalid request: ..."}}` and adds none; stream names longer than 200
 *   characters are refused the same way; at most 10 incoming messages per second per connection —
 *   the 11th within one second closes the connection (code 1008, "Too many requests"), as
 *   Binance disconnects. The message window is wall-clock (it protects the server process,
 *   whatever the server clock's speed).
 *
 * Long file: one hub holds every connection, so upgrade checks, subscriptions, each stream's
 * fan-out and the limits share its connection set; the URL grammar is in ws-paths.ts.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { BookTickerPayload } from './tape-symbol.js';
import { parsePath, type ParsedPath, type Route } from './ws-paths.js';

export { parsePath } from './ws-paths.js';

interface Conn {
  ws: WebSocket;
  /** The user-data stream's listen key (its events only), or undefined for market data. */
  listenKey?: string;
  /** `events=` of a private URL: only these event types (undefined: all). */
  events?: Set<string>;
  route: Route;
  combined: boolean;
  /** lowercased name → name as subscribed. */
  streams: Map<string, string>;
  lastPong: number;
  /** Wall times of the latest incoming messages (at most MAX_MESSAGES_PER_S). */
  recent: number[];
}

const MAX_BUFFERED = 4 * 1024 * 1024;
/** Binance USD-M: streams one connection may listen to. */
export const MAX_STREAMS_PER_CONNECTION = 1024;
/** Binance USD-M: incoming messages per second per connection. */
export const MAX_MESSAGES_PER_S = 10;
/** Longer names are no Binance stream (the longest are about 40 characters). */
export const MAX_STREAM_NAME = 200;

export interface MarkPricePayload {
  e: 'markPriceUpdate';
  E: number;
  s: string;
  p: string;
  ap: string;
  i: string;
  P: string;
  r: string;
  T: number;
}

export class WsHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly conns = new Set<Conn>();
  readonly stats = { connections: 0, dropped: 0, sent: 0, refused: 0, rateClosed: 0 };

  constructor(
    private readonly now: () => number,
    private readonly wallNow: () => number = Date.now,
    /** True for a listen key that is active now. */
    private readonly knownKey: (key: string) => boolean = () => false,
  ) {}

  get size(): number {
    return this.conns.size;
  }

  /** Handle an HTTP upgrade; unknown paths get a 404 and the socket is closed. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    let parsed: ParsedPath | undefined;
    try {
      parsed = parsePath(req.url ?? '/');
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    if (parsed.listenKey !== undefined || parsed.route === 'private') {
      const k = parsed.listenKey;
      if (k === undefined || !this.knownKey(k)) {
        this.stats.refused++;
        const body = JSON.stringify({ code: -1125, msg: 'This listenKey does not exist.' });
        socket.end(
          `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
        return;
      }
    }
    const tooMany = parsed.streams.length > MAX_STREAMS_PER_CONNECTION;
    if (tooMany || parsed.streams.some((x) => x.length > MAX_STREAM_NAME)) {
      this.stats.refused++;
      const body = JSON.stringify({
        code: 2,
        msg: tooMany
          ? `Invalid request: at most ${MAX_STREAMS_PER_CONNECTION} streams per connection`
          : `Invalid request: stream names have at most ${MAX_STREAM_NAME} characters`,
      });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    const p = parsed;
    socket.on('error', () => {});
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const c: Conn = { ws, route: p.route, combined: p.combined, streams: new Map(), lastPong: this.now(), recent: [] };
      if (p.listenKey !== undefined) c.listenKey = p.listenKey;
      if (p.events !== undefined) c.events = new Set(p.events);
      for (const s of p.streams) c.streams.set(s.toLowerCase(), s);
      // The key may have expired while the upgrade completed: such a connection closes at once.
      if (c.listenKey !== undefined && !this.knownKey(c.listenKey)) {
        ws.close(1000, 'listenKey expired');
        return;
      }
      this.conns.add(c);
      this.stats.connections++;
      ws.on('pong', () => (c.lastPong = this.now()));
      ws.on('message', (data, isBinary) => this.onMessage(c, isBinary ? '' : data.toString()));
      ws.on('close', () => this.conns.delete(c));
      ws.on('error', () => this.conns.delete(c));
    });
  }

  /** False (and the connection closed) when this message is past the per-second limit. */
  private withinRate(c: Conn): boolean {
    const t = this.wallNow();
    const r = c.recent;
    while (r.length > 0 && t - r[0]! >= 1000) r.shift();
    if (r.length >= MAX_MESSAGES_PER_S) {
      this.stats.rateClosed++;
      this.conns.delete(c);
      c.ws.close(1008, 'Too many requests');
      return false;
    }
    r.push(t);
    return true;
  }

  private onMessage(c: Conn, text: string): void {
    if (!this.conns.has(c) || !this.withinRate(c)) return;
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.send(c, { error: { code: 3, msg: 'Invalid JSON' }, id: null });
      return;
    }
    const m = (msg && typeof msg === 'object' ? msg : {}) as { method?: unknown; params?: unknown; id?: unknown };
    const id = typeof m.id === 'number' || typeof m.id === 'string' ? m.id : null;
    const params = Array.isArray(m.params) ? m.params.filter((x): x is string => typeof x === 'string') : undefined;
    switch (m.method) {
      case 'SUBSCRIBE':
        if (!params) {
          this.send(c, { error: { code: 2, msg: 'Invalid request: params must be a list of streams' }, id });
          return;
        }
        {
          const fresh = new Set(params.map((x) => x.toLowerCase()).filter((x) => !c.streams.has(x)));
          if (params.some((x) => x.length > MAX_STREAM_NAME)) {
            this.send(c, {
              error: { code: 2, msg: `Invalid request: stream names have at most ${MAX_STREAM_NAME} characters` },
              id,
            });
            return;
          }
          if (c.streams.size + fresh.size > MAX_STREAMS_PER_CONNECTION) {
            this.send(c, {
              error: { code: 2, msg: `Invalid request: at most ${MAX_STREAMS_PER_CONNECTION} streams per connection` },
              id,
            });
            return;
          }
        }
        for (const s of params) c.streams.set(s.toLowerCase(), s);
        this.send(c, { result: null, id });
        return;
      case 'UNSUBSCRIBE':
        if (!params) {
          this.send(c, { error: { code: 2, msg: 'Invalid request: params must be a list of streams' }, id });
          return;
        }
        for (const s of params) c.streams.delete(s.toLowerCase());
        this.send(c, { result: null, id });
        return;
      case 'LIST_SUBSCRIPTIONS':
        this.send(c, { result: [...c.streams.values()], id });
        return;
      default:
        this.send(c, { error: { code: 2, msg: 'Invalid request: unknown method' }, id });
        return;
    }
  }

  private send(c: Conn, obj: unknown): void {
    if (c.ws.readyState !== WebSocket.OPEN) return;
    if (c.ws.bufferedAmount > MAX_BUFFERED) {
      this.stats.dropped++;
      c.ws.terminate();
      this.conns.delete(c);
      return;
    }
    c.ws.send(JSON.stringify(obj));
    this.stats.sent++;
  }

  private deliver(c: Conn, name: string, data: unknown): void {
    this.send(c, c.combined ? { stream: name, data } : data);
  }

  bookTicker(p: BookTickerPayload): void {
    const key = `${p.s.toLowerCase()}@bookticker`;
    for (const c of this.conns) {
      if ((c.route !== 'public' && c.route !== 'none') || c.listenKey !== undefined) continue;
      const name = c.streams.get(key) ?? c.streams.get('!bookticker');
      if (name !== undefined) this.deliver(c, name, p);
    }
  }

  /** True when some connection listens to stream `name` (lowercase) on a route of `category`. */
  listening(name: string, category: 'public' | 'market'): boolean {
    for (const c of this.conns)
      if (c.listenKey === undefined && routeCarries(c.route, category) && c.streams.has(name)) return true;
    return false;
  }

  /** A venue stream event to every connection listening to `name` (lowercase) on a route of `category`. */
  publish(name: string, payload: unknown, category: 'public' | 'market'): void {
    for (const c of this.conns) {
      if (c.listenKey !== undefined || !routeCarries(c.route, category)) continue;
      const n = c.streams.get(name);
      if (n !== undefined) this.deliver(c, n, payload);
    }
  }

  /** True when a connection is open on this listen key. */
  hasUser(key: string): boolean {
    for (const c of this.conns) if (c.listenKey === key) return true;
    return false;
  }

  /** A user-data event to the key's connections (combined ones wrap it with the key as the stream). */
  user(key: string, event: { e: string }): void {
    for (const c of this.conns) {
      if (c.listenKey !== key) continue;
      if (c.events !== undefined && !c.events.has(event.e)) continue;
      this.deliver(c, key, event);
    }
  }

  /** Close the key's connections (expired or deleted key). */
  closeKey(key: string): void {
    for (const c of this.conns) {
      if (c.listenKey !== key) continue;
      this.conns.delete(c);
      c.ws.close(1000, 'listenKey closed');
    }
  }

  /** Called every second of server time; `third` is true every 3 s (the non-@1s cadence). */
  markPrice(rows: MarkPricePayload[], third: boolean): void {
    for (const c of this.conns) {
      if (c.route !== 'market') continue;
      for (const r of rows) {
        const base = `${r.s.toLowerCase()}@markprice`;
        const fast = c.streams.get(`${base}@1s`);
        if (fast !== undefined) this.deliver(c, fast, r);
        else if (third && c.streams.has(base)) this.deliver(c, c.streams.get(base)!, r);
      }
      const allFast = c.streams.get('!markprice@arr@1s');
      if (allFast !== undefined) this.deliver(c, allFast, rows);
      else if (third && c.streams.has('!markprice@arr')) this.deliver(c, c.streams.get('!markprice@arr')!, rows);
    }
  }

  /** Ping everyone; drop connections silent (no pong) for longer than `deadMs`. */
  ping(deadMs: number): void {
    const now = this.now();
    for (const c of this.conns) {
      if (now - c.lastPong > deadMs) {
        c.ws.terminate();
        this.conns.delete(c);
        this.stats.dropped++;
        continue;
      }
      if (c.ws.readyState === WebSocket.OPEN) c.ws.ping();
    }
  }

  /** Fault: drop every feed connection (abruptly, as a network cut would). */
  dropAll(): number {
    let n = 0;
    for (const c of this.conns) {
      if (c.route === 'private') continue;
      c.ws.terminate();
      this.conns.delete(c);
      n++;
    }
    this.stats.dropped += n;
    return n;
  }

  close(): Promise<void> {
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
    return new Promise((r) => this.wss.close(() => r()));
  }
}

/** The unrouted legacy URLs (what ccxt and the binance SDK use) carry the venue's streams of both routes. */
function routeCarries(route: Route, category: 'public' | 'market'): boolean {
  return route === category || route === 'none';
}
