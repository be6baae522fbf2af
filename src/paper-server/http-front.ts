/**
 * The paper server's HTTP front on node:http: reading requests, the `/_rocky` endpoints, routing
 * (404 unknown path, 405 wrong method), the per-request faults (serve-faults.ts), and writing
 * replies; websocket upgrades go to the hub.
 *
 * Rules:
 * - Every reply is JSON with Content-Length; errors are `{code,msg}`. Bodies above 64 KiB get 413
 *   and the connection is closed; a malformed request line gets 400 from the socket.
 * - A `timeout` fault holds the request open (never answered) until the client gives up or
 *   `maxHoldMs` (wall) passes; other faults and the latency wait happen before dispatch, and a
 *   `5xx_after_apply` answers 503 after dispatching (the placement log records it).
 * - Nothing a client sends crashes the process: an exception anywhere becomes a 500 and a log line.
 * - close(): held requests and open sockets are destroyed, the server stops listening.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ErrorCode } from '../engine/errors.js';
import { dispatch, INTERNAL_ERROR, type Reply } from './dispatch.js';
import type { PaperWorld } from './paper-world.js';
import type { RouteTable } from './routes.js';
import type { WsHub } from './ws-hub.js';

const MAX_BODY = 64 * 1024;

const UNAVAILABLE: Reply = {
  status: 503,
  body: { code: ErrorCode.UNKNOWN, msg: 'Unknown error, please check your request or try again later.' },
  headers: {},
};

export interface FrontOptions {
  port: number;
  host: string;
  /** Longest a `timeout` fault holds a request open, wall ms. */
  maxHoldMs: number;
  log: (line: string) => void;
  /** GET /_rocky/report. */
  report: () => unknown;
  /** GET /_rocky/health: extra fields. */
  health: () => Record<string, unknown>;
}

export interface HttpFront {
  port: number;
  /** From now on, requests still waiting are dropped and upgrades refused (close() follows). */
  stopAccepting(): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, r: Reply): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(r.body);
  res.writeHead(r.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...r.headers });
  res.end(text);
}

const sleepWall = (ms: number): Promise<void> => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

/** The raw body (latin1, bytes as sent), or undefined past MAX_BODY or on a broken request. */
function readBody(rq: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (v: string | undefined): void => {
      if (!done) {
        done = true;
        resolve(v);
      }
    };
    rq.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        finish(undefined);
        rq.resume();
        return;
      }
      chunks.push(c);
    });
    rq.on('end', () => finish(Buffer.concat(chunks).toString('latin1')));
    rq.on('error', () => finish(undefined));
    rq.on('aborted', () => finish(undefined));
  });
}

export async function startHttpFront(pw: PaperWorld, table: RouteTable, hub: WsHub, o: FrontOptions): Promise<HttpFront> {
  const sockets = new Set<Socket>();
  const held = new Set<ServerResponse>();
  const counters = pw.counters;
  let closing = false;

  const handle = async (rq: IncomingMessage, res: ServerResponse): Promise<void> => {
    counters.requests++;
    const url = rq.url ?? '/';
    const qi = url.indexOf('?');
    const path = qi < 0 ? url : url.slice(0, qi);
    const query = qi < 0 ? '' : url.slice(qi + 1);
    const method = rq.method ?? 'GET';
    const body = await readBody(rq);
    if (body === undefined) {
      send(res, {
        status: 413,
        body: { code: ErrorCode.UNKNOWN, msg: 'Request body too large.' },
        headers: { Connection: 'close' },
      });
      return;
    }
    if (path === '/_rocky/report' && method === 'GET') return send(res, { status: 200, body: o.report(), headers: {} });
    if (path === '/_rocky/health' && method === 'GET') {
      return send(res, { status: 200, body: { ok: true, ...o.health(), ...counters }, headers: {} });
    }
    const route = table.routes.get(`${method} ${path}`);
    if (route === undefined) {
      const known = table.knownPaths.has(path);
      return send(res, {
        status: known ? 405 : 404,
        // Binance's answer to an unknown endpoint: clients (ccxt) fail at once instead of retrying a -1000.
        body: { code: ErrorCode.PATH_INVALID, msg: `Path ${path}, Method ${method} is invalid` },
        headers: {},
      });
    }
    const rawKey = rq.headers['x-mbx-apikey'];
    const apiKey = Array.isArray(rawKey) ? rawKey[0] : rawKey;
    const ip = rq.socket.remoteAddress ?? '?';
    const fate = pw.requestFaults.fate(pw.clock.now(), method, path, route.orders === true);
    if (fate.disposition === 'timeout') {
      counters.faultTimeouts++;
      held.add(res);
      const timer = setTimeout(() => res.destroy(), o.maxHoldMs);
      res.on('close', () => {
        clearTimeout(timer);
        held.delete(res);
      });
      return;
    }
    await sleepWall(pw.clock.wallMs(fate.delayMs));
    if (closing) return void res.destroy();
    if (fate.disposition === '5xx') {
      counters.fault5xx++;
      return send(res, UNAVAILABLE);
    }
    const r = dispatch(pw, route, { method, path, query, body, apiKey, ip }, o.log);
    if (fate.disposition === '5xx_after_apply') {
      counters.fault5xxAfterApply++;
      if (r.status === 200 && route.orders) pw.placements[pw.placements.length - 1]!.answered = '5xx_after_apply';
      return send(res, UNAVAILABLE);
    }
    send(res, r);
  };

  const server: Server = createServer((rq, res) => {
    handle(rq, res).catch((e: unknown) => {
      counters.internalErrors++;
      o.log(`serve: internal error: ${(e as Error)?.stack ?? String(e)}`);
      if (!res.headersSent) send(res, { ...INTERNAL_ERROR, headers: {} });
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const badRequest = JSON.stringify({ code: ErrorCode.UNKNOWN, msg: 'Bad request.' });
  server.on('clientError', (_e, socket) => {
    if (socket.writable)
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${badRequest}`);
    else socket.destroy();
  });
  server.on('upgrade', (rq, socket, head) => {
    if (closing) return void socket.destroy();
    hub.upgrade(rq, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    stopAccepting: () => {
      closing = true;
    },
    close: async () => {
      closing = true;
      for (const r of held) r.destroy();
      const done = new Promise<void>((r) => server.close(() => r()));
      for (const s of sockets) s.destroy();
      await done;
    },
  };
}
