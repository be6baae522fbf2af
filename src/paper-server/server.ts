/**
 * The paper exchange server (`rocky-bot serve`): the simulator's SimExchangeCore behind
 * Binance-compatible HTTP and WebSocket on 127.0.0.1, driven by a real-time clock (optionally
 * accelerated), with accounts from a keys file. Composition mirrors src/cli/run-sim.ts: the same
 * core, tape sources, fault model and report; only the clock and the transport differ.
 *
 * Request handling (exchange-api.md §1–§4, §8):
 * - Routes are looked up by method and path; unknown paths get 404, wrong methods 405, both as
 *   `{code,msg}`. Bodies above 64 KiB get 413. Nothing a client sends can crash the process: any
 *   unexpected exception becomes a 500 `{code:-1000}` and is logged.
 * - Signed routes: API key (-2014 missing, -2015 unknown), signature over raw query + body without
 *   the signature parameter (-1102 missing, -1022 wrong), then the timestamp/recvWindow check (-1021).
 * - Weights: signed routes are charged to the account in the core (as in `sim`); public routes to a
 *   per-IP limiter with the same limits. X-MBX-USED-WEIGHT-1M on every reply, X-MBX-ORDER-COUNT-10S
 *   and -1M on order replies; 429 with Retry-After past a limit.
 * - Faults (per REST request on /fapi, by server time since start): outage windows `5xx` (not
 *   applied, 503), `5xx_after_apply` (applied, then 503), `timeout` (not applied, never answered:
 *   the socket is held until the client gives up), `error_rate` (random 503 without applying, from a
 *   seeded stream); `order_outages` do the same to order placements only; latency spikes and a base latency delay the reply; feed gaps hide ticks from the
 *   websocket; `ws_drop_every_s` cuts every feed connection periodically.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import { SeededRng } from '../engine/rng.js';
import type { AccountSpec } from '../engine/roster.js';
import type { NewOrderRequest, OrderRef, OrderType, Side, StpMode, TimeInForce } from '../engine/types.js';
import { loadKeys, type KeysFile } from '../config/keys.js';
import { evaluate } from '../scenario/evaluate.js';
import type { SimExchangeCore } from '../sim-exchange/exchange-core.js';
import { coreForScenario, orderQtyOf, rulesOf, SETTLEMENT_ASSET } from '../world/scenario-exchange.js';
import { FaultModel, type FaultsConfig, type OutageKind } from '../sim/faults.js';
import { DEFAULT_LIMITS, RateLimiter, type RateLimits } from '../sim-exchange/rate-limits.js';
import { buildReport, type Report } from '../report/report.js';
import { loadScenario, type Scenario } from '../scenario/scenario.js';
import { RunStats } from '../report/stats.js';
import { openPriceSource } from '../market-data/price-source.js';
import { tickDecimals } from '../engine/decimal.js';
import { accountShape, leverageBracketRow, positionRiskV3, premiumIndexRow, type PositionView } from './account-shapes.js';
import { ServerClock } from './clock.js';
import { checkTimestamp, mandatory, parseParams, verifySignature } from './params.js';
import { TapeSymbol } from './tape-symbol.js';
import { WsHub, type MarkPricePayload } from './ws-hub.js';

/** Faults on top of the scenario's `faults:`. */
export interface ServeFaults extends FaultsConfig {
  /** Added to every REST reply, server ms. */
  latency_ms: number;
  /** Cut every feed websocket this often (server seconds); 0 = never. */
  ws_drop_every_s: number;
  /** Outage windows that hit order placements (POST /fapi/v1/order) only. */
  order_outages: Array<{ from_s: number; to_s: number; kind: OutageKind }>;
}

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
}

