/**
 * The websocket URLs `serve` answers (ws-hub.ts serves them): market data on `/ws/<streams>` and
 * `/stream?streams=a/b` (combined), optionally behind a route prefix `/public`, `/market` or
 * `/private` (Binance's split endpoints); a user-data connection names a listen key as
 * `/private/ws?listenKey=K` (optionally `&events=A/B`), `/private/ws/K`,
 * `/private/stream?listenKey=K`, or the legacy `/ws/K` and `/stream?streams=K` (what the binance
 * SDK and ccxt use). A path element without `@` that does not start with `!` is a listen key.
 * Anything else is not served (undefined: the hub answers 404).
 */

export type Route = 'public' | 'market' | 'private' | 'none';

export interface ParsedPath {
  route: Route;
  combined: boolean;
  streams: string[];
  listenKey?: string;
  events?: string[];
}

/** A path element that is no stream name (no `@`, no `!`): a listen key on the legacy URLs. */
const looksLikeKey = (s: string): boolean => !s.includes('@') && !s.startsWith('!');

/** Parse a websocket URL path; undefined for paths the server does not serve. */
export function parsePath(url: string): ParsedPath | undefined {
  const u = new URL(url, 'http://localhost');
  let p = u.pathname.replace(/\/+$/, '');
  let route: Route = 'none';
  const m = /^\/(public|market|private)(\/.*)?$/.exec(p);
  if (m) {
    route = m[1] as Route;
    p = m[2] ?? '';
  }
  let out: ParsedPath;
  if (p === '/stream') {
    const s = u.searchParams.get('streams');
    out = { route, combined: true, streams: s ? s.split('/').filter(Boolean) : [] };
  } else if (p === '/ws' || p.startsWith('/ws/')) {
    out = { route, combined: false, streams: p.slice(3).split('/').filter(Boolean) };
  } else {
    return undefined;
  }
  const q = u.searchParams.get('listenKey');
  const key = q ?? (route === 'private' || route === 'none' ? out.streams.find(looksLikeKey) : undefined);
  if (key !== undefined && key !== '') {
    out.listenKey = key;
    out.streams = [];
    const ev = u.searchParams.get('events');
    if (ev) out.events = ev.split('/').filter(Boolean);
  }
  return out;
}
