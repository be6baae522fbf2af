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
}

const MAX_BUFFERED = 4 * 1024 * 1024;

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
  readonly stats = { connections: 0, dropped: 0, sent: 0 };

  constructor(private readonly now: () => number) {}

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
    const p = parsed;
    socket.on('error', () => {});
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const c: Conn = { ws, route: p.route, combined: p.combined, streams: new Map(), lastPong: this.now() };
      for (const s of p.streams) c.streams.set(s.toLowerCase(), s);
      this.conns.add(c);
      this.stats.connections++;
      ws.on('pong', () => (c.lastPong = this.now()));
      ws.on('message', (data, isBinary) => this.onMessage(c, isBinary ? '' : data.toString()));
      ws.on('close', () => this.conns.delete(c));
      ws.on('error', () => this.conns.delete(c));
    });
  }

  private onMessage(c: Conn, text: string): void {
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