/** One accepted placement (the test oracle for "no duplicate orders"). */
export interface Placement {
  account: string;
  symbol: string;
  clientOrderId: string;
  orderId: number;
  t: number;
  /** 'ok' or the fault that answered it ('5xx_after_apply'). */
  answered: 'ok' | '5xx_after_apply';
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

const SAMPLE_EVERY_MS = 10_000;
const MAX_BODY = 64 * 1024;
const ASSET = SETTLEMENT_ASSET;
const DEPTH_LIMITS = new Map([
  [5, 2],
  [10, 2],
  [20, 2],
  [50, 2],
  [100, 5],
  [500, 10],
  [1000, 20],
]);

interface Ctx {
  v: Map<string, string>;
  acct: string;
  now: number;
}

type Security = 'NONE' | 'KEY' | 'SIGNED';

interface Route {
  sec: Security;
  /** Public routes: IP weight (may depend on the params). */
  weight?: (v: Map<string, string>) => number;
  orders?: boolean;
  run(ctx: Ctx): unknown;
}

interface Reply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

function mergeFaults(sc: FaultsConfig, over: Partial<ServeFaults> = {}): ServeFaults {
  return {
    outages: [...sc.outages, ...(over.outages ?? [])],
    error_rate: over.error_rate ?? sc.error_rate,
    latency_spikes: [...sc.latency_spikes, ...(over.latency_spikes ?? [])],
    feed_gaps: [...sc.feed_gaps, ...(over.feed_gaps ?? [])],
    latency_ms: over.latency_ms ?? 0,
    ws_drop_every_s: over.ws_drop_every_s ?? 0,
    order_outages: over.order_outages ?? [],
  };
}

function str(v: Map<string, string>, k: string): string | undefined {
  const x = v.get(k);
  return x === undefined || x === '' ? undefined : x;
}

function req(v: Map<string, string>, k: string): string {
  const x = str(v, k);
  if (x === undefined) throw mandatory(k);
  return x;
}

function orderRef(v: Map<string, string>): OrderRef {
  const id = str(v, 'orderId');
  const cid = str(v, 'origClientOrderId');
  const ref: OrderRef = {};
  if (id !== undefined) {
    if (!/^\d{1,15}$/.test(id)) throw mandatory('orderId');
    ref.orderId = Number(id);
  }
  if (cid !== undefined) ref.origClientOrderId = cid;
  if (ref.orderId === undefined && ref.origClientOrderId === undefined) {
    throw new ExchangeError(
      ErrorCode.MANDATORY_PARAM,
      "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!",
    );
  }
  return ref;
}

function boolParam(v: Map<string, string>, k: string): boolean | undefined {
  const x = str(v, k);
  if (x === undefined) return undefined;
  if (x === 'true' || x === 'TRUE') return true;
  if (x === 'false' || x === 'FALSE') return false;
  throw new ExchangeError(ErrorCode.ILLEGAL_CHARS, `Illegal characters found in parameter '${k}'.`);
}

export async function startPaperServer(opts: PaperServerOptions): Promise<PaperServer> {
  const sc = typeof opts.scenario === 'string' ? loadScenario(opts.scenario) : opts.scenario;
  const keys = typeof opts.keys === 'string' ? await loadKeys(opts.keys) : opts.keys;
  const log = opts.log ?? (() => {});
  const clock = new ServerClock(opts.speed ?? 1);
  const start = clock.originMs;
  const faultsCfg = mergeFaults(sc.faults, opts.faults);
  const faults = new FaultModel(faultsCfg, start);
  const orderFaults = new FaultModel(
    { outages: faultsCfg.order_outages, error_rate: 0, latency_spikes: [], feed_gaps: [] },
    start,
  );
  const root = new SeededRng(`rocky-serve/${sc.seed}`);
  const faultRng = root.split('faults');

  // ---- tape ----------------------------------------------------------------------------------
  const tapes = new Map<string, TapeSymbol>();
  const rules = rulesOf(sc);
  const tapeOf = (serverT: number): number => sc.startMs + (serverT - start);
  const serverOf = (tapeT: number): number => start + (tapeT - sc.startMs);
  for (const s of sc.symbols) {
    const sym = s.spec.exchange;
    const src = openPriceSource(s.source, {
      symbol: sym,
      startMs: sc.startMs,
      durationMs: sc.durationMs,
      tickSize: Number(s.rules.tickSize),
      // The sim's own tape stream: same scenario + seed ⇒ the same price path as `sim` (parity runs).
      rng: new SeededRng(`rocky-sim/${sc.seed}`).split(`tape/${sym}`),
      baseDir: sc.baseDir,
    });
    tapes.set(sym, new TapeSymbol(sym, src, tickDecimals(Number(s.rules.tickSize))));
  }
  const symbols = [...tapes.keys()];
  const advance = (now: number): void => {
    const tt = tapeOf(now);
    for (const t of tapes.values()) t.advance(tt, faults, serverOf);
  };
  const markOf = (sym: string): number => tapes.get(sym)?.mark() ?? Number.NaN;

  // ---- core, accounts, stats -----------------------------------------------------------------
  const accounts = keys.accounts.map((a) => a.spec);
  const byKey = new Map(keys.accounts.map((a) => [a.key, a] as const));
  const stats = new RunStats(accounts, symbols, orderQtyOf(sc, accounts));
  const limits: RateLimits = {
    weightPerMinute: sc.exchange.limits.weight_per_minute,
    ordersPer10s: sc.exchange.limits.orders_per_10s,
    ordersPerMinute: sc.exchange.limits.orders_per_minute,
  };
  const core = coreForScenario(sc, accounts, markOf, stats);
  const leverage = new Map<string, number>();
  const leverageOf = (acct: string, sym: string): number => leverage.get(`${acct}/${sym}`) ?? sc.strategy.risk.leverage;
  const ipLimiters = new Map<string, RateLimiter>();
  const ipLimiter = (ip: string): RateLimiter => {
    let l = ipLimiters.get(ip);
    if (!l) ipLimiters.set(ip, (l = new RateLimiter(limits ?? DEFAULT_LIMITS)));
    return l;
  };
  const listenKeys = new Map<string, string>();
  const placements: Placement[] = [];
  let depthUpdateId = 1;
  const counters = {
    requests: 0,
    errors4xx: 0,
    fault5xx: 0,
    fault5xxAfterApply: 0,
    faultTimeouts: 0,
    internalErrors: 0,
    wsDrops: 0,
  };

  const pairKnown = (acct: string, sym: string): boolean => stats.pairs.get(acct)?.has(sym) === true;

  const positionsOf = (acct: string): PositionView[] =>
    symbols.map((sym) => {
      const p = core.positionOf(acct, sym);
      const step = rules[sym]!.stepSize;
      const dec = step.includes('.') ? step.split('.')[1]!.length : 0;
      return {
        symbol: sym,
        amt: p.amt,
        amtStr: p.amt.toFixed(dec),
        entryPrice: p.entryPrice,
        mark: markOf(sym),
        leverage: leverageOf(acct, sym),
        openOrders: core.openOrderCount(acct, sym),
        updateTime: 0,
      };
    });

  const symbolParam = (v: Map<string, string>): string | undefined => {
    const s = str(v, 'symbol');
    if (s !== undefined && !tapes.has(s)) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
    return s;
  };

  // ---- routes --------------------------------------------------------------------------------
  const routes = new Map<string, Route>();
  const add = (method: string, path: string | string[], r: Route): void => {
    for (const p of Array.isArray(path) ? path : [path]) routes.set(`${method} ${p}`, r);
  };
  add('GET', '/fapi/v1/ping', { sec: 'NONE', weight: () => 1, run: () => ({}) });
  add('GET', '/fapi/v1/time', { sec: 'NONE', weight: () => 1, run: (c) => ({ serverTime: c.now }) });
  add('GET', '/fapi/v1/exchangeInfo', { sec: 'NONE', weight: () => 1, run: (c) => core.exchangeInfoBinance(c.now) });
  add('GET', '/fapi/v1/premiumIndex', {
    sec: 'NONE',
    weight: (v) => (str(v, 'symbol') ? 1 : 10),
    run: (c) => {
      const s = symbolParam(c.v);
      const row = (sym: string): Record<string, unknown> => premiumIndexRow(sym, markOf(sym), tapes.get(sym)!.decimals, c.now);
      return s ? row(s) : symbols.map(row);
    },
  });
  add('GET', '/fapi/v1/ticker/bookTicker', {
    sec: 'NONE',
    weight: (v) => (str(v, 'symbol') ? 2 : 5),
    run: (c) => {
      const s = symbolParam(c.v);
      const row = (sym: string): Record<string, unknown> => {
        const d = core.bookDepth(sym, 1);
        const r = rules[sym]!;
        const px = (x: number | undefined): string => (x === undefined ? '0' : x.toFixed(tapes.get(sym)!.decimals));
        const q = (x: number | undefined): string => (x === undefined ? '0' : String(x));
        void r;
        return {
          symbol: sym,
          bidPrice: px(d.bids[0]?.[0]),
          bidQty: q(d.bids[0]?.[1]),
          askPrice: px(d.asks[0]?.[0]),
          askQty: q(d.asks[0]?.[1]),
          time: c.now,
        };
      };
      return s ? row(s) : symbols.map(row);
    },
  });
  add('GET', '/fapi/v1/depth', {
    sec: 'NONE',
    weight: (v) => DEPTH_LIMITS.get(Number(str(v, 'limit') ?? 500)) ?? 10,
    run: (c) => {
      const s = symbolParam(c.v);
      if (s === undefined) throw mandatory('symbol');
      const limit = Number(str(c.v, 'limit') ?? 500);
      if (!DEPTH_LIMITS.has(limit))
        throw new ExchangeError(
          ErrorCode.ILLEGAL_CHARS,
          "Illegal characters found in parameter 'limit'; legal range is '5, 10, 20, 50, 100, 500, 1000'.",
        );
      const d = core.bookDepth(s, limit);
      const dec = tapes.get(s)!.decimals;
      const lv = (x: [number, number]): [string, string] => [x[0].toFixed(dec), String(x[1])];
      return { lastUpdateId: depthUpdateId, E: c.now, T: c.now, bids: d.bids.map(lv), asks: d.asks.map(lv) };
    },
  });
  add('GET', ['/fapi/v2/balance', '/fapi/v3/balance'], { sec: 'SIGNED', run: (c) => core.balance(c.acct, c.now) });
  add('GET', '/fapi/v2/account', {
    sec: 'SIGNED',
    run: (c) => accountShape(2, core.balance(c.acct, c.now)[0]!, positionsOf(c.acct), c.now),
  });
  add('GET', '/fapi/v3/account', {
    sec: 'SIGNED',
    run: (c) => accountShape(3, core.balance(c.acct, c.now)[0]!, positionsOf(c.acct), c.now),
  });
  add('GET', '/fapi/v2/positionRisk', { sec: 'SIGNED', run: (c) => core.positionRisk(c.acct, c.now, symbolParam(c.v)) });
  add('GET', '/fapi/v3/positionRisk', {
    sec: 'SIGNED',
    run: (c) =>
      positionRiskV3(
        core.positionRisk(c.acct, c.now, symbolParam(c.v)),
        (sym) => core.openOrderCount(c.acct, sym),
        ASSET,
        (sym) => leverageOf(c.acct, sym),
      ),
  });
  add('GET', '/fapi/v1/leverageBracket', {
    sec: 'SIGNED',
    run: (c) => {
      core.balance(c.acct, c.now); // charge like a user-data call (weight 1 would be exact; close enough)
      const s = symbolParam(c.v);
      return s ? leverageBracketRow(s) : symbols.map(leverageBracketRow);
    },
  });
  add('GET', '/fapi/v1/openOrders', { sec: 'SIGNED', run: (c) => core.openOrders(c.acct, c.now, symbolParam(c.v)) });
  add('GET', '/fapi/v1/order', { sec: 'SIGNED', run: (c) => core.getOrder(c.acct, c.now, req(c.v, 'symbol'), orderRef(c.v)) });
  add('DELETE', '/fapi/v1/order', {
    sec: 'SIGNED',
    run: (c) => {
      const row = core.cancelOrder(c.acct, c.now, req(c.v, 'symbol'), orderRef(c.v));
      depthUpdateId++;
      return row;
    },
  });
  add('DELETE', '/fapi/v1/allOpenOrders', {
    sec: 'SIGNED',
    run: (c) => {
      const r = core.cancelAll(c.acct, c.now, req(c.v, 'symbol'));
      depthUpdateId++;
      return r;
    },
  });
  add('POST', '/fapi/v1/leverage', {
    sec: 'SIGNED',
    run: (c) => {
      const sym = req(c.v, 'symbol');
      const lv = req(c.v, 'leverage');
      if (!/^\d{1,4}$/.test(lv)) throw mandatory('leverage');
      const r = core.setLeverage(c.acct, c.now, sym, Number(lv));
      leverage.set(`${c.acct}/${sym}`, r.leverage);
      return r;
    },
  });
  add('POST', '/fapi/v1/order', {
    sec: 'SIGNED',
    orders: true,
    run: (c) => {
      const v = c.v;
      const type = req(v, 'type');
      if (type !== 'LIMIT' && type !== 'MARKET') throw new ExchangeError(ErrorCode.INVALID_ORDER_TYPE, 'Invalid orderType.');
      const side = req(v, 'side');
      if (side !== 'BUY' && side !== 'SELL') throw new ExchangeError(ErrorCode.INVALID_SIDE, 'Invalid side.');
      const ps = str(v, 'positionSide');
      if (ps !== undefined && ps !== 'BOTH')
        throw new ExchangeError(ErrorCode.POSITION_SIDE_MISMATCH, "Order's position side does not match user's setting.");
      const stp = str(v, 'selfTradePreventionMode');
      if (stp !== undefined && !['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'].includes(stp)) {
        throw new ExchangeError(ErrorCode.ILLEGAL_CHARS, "Illegal characters found in parameter 'selfTradePreventionMode'.");
      }
      const rt = str(v, 'newOrderRespType');
      if (rt !== undefined && rt !== 'ACK' && rt !== 'RESULT')
        throw new ExchangeError(ErrorCode.ILLEGAL_CHARS, "Illegal characters found in parameter 'newOrderRespType'.");
      const o: NewOrderRequest = {
        symbol: req(v, 'symbol'),
        side: side as Side,
        type: type as OrderType,
        quantity: req(v, 'quantity'),
      };
      const price = str(v, 'price');
      if (price !== undefined) o.price = price;
      const tif = str(v, 'timeInForce');
      if (tif !== undefined) o.timeInForce = tif as TimeInForce;
      const cid = str(v, 'newClientOrderId');
      if (cid !== undefined) o.newClientOrderId = cid;
      const ro = boolParam(v, 'reduceOnly');
      if (ro !== undefined) o.reduceOnly = ro;
      if (stp !== undefined) o.selfTradePreventionMode = stp as StpMode;
      const row = core.placeOrder(c.acct, c.now, o);
      depthUpdateId++;
      placements.push({
        account: c.acct,
        symbol: row.symbol,
        clientOrderId: row.clientOrderId,
        orderId: row.orderId,
        t: c.now,
        answered: 'ok',
      });
      if (pairKnown(c.acct, row.symbol)) {
        stats.emit({
          type: 'order_placed',
          task: 'serve',
          account: c.acct,
          symbol: row.symbol,
          side: row.side,
          price: row.price,
          qty: row.origQty,
          orderId: row.orderId,
        });
      }
      return row;
    },
  });
  const listenKey: Route = {
    sec: 'KEY',
    run: (c) => {
      let k = listenKeys.get(c.acct);
      if (!k)
        listenKeys.set(
          c.acct,
          (k = root.split(`listenKey/${c.acct}`).next().toString(36).slice(2).padEnd(20, '0') + c.acct.length),
        );
      return { listenKey: k };
    },
  };
  add('POST', '/fapi/v1/listenKey', listenKey);
  add('PUT', '/fapi/v1/listenKey', listenKey);
  add('DELETE', '/fapi/v1/listenKey', { sec: 'KEY', run: () => ({}) });
  const knownPaths = new Set([...routes.keys()].map((k) => k.slice(k.indexOf(' ') + 1)));

  // ---- execution -----------------------------------------------------------------------------
  const execute = (
    route: Route,
    method: string,
    path: string,
    query: string,
    body: string,
    apiKey: string | undefined,
    ip: string,
  ): Reply => {
    const now = clock.now();
    advance(now);
    let acct: string | undefined;
    const headers: Record<string, string> = {};
    const weightHeaders = (): void => {
      if (acct !== undefined) {
        const u = core.rateLimitUsage(acct, now);
        headers['X-MBX-USED-WEIGHT-1M'] = String(u.usedWeight1m);
        if (route.orders) {
          headers['X-MBX-ORDER-COUNT-10S'] = String(u.orderCount10s);
          headers['X-MBX-ORDER-COUNT-1M'] = String(u.orderCount1m);
        }
      } else {
        headers['X-MBX-USED-WEIGHT-1M'] = String(ipLimiter(ip).usedWeight(now));
      }
    };
    let v: Map<string, string> | undefined;
    try {
      const p = parseParams(query, body);
      v = p.values;
      if (route.sec === 'NONE') {
        ipLimiter(ip).charge(now, route.weight ? route.weight(p.values) : 1, 0);
      } else {
        if (apiKey === undefined || apiKey === '')
          throw new ExchangeError(ErrorCode.API_KEY_FORMAT, 'API-key format invalid.', 401);
        const a = byKey.get(apiKey);
        if (a === undefined)
          throw new ExchangeError(ErrorCode.INVALID_API_KEY, 'Invalid API-key, IP, or permissions for action.', 401);
        acct = a.id;
        if (route.sec === 'SIGNED') {
          verifySignature(a.secret, p);
          checkTimestamp(p.values, now);
        }
      }
      const out = route.run({ v: p.values, acct: acct ?? '', now });
      weightHeaders();
      return { status: 200, body: out, headers };
    } catch (e) {
      if (e instanceof ExchangeError) {
        counters.errors4xx++;
        if (acct !== undefined) weightHeaders();
        else headers['X-MBX-USED-WEIGHT-1M'] = String(ipLimiter(ip).usedWeight(now));
        if (e.httpStatus === 429) headers['Retry-After'] = '1';
        if (route.orders && acct !== undefined && v !== undefined) {
          const sym = v.get('symbol') ?? '';
          if (pairKnown(acct, sym)) {
            stats.emit({ type: 'iteration_error', task: 'serve', account: acct, symbol: sym, code: e.code, message: e.message });
          }
        }
        return { status: e.httpStatus || 400, body: { code: e.code, msg: e.message.replace(/^-?\d+: /, '') }, headers };
      }
      counters.internalErrors++;
      log(`serve: internal error on ${method} ${path}: ${(e as Error)?.stack ?? String(e)}`);
      return {
        status: 500,
        body: { code: ErrorCode.UNKNOWN, msg: 'An unknown error occurred while processing the request.' },
        headers,
      };
    }
  };

  const sockets = new Set<Socket>();
  const held = new Set<ServerResponse>();
  let closing = false;

  const send = (res: ServerResponse, r: Reply): void => {
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(r.body);
    res.writeHead(r.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...r.headers });
    res.end(text);
  };
  const sleepWall = (ms: number): Promise<void> => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

