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
 *   split). Other names are accepted and stay silent. `/private/ws?listenKey=` is accepted and
 *   silent (no user-data events).
 * - Pings every `pingIntervalMs` (server time); a connection without a pong for 10 min is dropped.
 * - A client whose send buffer exceeds 4 MB is dropped (slow consumer).
 * - Binance's connection limits (exchange-api.md §5): at most 1024 streams per connection — an
 *   upgrade naming more is refused with HTTP 400, a SUBSCRIBE that would pass the cap is answered
 *   `{"error":{"code":2,"msg":"Invalid request: ..."}}` and adds none; stream names longer than 200
 *   characters are refused the same way; at most 10 incoming messages per second per connection —
 *   the 11th within one second closes the connection (code 1008, "Too many requests"), as
 *   Binance disconnects. The message window is wall-clock (it protects the server process,
 *   whatever the server clock's speed).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { BookTickerPayload } from './tape-symbol.js';

type Route = 'public' | 'market' | 'private' | 'none';

interface Conn {
  ws: WebSocket;
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
  ) {}

  get size(): number {
    return this.conns.size;
  }

  /** Handle an HTTP upgrade; unknown paths get a 404 and the socket is closed. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    let parsed: { route: Route; combined: boolean; streams: string[] } | undefined;
    try {
      parsed = parsePath(req.url ?? '/');
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
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
      for (const s of p.streams) c.streams.set(s.toLowerCase(), s);
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
      if (c.route !== 'public' && c.route !== 'none') continue;
      const name = c.streams.get(key) ?? c.streams.get('!bookticker');
      if (name !== undefined) this.deliver(c, name, p);
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

/** Parse a websocket URL path; undefined for paths the server does not serve. */
export function parsePath(url: string): { route: Route; combined: boolean; streams: string[] } | undefined {
  const u = new URL(url, 'http://localhost');
  let p = u.pathname.replace(/\/+$/, '');
  let route: Route = 'none';
  const m = /^\/(public|market|private)(\/.*)?$/.exec(p);
  if (m) {
    route = m[1] as Route;
    p = m[2] ?? '';
  }
  if (p === '/stream') {
    const s = u.searchParams.get('streams');
    return { route, combined: true, streams: s ? s.split('/').filter(Boolean) : [] };
  }
  if (p === '/ws' || p.startsWith('/ws/')) {
    return { route, combined: false, streams: p.slice(3).split('/').filter(Boolean) };
  }
  return undefined;
}
