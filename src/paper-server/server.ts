/**
 * The paper exchange server (`rocky-bot serve`): the simulated world `sim` runs (one world builder,
 * world/build-world.ts: the same tapes from the same seeded streams, the same venue, faults, stats
 * and report) behind Binance-compatible HTTP and WebSocket on 127.0.0.1, driven by a real-time
 * clock (optionally accelerated), with accounts from a keys file. Only the clock, the transport
 * and the fleet (a real `live` process, not a simulated one) differ from `sim`.
 *
 * The parts: paper-world.ts (the world plus what a server keeps), routes.ts (the route table),
 * dispatch.ts (auth, weights, replies), http-front.ts (HTTP, faults per request), serve-faults.ts
 * (the faults), ws-hub.ts and tape-symbol.ts (the websocket feed), venue-feed.ts (the venue's
 * listener: user-data stream, history, trade streams). This file starts them, runs the timers
 * (broadcast pump, mark prices, pings, websocket drops, listen-key expiry, depth diffs) and stops them.
 */
import type { AccountSpec } from '../engine/roster.js';
import { loadKeys, type KeysFile } from '../config/keys.js';
import type { Report } from '../report/report.js';
import { loadScenario, type Scenario } from '../scenario/scenario.js';
import type { Fill, SimExchangeCore } from '../sim-exchange/exchange-core.js';
import { premiumIndexRow } from './account-shapes.js';
import { ServerClock } from './clock.js';
import { startHttpFront } from './http-front.js';
import { PaperWorld, type Placement } from './paper-world.js';
import { buildRoutes } from './routes.js';
import { mergeFaults, type ServeFaults } from './serve-faults.js';
import { WsHub, type MarkPricePayload } from './ws-hub.js';
import { DEPTH_SPEEDS, type DepthSpeed } from './depth-stream.js';
import { listenKeyExpired } from './user-shapes.js';

export type { Placement } from './paper-world.js';
export type { ServeFaults } from './serve-faults.js';

export interface PaperServerOptions {
  /** Scenario file or a loaded scenario: symbols, tape, exchange parameters, faults. */
  scenario: string | Scenario;
  /** Keys file or loaded keys: API key → account id; secrets verify signatures. */
  keys: string | KeysFile;
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Server time runs this many times faster than the wall clock. Default 1. */
  speed?: number;
  /** Merged over the scenario's faults (lists are appended, numbers replace). */
  faults?: Partial<ServeFaults>;
  /** One line per notable event (startup, faults, internal errors). */
  log?: (line: string) => void;
  /** Websocket ping period, server ms (default 180000, Binance's 3 min). */
  pingIntervalMs?: number;
  /** Broadcast pump period, wall ms (default 25). */
  pumpMs?: number;
  /** Longest a `timeout` fault holds a request open, wall ms (default 60000). */
  maxHoldMs?: number;
  /** Told of every fill, after the stats (tests: ledger invariants after each fill). */
  onFill?: (f: Fill) => void;
  /** Accepted placements kept in `placements` (oldest dropped first); default 100000. */
  placementLimit?: number;
  /** Offer the user-data stream (listenKey routes); default true. false: a backend without one (tests of live's fallback). */
  userStream?: boolean;
}

export interface PaperServer {
  port: number;
  host: string;
  /** http://host:port */
  url: string;
  /** ws://host:port */
  wsUrl: string;
  clock: ServerClock;
  core: SimExchangeCore;
  /** Accounts by id (from the keys file), in keys-file order. */
  accounts: AccountSpec[];
  placements: Placement[];
  /** Open orders of one account (or all accounts) across all symbols. */
  openOrderCount(account?: string): number;
  /** The report so far, in the `sim` report format. */
  report(): Report;
  /** Counters of the transport and the faults. */
  counters(): Record<string, number>;
  /** Fault: drop every feed websocket now. */
  dropWebsockets(): number;
  close(): Promise<void>;
}