  const readBody = (rq: IncomingMessage): Promise<string | undefined> =>
    new Promise((resolve) => {
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
    if (path === '/_rocky/report' && method === 'GET') {
      send(res, { status: 200, body: report(), headers: {} });
      return;
    }
    if (path === '/_rocky/health' && method === 'GET') {
      send(res, {
        status: 200,
        body: { ok: true, serverTime: clock.now(), speed: clock.speed, openOrders: openOrderCount(), ...counters },
        headers: {},
      });
      return;
    }
    const route = routes.get(`${method} ${path}`);
    if (route === undefined) {
      const known = knownPaths.has(path);
      send(res, {
        status: known ? 405 : 404,
        body: { code: ErrorCode.UNKNOWN, msg: known ? `Method ${method} not allowed on ${path}.` : `Path ${path} not found.` },
        headers: {},
      });
      return;
    }
    const rawKey = rq.headers['x-mbx-apikey'];
    const apiKey = Array.isArray(rawKey) ? rawKey[0] : rawKey;
    const ip = rq.socket.remoteAddress ?? '?';
    const t = clock.now();
    let disp: 'ok' | OutageKind = path === '/fapi/v1/time' ? 'ok' : faults.disposition(t, faultRng);
    if (disp === 'ok' && route.orders && method === 'POST') disp = orderFaults.disposition(t, faultRng);
    const delay = clock.wallMs(faultsCfg.latency_ms + faults.extraLatencyMs(t));
    if (disp === 'timeout') {
      counters.faultTimeouts++;
      held.add(res);
      const timer = setTimeout(() => res.destroy(), opts.maxHoldMs ?? 60_000);
      res.on('close', () => {
        clearTimeout(timer);
        held.delete(res);
      });
      return;
    }
    await sleepWall(delay);
    if (closing) return void res.destroy();
    const unknown: Reply = {
      status: 503,
      body: { code: ErrorCode.UNKNOWN, msg: 'Unknown error, please check your request or try again later.' },
      headers: {},
    };
    if (disp === '5xx') {
      counters.fault5xx++;
      send(res, unknown);
      return;
    }
    const r = execute(route, method, path, query, body, apiKey, ip);
    if (disp === '5xx_after_apply') {
      counters.fault5xxAfterApply++;
      if (r.status === 200 && route.orders) placements[placements.length - 1]!.answered = '5xx_after_apply';
      send(res, unknown);
      return;
    }
    send(res, r);
  };

  // ---- report --------------------------------------------------------------------------------
  const cap = sc.strategy.risk.max_notional_usdc;
  const sample = (): void => {
    const now = clock.now();
    advance(now);
    stats.sampleAll(symbols, (acct, sym) => core.positionOf(acct, sym).amt, markOf, cap);
  };
  const report = (): Report => {
    const base = buildReport({
      scenario: sc.name,
      seed: sc.seed,
      durationMs: Math.max(0, clock.elapsed()),
      roster: accounts,
      symbols: sc.symbols,
      strategy: sc.strategy,
      stats,
      position: (acct, sym) => core.positionOf(acct, sym),
      fees: (acct) => core.feesPaid(acct),
      api: (acct) => core.apiStats(acct),
      ticksRead: (sym) => tapes.get(sym)!.ticksRead,
    });
    return evaluate(base, sc.expect);
  };
  const openOrderCount = (account?: string): number => {
    let n = 0;
    for (const a of account === undefined ? accounts : accounts.filter((x) => x.id === account)) {
      for (const s of symbols) n += core.openOrderCount(a.id, s);
    }
    return n;
  };

  // ---- transport -----------------------------------------------------------------------------
  const hub = new WsHub(() => clock.now());
  const server: Server = createServer((rq, res) => {
    handle(rq, res).catch((e: unknown) => {
      counters.internalErrors++;
      log(`serve: internal error: ${(e as Error)?.stack ?? String(e)}`);
      if (!res.headersSent)
        send(res, {
          status: 500,
          body: { code: ErrorCode.UNKNOWN, msg: 'An unknown error occurred while processing the request.' },
          headers: {},
        });
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_e, socket) => {
    if (socket.writable)
      socket.end(
        'HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"code":-1000,"msg":"Bad request."}',
      );
    else socket.destroy();
  });
  server.on('upgrade', (rq, socket, head) => {
    if (closing) return void socket.destroy();
    hub.upgrade(rq, socket, head);
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  // ---- timers --------------------------------------------------------------------------------
  const timers: NodeJS.Timeout[] = [];
  timers.push(
    setInterval(() => {
      const now = clock.now();
      advance(now);
      for (const t of tapes.values()) {
        const p = t.takePending(now);
        if (p) hub.bookTicker(p);
      }
    }, opts.pumpMs ?? 25),
  );
  let markTicks = 0;
  timers.push(
    clock.setInterval(() => {
      const now = clock.now();
      advance(now);
      const rows: MarkPricePayload[] = symbols.map((sym) => {
        const r = premiumIndexRow(sym, markOf(sym), tapes.get(sym)!.decimals, now);
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
  const pingMs = opts.pingIntervalMs ?? 180_000;
  timers.push(clock.setInterval(() => hub.ping(600_000), pingMs));
  timers.push(clock.setInterval(sample, SAMPLE_EVERY_MS));
  if (faultsCfg.ws_drop_every_s > 0) {
    timers.push(
      clock.setInterval(() => {
        const n = hub.dropAll();
        counters.wsDrops++;
        log(`serve: fault: dropped ${n} websocket connection(s)`);
      }, faultsCfg.ws_drop_every_s * 1000),
    );
  }
  sample();
  log(
    `serve: listening on http://${host}:${port} (scenario ${sc.name}, ${accounts.length} accounts, ${symbols.join(', ')}, speed ${clock.speed})`,
  );

  let closed: Promise<void> | undefined;
  return {
    port,
    host,
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}`,
    clock,
    core,
    accounts,
    placements,
    openOrderCount,
    report: () => {
      sample();
      return report();
    },
    counters: () => ({ ...counters, wsConnections: hub.stats.connections, wsOpen: hub.size, wsSent: hub.stats.sent }),
    dropWebsockets: () => hub.dropAll(),
    close: () => {
      if (!closed) {
        closing = true;
        for (const t of timers) clearInterval(t);
        closed = (async () => {
          await hub.close();
          for (const r of held) r.destroy();
          const done = new Promise<void>((r) => server.close(() => r()));
          for (const s of sockets) s.destroy();
          await done;
          for (const t of tapes.values()) t.close();
        })();
      }
      return closed;
    },
  };
}
