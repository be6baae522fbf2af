/**
 * `serve`'s listener on the venue (sim-exchange/venue-events.ts): turns every order, account and
 * book change into what the server shows of it, at the moment it happens:
 * - the user-data stream: ORDER_TRADE_UPDATE per order state change and ACCOUNT_UPDATE per account
 *   change, sent at once to the connections of the account's active listen key (so a client sees
 *   its fill in the same server tick as the fill), nothing for an account without one;
 * - the history endpoints (venue-history.ts): the account's fills, orders and income rows, and the
 *   symbol's public trades (one per fill, from the taker's side);
 * - the venue's own market streams: `<sym>@aggTrade` and `<sym>@kline_<i>` per trade (kline
 *   candles from the venue's trades; a candle is sent closed (`x: true`) when the next one opens),
 *   and the depth diffs' update ids (depth-stream.ts).
 * An order enters allOrders at its first event; order ids only increase, so "first event" is
 * "id above the highest this account has logged". The sink (the websocket hub) is attached after
 * the world is built; events before that only go to the history.
 */
import type { SimExchangeCore } from '../sim-exchange/exchange-core.js';
import type { SimOrder } from '../sim-exchange/order-record.js';
import type { AccountReason, ExecType, TradeLeg, VenueListener } from '../sim-exchange/venue-events.js';
import { CandleSet, KLINE_INTERVALS, klineEvent, type Candle } from './candles.js';
import type { DepthStreams } from './depth-stream.js';
import type { ListenKeys } from './listen-keys.js';
import { accountUpdate, orderTradeUpdate, tradeRecord, type PositionLine } from './user-shapes.js';
import type { VenueHistory } from './venue-history.js';

/** Where the feed's events go (the websocket hub). */
export interface FeedSink {
  user(key: string, event: { e: string }): void;
  publish(name: string, payload: unknown, category: 'public' | 'market'): void;
  listening(name: string, category: 'public' | 'market'): boolean;
}

export class VenueFeed implements VenueListener {
  sink: FeedSink | undefined;
  /** Per symbol, candles of the venue's own trades (the kline stream). */
  readonly tradeCandles = new Map<string, CandleSet>();
  private readonly maxLogged = new Map<string, number>();
  private core: SimExchangeCore | undefined;
  private keys: ListenKeys | undefined;
  private depth: DepthStreams | undefined;

  constructor(
    private readonly history: VenueHistory,
    private readonly asset: string,
    private readonly mark: (symbol: string) => number,
  ) {}

  /** The parts built after the world (the venue is built with this listener). */
  attach(core: SimExchangeCore, keys: ListenKeys, depth: DepthStreams): void {
    this.core = core;
    this.keys = keys;
    this.depth = depth;
  }

  order(o: SimOrder, exec: ExecType, now: number, trade?: TradeLeg): void {
    if (o.id > (this.maxLogged.get(o.acct) ?? 0)) {
      this.maxLogged.set(o.acct, o.id);
      this.history.addOrder(o);
    }
    if (trade !== undefined) this.onTrade(o, trade, now);
    const key = this.keys?.keyOf(o.acct);
    if (key !== undefined && this.sink !== undefined) this.sink.user(key, orderTradeUpdate(o, exec, now, this.asset, trade));
  }

  account(acct: string, reason: AccountReason, now: number, symbols: readonly string[], change?: number): void {
    if (reason === 'FUNDING_FEE' && change !== undefined)
      this.history.addIncome(acct, {
        symbol: symbols[0] ?? '',
        incomeType: 'FUNDING_FEE',
        income: change,
        time: now,
        tradeId: '',
      });
    const key = this.keys?.keyOf(acct);
    const core = this.core;
    if (key === undefined || this.sink === undefined || core === undefined) return;
    const lines: PositionLine[] = symbols.map((s) => {
      const p = core.positionOf(acct, s);
      const spec = core.specOf(s)!;
      return {
        symbol: s,
        amtStr: p.amt.toFixed(spec.stepDec),
        entryPrice: p.entryPrice,
        realizedPnl: p.realizedPnl,
        unrealized: p.amt === 0 ? 0 : p.amt * (this.mark(s) - p.entryPrice),
      };
    });
    const m = reason === 'LIQUIDATION' ? 'ORDER' : reason;
    this.sink.user(key, accountUpdate(m, now, this.asset, core.walletOf(acct), change ?? 0, lines));
  }

  book(symbol: string, _now: number): void {
    this.depth?.bump(symbol);
  }

  private onTrade(o: SimOrder, t: TradeLeg, now: number): void {
    const spec = o.spec;
    const rec = tradeRecord(o, t, now);
    this.history.addTrade(o.acct, rec);
    if (t.realized !== 0)
      this.history.addIncome(o.acct, {
        symbol: spec.symbol,
        incomeType: 'REALIZED_PNL',
        income: t.realized,
        time: now,
        tradeId: String(t.tradeId),
      });
    if (t.fee !== 0)
      this.history.addIncome(o.acct, {
        symbol: spec.symbol,
        incomeType: 'COMMISSION',
        income: -t.fee,
        time: now,
        tradeId: String(t.tradeId),
      });
    if (t.maker) return; // the public trade is told once, from the taker's side
    const price = t.priceTicks * spec.tick;
    const qty = t.steps * spec.step;
    const buyerMaker = o.side === 'SELL';
    this.history.addPublicTrade({
      id: t.tradeId,
      symbol: spec.symbol,
      price: rec.price,
      qty: rec.qty,
      priceNum: price,
      qtyNum: qty,
      buyerMaker,
      time: now,
    });
    let set = this.tradeCandles.get(spec.symbol);
    if (set === undefined) this.tradeCandles.set(spec.symbol, (set = new CandleSet()));
    const before = new Map<string, Candle | undefined>();
    for (const [name, s] of set.series) before.set(name, s.candles[s.candles.length - 1]);
    set.add(now, price, qty, !buyerMaker, t.tradeId);
    const sink = this.sink;
    if (sink === undefined) return;
    const lower = spec.symbol.toLowerCase();
    const aggName = `${lower}@aggtrade`;
    if (sink.listening(aggName, 'market'))
      sink.publish(
        aggName,
        {
          e: 'aggTrade',
          E: now,
          a: t.tradeId,
          s: spec.symbol,
          p: rec.price,
          q: rec.qty,
          f: t.tradeId,
          l: t.tradeId,
          T: now,
          m: buyerMaker,
        },
        'market',
      );
    for (const [name, s] of set.series) {
      const stream = `${lower}@kline_${name}`;
      if (!sink.listening(stream, 'market')) continue;
      const prev = before.get(name);
      const cur = s.candles[s.candles.length - 1]!;
      if (prev !== undefined && prev !== cur)
        sink.publish(stream, klineEvent(spec.symbol, name, prev, true, now, spec.tickDec, spec.stepDec), 'market');
      sink.publish(stream, klineEvent(spec.symbol, name, cur, false, now, spec.tickDec, spec.stepDec), 'market');
    }
  }
}

/** The kline interval names (`<sym>@kline_<i>`, GET klines' `interval`). */
export const KLINE_NAMES = Object.keys(KLINE_INTERVALS);