export async function startPaperServer(opts: PaperServerOptions): Promise<PaperServer> {
  const sc = typeof opts.scenario === 'string' ? loadScenario(opts.scenario) : opts.scenario;
  const keys = typeof opts.keys === 'string' ? await loadKeys(opts.keys) : opts.keys;
  const log = opts.log ?? (() => {});
  const clock = new ServerClock(opts.speed ?? 1);
  const faults = mergeFaults(sc.faults, opts.faults);
  const pw = new PaperWorld(sc, keys, clock, faults, { onFill: opts.onFill, placementLimit: opts.placementLimit });
  const { world } = pw;
  const report = (): Report => {
    world.sample();
    return world.report(Math.max(0, clock.elapsed()));
  };

  const hub = new WsHub(
    () => clock.now(),
    Date.now,
    (k) => pw.listenKeys.accountOf(k, clock.now()) !== undefined,
  );
  pw.feed.sink = hub;
  pw.onKeyClosed = (k) => hub.closeKey(k);
  const host = opts.host ?? '127.0.0.1';
  let front;
  try {
    const table = buildRoutes(pw);
    if (opts.userStream === false) {
      for (const m of ['POST', 'PUT', 'DELETE']) table.routes.delete(`${m} /fapi/v1/listenKey`);
      table.knownPaths.delete('/fapi/v1/listenKey');
    }
    front = await startHttpFront(pw, table, hub, {
      port: opts.port ?? 8080,
      host,
      maxHoldMs: opts.maxHoldMs ?? 60_000,
      log,
      report,
      health: () => ({ serverTime: clock.now(), speed: clock.speed, openOrders: pw.openOrderCount() }),
    });
  } catch (e) {
    world.close();
    throw e;
  }

  // ---- timers --------------------------------------------------------------------------------
  const timers: NodeJS.Timeout[] = [];
  timers.push(
    setInterval(() => {
      const now = clock.now();
      for (const t of pw.tapes.values()) {
        const p = t.takePending(now);
        if (p) hub.bookTicker(p);
      }
    }, opts.pumpMs ?? 25),
  );
  let markTicks = 0;
  timers.push(
    clock.setInterval(() => {
      const now = clock.now();
      const rows: MarkPricePayload[] = pw.symbols.map((sym) => {
        const r = premiumIndexRow(sym, world.mark(sym), pw.decimals(sym), now, pw.fundingNow(sym, now));
        return {
          e: 'markPriceUpdate',
          E: now,
          s: sym,
          p: r.markPrice as string,
          ap: r.markPrice as string,
          i: r.indexPrice as string,
          P: r.estimatedSettlePrice as string,
          r: r.lastFundingRate as string,
          T: r.nextFundingTime as number,
        };
      });
      hub.markPrice(rows, markTicks++ % 3 === 0);
    }, 1000),
  );
  timers.push(clock.setInterval(() => hub.ping(600_000), opts.pingIntervalMs ?? 180_000));
  // Listen keys not kept alive for 60 min of server time: listenKeyExpired, then the connections close.
  timers.push(
    clock.setInterval(() => {
      const now = clock.now();
      for (const x of pw.listenKeys.expire(now)) {
        hub.user(x.key, listenKeyExpired(x.key, now));
        hub.closeKey(x.key);
      }
    }, 1000),
  );
  // Depth diffs of the venue's book at each speed, partial depth for whoever listens (depth-stream.ts).
  const lastDepth = new Map<DepthSpeed, number>(DEPTH_SPEEDS.map((sp) => [sp, clock.now()]));
  timers.push(
    clock.setInterval(() => {
      const now = clock.now();
      for (const sp of DEPTH_SPEEDS) {
        if (now - lastDepth.get(sp)! < sp) continue;
        lastDepth.set(sp, now);
        for (const sym of pw.symbols) {
          const ev = pw.depth.diff(sym, sp, now);
          const lower = sym.toLowerCase();
          if (ev !== undefined) {
            hub.publish(`${lower}@depth@${sp}ms`, ev, 'public');
            if (sp === 250) hub.publish(`${lower}@depth`, ev, 'public');
          }
          for (const n of [5, 10, 20]) {
            const names = sp === 250 ? [`${lower}@depth${n}`, `${lower}@depth${n}@250ms`] : [`${lower}@depth${n}@${sp}ms`];
            for (const name of names)
              if (hub.listening(name, 'public')) hub.publish(name, pw.depth.partial(sym, n, now), 'public');
          }
        }
      }
    }, 50),
  );
  if (faults.ws_drop_every_s > 0) {
    timers.push(
      clock.setInterval(() => {
        const n = hub.dropAll();
        pw.counters.wsDrops++;
        log(`serve: fault: dropped ${n} websocket connection(s)`);
      }, faults.ws_drop_every_s * 1000),
    );
  }
  // Samples every 10 s and the scenario's outside flow, on the server clock, until close.
  world.start(Number.POSITIVE_INFINITY);
  log(
    `serve: listening on http://${host}:${front.port} (scenario ${sc.name}, ${pw.accounts.length} accounts, ${pw.symbols.join(', ')}, speed ${clock.speed})`,
  );

  let closed: Promise<void> | undefined;
  return {
    port: front.port,
    host,
    url: `http://${host}:${front.port}`,
    wsUrl: `ws://${host}:${front.port}`,
    clock,
    core: pw.core,
    accounts: pw.accounts,
    placements: pw.placements,
    openOrderCount: (account) => pw.openOrderCount(account),
    report,
    counters: () => ({
      ...pw.counters,
      placementsDropped: pw.placementsDropped,
      wsConnections: hub.stats.connections,
      wsOpen: hub.size,
      wsSent: hub.stats.sent,
      wsRefused: hub.stats.refused,
      wsRateClosed: hub.stats.rateClosed,
    }),
    dropWebsockets: () => hub.dropAll(),
    close: () => {
      if (!closed) {
        front.stopAccepting();
        for (const t of timers) clearInterval(t);
        clock.cancelAll();
        closed = (async () => {
          await hub.close();
          await front.close();
          world.close();
        })();
      }
      return closed;
    },
  };
}
