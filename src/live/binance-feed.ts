/**
 * BinanceFeed: the live PriceFeed, on the combined bookTicker stream (exchange-api.md §5).
 *
 * - URL: the 2026 routed endpoint `/public/stream?streams=a@bookTicker/b@bookTicker` by default;
 *   any base URL is accepted (see `feedUrl`).
 * - Reconnects with jittered exponential back-off after any close or error; rolls over to a fresh
 *   connection before the 24 h server limit (make-before-break: the new socket opens, then the old
 *   one is closed; duplicates are dropped by update id).
 * - The ws library answers server pings; we also ping, and a connection silent for `deadAfterMs`
 *   is terminated and replaced.
 * - Out-of-order or duplicate updates (update id `u` not above the last seen) are dropped.
 * - Time and timers come from an injected TimerFns so fake timers can drive everything.
 */
import WebSocket from 'ws';
import type { PriceFeed, Rng } from '../engine/ports.js';
import { systemTimers, type TimerFns } from '../io/real-clock.js';

import type { BookTick } from '../market-data/book-tick.js';

export type { BookTick };
export const DEFAULT_FEED_BASE = 'wss://fstream.binance.com';

export type FeedEvent =
  | { type: 'feed_connected'; url: string; attempt: number }
  | { type: 'feed_disconnected'; code: number; reason: string }
  | { type: 'feed_reconnect_scheduled'; delayMs: number; attempt: number }
  | { type: 'feed_rollover' }
  | { type: 'feed_dead'; silentMs: number }
  | { type: 'feed_dropped_out_of_order'; symbol: string; updateId: number; lastUpdateId: number }
  | { type: 'feed_error'; message: string };

export interface FeedOptions {
  /** Base (`wss://fstream.binance.com`), a `/stream` URL, or a full URL with `streams=`. */
  url?: string;
  /** Exchange symbols (BTCUSDT). */
  symbols: string[];
  timers?: TimerFns;
  /** Jitter source; defaults to Math.random-free 0.5 (no jitter) when absent. */
  rng?: Rng;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Roll over to a new connection after this long (server limit is 24 h). */
  rolloverMs?: number;
  pingIntervalMs?: number;
  deadAfterMs?: number;
  onEvent?: (e: FeedEvent) => void;
}

/** Build the combined-stream URL for the given symbols from a base or full URL. */
export function feedUrl(base: string, symbols: string[]): string {
  const streams = symbols.map((s) => `${s.toLowerCase()}@bookTicker`).join('/');
  if (base.includes('streams=')) return base;
  const b = base.replace(/\/+$/, '');
  if (/\/stream$/.test(b)) return `${b}?streams=${streams}`;
  return `${b}/public/stream?streams=${streams}`;
}

interface Book {
  bid: number;
  ask: number;
  updateId: number;
  seenAt: number;
}

export class BinanceFeed implements PriceFeed {
  readonly url: string;
  private readonly timers: TimerFns;
  private readonly books = new Map<string, Book>();
  private readonly listeners: Array<(t: BookTick) => void> = [];
  private ws: WebSocket | undefined;
  private closed = false;
  private attempt = 0;
  private reconnectTimer: unknown;
  private rolloverTimer: unknown;
  private heartbeatTimer: unknown;
  private lastRx = 0;
  readonly stats = { messages: 0, droppedOutOfOrder: 0, connects: 0, disconnects: 0, rollovers: 0 };

  constructor(private readonly opts: FeedOptions) {
    this.url = feedUrl(opts.url ?? DEFAULT_FEED_BASE, opts.symbols);
    this.timers = opts.timers ?? systemTimers;
  }

  mid(symbol: string): number | undefined {
    const b = this.books.get(symbol);
    return b ? (b.bid + b.ask) / 2 : undefined;
  }

  ageMs(symbol: string): number {
    const b = this.books.get(symbol);
    return b ? Math.max(0, this.timers.now() - b.seenAt) : Infinity;
  }

  lastUpdateId(symbol: string): number | undefined {
    return this.books.get(symbol)?.updateId;
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  onTick(fn: (t: BookTick) => void): void {
    this.listeners.push(fn);
  }

  start(): void {
    this.closed = false;
    this.connect();
  }

  close(): void {
    this.closed = true;
    for (const t of [this.reconnectTimer, this.rolloverTimer, this.heartbeatTimer])
      if (t !== undefined) this.timers.clearTimeout(t);
    this.reconnectTimer = this.rolloverTimer = this.heartbeatTimer = undefined;
    const ws = this.ws;
    this.ws = undefined;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
    }
  }

  private emit(e: FeedEvent): void {
    this.opts.onEvent?.(e);
  }

  private connect(): void {
    if (this.closed) return;
    const ws = new WebSocket(this.url, { handshakeTimeout: 10_000 });
    this.attach(ws);
    this.ws = ws;
  }

