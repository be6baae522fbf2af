/**
 * The user-data stream in live mode (Binance USD-M): per account a listen key
 * (`POST /fapi/v1/listenKey`), kept alive every 30 min (`PUT`), and a websocket on
 * `<ws base>/ws/<key>` (the ws base is the REST base URL with http → ws). Each fill the backend
 * reports (`ORDER_TRADE_UPDATE` with `x` TRADE) is logged as a `fill` line — price, quantity, fee
 * and its asset, maker flag, realised PnL — and counted (`rocky_stream_fills_total`,
 * `rocky_stream_fees_total`), so live sees fills as fills, with fees, instead of only as position
 * changes.
 *
 * Rules:
 * - A backend without the stream (the listen-key request fails: 404 / -5000 or any error) leaves the
 *   account on polling — fills seen in order replies and positions from positionRisk, as before —
 *   with one `user_stream_unavailable` warning; nothing else changes. The strategy never depends on
 *   the stream: it only reports.
 * - A closed socket or `listenKeyExpired` reconnects after `reconnectMs` with a fresh key request
 *   (the backend hands back the same key while it is valid), until `close()`.
 * - Everything time-based goes through the TimerFns (tests run it on serve's accelerated clock).
 */
import WebSocket from 'ws';
import type { TimerFns } from '../io/real-clock.js';
import type { Metrics } from './metrics.js';
import type { RockyHost } from './rocky-transport.js';

export const KEEPALIVE_MS = 30 * 60_000;

export interface UserStreamLog {
  info(type: string, fields?: Record<string, unknown>): void;
  warn(type: string, fields?: Record<string, unknown>): void;
}

export interface UserStreamOptions {
  host: RockyHost;
  /** REST base URL (http[s]://host[:port][/prefix]): the websocket base is derived from it. */
  baseUrl: string;
  accounts: ReadonlyArray<{ id: string; key: string }>;
  timers: TimerFns;
  log: UserStreamLog;
  metrics: Metrics;
  reconnectMs?: number;
}

export type StreamMode = 'stream' | 'polling';

interface AccountStream {
  id: string;
  key: string;
  listenKey?: string;
  ws?: WebSocket;
  keepAlive?: unknown;
  mode: StreamMode;
}

/** ws[s]://host[:port] of a REST base URL (its path prefix dropped: Binance's streams live at the root). */
export function wsBaseOf(baseUrl: string): string {
  const u = new URL(baseUrl);
  return `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}`;
}

export class UserStreams {
  private readonly streams: AccountStream[];
  private closed = false;
  private readonly wsBase: string;

  constructor(private readonly o: UserStreamOptions) {
    this.streams = o.accounts.map((a) => ({ id: a.id, key: a.key, mode: 'polling' as StreamMode }));
    this.wsBase = wsBaseOf(o.baseUrl);
  }

  /** Request every account's key and connect; resolves with each account's mode once decided. */
  async start(): Promise<Map<string, StreamMode>> {
    await Promise.all(this.streams.map((s) => this.open(s, true)));
    return new Map(this.streams.map((s) => [s.id, s.mode]));
  }

  modeOf(account: string): StreamMode | undefined {
    return this.streams.find((s) => s.id === account)?.mode;
  }

  close(): void {
    this.closed = true;
    for (const s of this.streams) {
      if (s.keepAlive !== undefined) this.o.timers.clearTimeout(s.keepAlive);
      s.ws?.removeAllListeners('close');
      s.ws?.terminate();
    }
  }

  private async open(s: AccountStream, first: boolean): Promise<void> {
    if (this.closed) return;
    let key: string;
    try {
      const body = (await this.o.host.request('POST', '/fapi/v1/listenKey', '', s.key, undefined, s.id)) as {
        listenKey?: unknown;
      };
      if (typeof body?.listenKey !== 'string' || body.listenKey === '') throw new Error('no listenKey in the reply');
      key = body.listenKey;
    } catch (e) {
      if (first) {
        s.mode = 'polling';
        this.o.log.warn('user_stream_unavailable', { account: s.id, error: (e as Error).message, fallback: 'polling' });
      } else this.retry(s);
      return;
    }
    s.listenKey = key;
    await new Promise<void>((resolve) => {
      const ws = new WebSocket(`${this.wsBase}/ws/${key}`);
      s.ws = ws;
      let opened = false;
      ws.on('open', () => {
        opened = true;
        s.mode = 'stream';
        this.o.log.info('user_stream_connected', { account: s.id });
        this.scheduleKeepAlive(s);
        resolve();
      });
      ws.on('message', (d) => this.onMessage(s, d.toString()));
      ws.on('error', () => {});
      ws.on('close', () => {
        if (!opened) {
          if (first) {
            s.mode = 'polling';
            this.o.log.warn('user_stream_unavailable', { account: s.id, error: 'websocket refused', fallback: 'polling' });
          }
          resolve();
        }
        if (opened || !first) this.retry(s);
      });
    });
  }

  private retry(s: AccountStream): void {
    if (this.closed) return;
    if (s.keepAlive !== undefined) this.o.timers.clearTimeout(s.keepAlive);
    this.o.log.warn('user_stream_disconnected', { account: s.id });
    this.o.timers.setTimeout(() => void this.open(s, false), this.o.reconnectMs ?? 1000);
  }

  private scheduleKeepAlive(s: AccountStream): void {
    if (s.keepAlive !== undefined) this.o.timers.clearTimeout(s.keepAlive);
    s.keepAlive = this.o.timers.setTimeout(() => {
      if (this.closed || s.listenKey === undefined) return;
      this.o.host
        .request('PUT', '/fapi/v1/listenKey', '', s.key, undefined, s.id)
        .catch((e: Error) => this.o.log.warn('user_stream_keepalive_failed', { account: s.id, error: e.message }));
      this.scheduleKeepAlive(s);
    }, KEEPALIVE_MS);
  }

  private onMessage(s: AccountStream, text: string): void {
    let m: { e?: unknown; o?: Record<string, unknown> };
    try {
      m = JSON.parse(text) as typeof m;
    } catch {
      return;
    }
    if (m.e === 'listenKeyExpired') {
      s.ws?.terminate(); // the close handler reconnects with a new key
      return;
    }
    if (m.e !== 'ORDER_TRADE_UPDATE' || m.o === undefined || m.o.x !== 'TRADE') return;
    const o = m.o;
    const fee = Number(o.n);
    const fill = {
      account: s.id,
      symbol: String(o.s),
      side: String(o.S),
      orderId: Number(o.i),
      clientOrderId: String(o.c),
      tradeId: Number(o.t),
      price: Number(o.L),
      qty: Number(o.l),
      fee,
      feeAsset: String(o.N),
      maker: o.m === true,
      realizedPnl: Number(o.rp),
      status: String(o.X),
      source: 'user_stream',
    };
    this.o.log.info('fill', fill);
    const labels = { account: s.id, symbol: fill.symbol, side: fill.side, liquidity: fill.maker ? 'maker' : 'taker' };
    this.o.metrics.inc('rocky_stream_fills_total', labels);
    if (Number.isFinite(fee)) this.o.metrics.inc('rocky_stream_fees_total', { account: s.id, asset: fill.feeAsset }, fee);
  }
}

/** Start every account's stream and log how many stream and how many poll (`user_stream`). */
export async function startUserStreams(o: UserStreamOptions): Promise<UserStreams> {
  const u = new UserStreams(o);
  const modes = await u.start();
  const streamed = [...modes.values()].filter((m) => m === 'stream').length;
  o.log.info('user_stream', { accounts: modes.size, streamed, polling: modes.size - streamed });
  return u;
}