  private attach(ws: WebSocket): void {
    ws.on('open', () => {
      if (ws !== this.ws) return;
      this.stats.connects++;
      this.lastRx = this.timers.now();
      this.emit({ type: 'feed_connected', url: this.url, attempt: this.attempt });
      this.scheduleRollover();
      this.scheduleHeartbeat();
    });
    ws.on('message', (data) => {
      this.lastRx = this.timers.now();
      this.handleMessage(String(data));
    });
    ws.on('ping', () => (this.lastRx = this.timers.now()));
    ws.on('pong', () => (this.lastRx = this.timers.now()));
    ws.on('error', (err) => this.emit({ type: 'feed_error', message: err.message }));
    ws.on('close', (code, reason) => {
      if (ws !== this.ws) return; // an old socket replaced by rollover
      this.stats.disconnects++;
      this.emit({ type: 'feed_disconnected', code, reason: reason.toString() });
      this.ws = undefined;
      this.clearConnTimers();
      this.scheduleReconnect();
    });
  }

  private clearConnTimers(): void {
    if (this.rolloverTimer !== undefined) this.timers.clearTimeout(this.rolloverTimer);
    if (this.heartbeatTimer !== undefined) this.timers.clearTimeout(this.heartbeatTimer);
    this.rolloverTimer = this.heartbeatTimer = undefined;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer !== undefined) return;
    const initial = this.opts.initialBackoffMs ?? 500;
    const max = this.opts.maxBackoffMs ?? 30_000;
    const base = Math.min(max, initial * 2 ** Math.min(this.attempt, 20));
    const jitter = 0.5 + (this.opts.rng ? this.opts.rng.next() : 0.5); // × [0.5, 1.5)
    const delayMs = Math.round(Math.min(max, base * jitter));
    this.attempt++;
    this.emit({ type: 'feed_reconnect_scheduled', delayMs, attempt: this.attempt });
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect();
    }, delayMs);
  }

  private scheduleRollover(afterMs?: number): void {
    const ms = afterMs ?? this.opts.rolloverMs ?? 23 * 3600_000 + 30 * 60_000;
    this.rolloverTimer = this.timers.setTimeout(() => {
      this.rolloverTimer = undefined;
      this.rollover();
    }, ms);
  }

  /** Make-before-break: open a new socket; once it is open, drop the old one. */
  private rollover(): void {
    if (this.closed) return;
    this.stats.rollovers++;
    this.emit({ type: 'feed_rollover' });
    const old = this.ws;
    const next = new WebSocket(this.url, { handshakeTimeout: 10_000 });
    const cleanupOld = (): void => {
      if (old) {
        old.removeAllListeners();
        old.on('error', () => {});
        old.close(1000, 'rollover');
      }
    };
    next.once('open', () => {
      cleanupOld();
    });
    next.once('error', () => {
      // The new socket failed: keep the old one and try the rollover again in a minute.
      if (this.ws === next && old && old.readyState === WebSocket.OPEN) {
        this.ws = old;
        this.clearConnTimers();
        this.scheduleHeartbeat();
        this.scheduleRollover(60_000);
      }
    });
    this.clearConnTimers();
    this.ws = next;
    this.attach(next);
  }

  private scheduleHeartbeat(): void {
    const interval = this.opts.pingIntervalMs ?? 30_000;
    const dead = this.opts.deadAfterMs ?? 90_000;
    this.heartbeatTimer = this.timers.setTimeout(() => {
      this.heartbeatTimer = undefined;
      const ws = this.ws;
      if (!ws || this.closed) return;
      const silent = this.timers.now() - this.lastRx;
      if (silent >= dead) {
        this.emit({ type: 'feed_dead', silentMs: silent });
        ws.terminate(); // → close → reconnect
        return;
      }
      try {
        ws.ping();
      } catch {
        /* closing */
      }
      this.scheduleHeartbeat();
    }, interval);
  }

  /** Parse one message (combined `{stream,data}` or raw payload) and apply it. Exposed for tests. */
  handleMessage(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    const m = msg as { data?: unknown };
    const d = (m && typeof m === 'object' && 'data' in m ? m.data : msg) as Record<string, unknown> | null;
    if (!d || typeof d !== 'object' || (d.e !== undefined && d.e !== 'bookTicker')) return;
    const symbol = typeof d.s === 'string' ? d.s.toUpperCase() : undefined;
    const u = Number(d.u);
    const bid = Number(d.b);
    const ask = Number(d.a);
    if (!symbol || !Number.isFinite(u) || !(bid > 0) || !(ask > 0)) return;
    const prev = this.books.get(symbol);
    if (prev && u <= prev.updateId) {
      this.stats.droppedOutOfOrder++;
      if (u < prev.updateId) this.emit({ type: 'feed_dropped_out_of_order', symbol, updateId: u, lastUpdateId: prev.updateId });
      return;
    }
    this.attempt = 0; // healthy data: reset the back-off
    this.stats.messages++;
    const now = this.timers.now();
    // Updated in place: one Book per symbol for the feed's life, nothing allocated per message.
    if (prev) {
      prev.bid = bid;
      prev.ask = ask;
      prev.updateId = u;
      prev.seenAt = now;
    } else this.books.set(symbol, { bid, ask, updateId: u, seenAt: now });
    if (this.listeners.length > 0) {
      const tick: BookTick = {
        symbol,
        updateId: u,
        bid: String(d.b),
        bidQty: String(d.B ?? ''),
        ask: String(d.a),
        askQty: String(d.A ?? ''),
        transactionTime: Number(d.T ?? 0),
        eventTime: Number(d.E ?? 0),
        receivedAt: now,
      };
      for (const l of this.listeners) l(tick);
    }
  }
}
