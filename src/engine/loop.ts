/**
 * The loop skeleton shared by every strategy (strategy-loops.md §1).
 *
 * Invariants:
 * - Stagger: one sleep of uniform(0, interval_s) before the first iteration, so a fleet booting at
 *   once does not burst the backend.
 * - Cadence: after every iteration, sleep max(min_delay_s, interval_s ± jitter_s) (uniform jitter),
 *   so accounts never lock onto the same wall-clock slot.
 * - A failed iteration never kills the loop. An exchange or transport error (ExchangeError) emits
 *   `iteration_error` and counts one API error on the account's breaker (spec §1). Anything else
 *   (bad market data, a bug) is not an API error: it emits `loop_fault` and counts nothing here;
 *   the world decides what a fault means (sim: the run stops; live: logged as an error, counted on
 *   the breaker). An iteration that ran to completion records a success (which closes a half-open
 *   breaker); a skipped one records nothing, only hands back a half-open probe.
 * - Before the strategy step: skip while the breaker is open (`breaker_skip`), then skip while the
 *   feed is stale or has no mid (`stale_skip`). Applies to all roles (design.md §3).
 * - `run()` never rejects and returns promptly once the signal aborts: clock.sleep resolves early on
 *   abort, the signal is checked after every await, and a strategy step stops issuing exchange
 *   calls once it sees the abort (so nothing is placed after shutdown begins).
 * - Randomness is the task's own child stream (`rng.split(taskName)` by the builder): stagger,
 *   jitter and the taker's side choice never depend on another task's draws.
 * - No timers, clock reads or allocation beyond the events the step emits on the per-iteration path.
 */
import type { CircuitBreaker } from './circuit-breaker.js';
import type { LoopTiming, StrategyConfig } from './config.js';
import { ExchangeError } from './errors.js';
import type { EventSink } from './events.js';
import type { LoopTask } from './fleet-types.js';
import type { OrderFormatter, ClientOrderIds } from './order-fields.js';
import type { Clock, Exchange, PriceFeed, Rng } from './ports.js';
import { uniform } from './rng.js';
import type { Role } from './roster.js';
import type { Side } from './types.js';
import type { OrderView, PositionView } from './views.js';

/** Everything one strategy task needs; built by the fleet builder (or a test). */
export interface LoopDeps {
  /** `role[id,SYMBOLNAME]`. */
  name: string;
  accountId: string;
  /** Exchange symbol (BTCUSDT). */
  symbol: string;
  exchange: Exchange;
  feed: PriceFeed;
  clock: Clock;
  /** This task's own stream (already split by task name). */
  rng: Rng;
  events: EventSink;
  breaker: CircuitBreaker;
  config: StrategyConfig;
  format: OrderFormatter;
  ids: ClientOrderIds;
  /** Order quantity for this task (config.qty[layer][symbol]), before snapping. */
  qty: number;
}

/** An AbortSignal that never aborts, for calling iterateOnce() outside run(). */
const NEVER: AbortSignal = new AbortController().signal;

export abstract class StrategyLoop implements LoopTask {
  abstract readonly role: Role;
  readonly name: string;
  readonly accountId: string;
  readonly symbol: string;

  protected readonly exchange: Exchange;
  protected readonly feed: PriceFeed;
  protected readonly clock: Clock;
  protected readonly rng: Rng;
  protected readonly events: EventSink;
  readonly breaker: CircuitBreaker;
  protected readonly config: StrategyConfig;
  protected readonly format: OrderFormatter;
  protected readonly ids: ClientOrderIds;
  /** Snapped quantity, as sent and as a number (for the gate). */
  protected readonly qtyStr: string;
  protected readonly qtyNum: number;
  protected readonly cap: number;
  protected readonly gateOn: boolean;

  private readonly maxFeedAgeMs: number;
  /** The signal of the current run (NEVER outside run); steps check it after every await. */
  protected signal: AbortSignal = NEVER;

  /** Iterations that ran the strategy step to completion. */
  iterations = 0;
  /** Iterations that threw. */
  failures = 0;

  // Scratch fields written by readPosition(); fields instead of a returned object keep the hot path
  // allocation-free.
  protected posAmt = 0;
  protected mark = 0;

  constructor(deps: LoopDeps) {
    this.name = deps.name;
    this.accountId = deps.accountId;
    this.symbol = deps.symbol;
    this.exchange = deps.exchange;
    this.feed = deps.feed;
    this.clock = deps.clock;
    this.rng = deps.rng;
    this.events = deps.events;
    this.breaker = deps.breaker;
    this.config = deps.config;
    this.format = deps.format;
    this.ids = deps.ids;
    this.qtyStr = deps.format.qty(deps.qty);
    this.qtyNum = Number(this.qtyStr);
    this.cap = deps.config.risk.max_notional_usdc;
    this.gateOn = deps.config.risk.position_gate;
    this.maxFeedAgeMs = deps.config.feed.max_feed_age_s * 1000;
  }

  /** This role's cadence (interval, jitter, floor). */
  protected abstract get timing(): LoopTiming;

  /** The strategy's iterate_once body after the shared checks; `mid` is the feed's mid at entry. */
  protected abstract step(mid: number): Promise<void>;

  /** Run until `signal` aborts. Never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    this.signal = signal;
    try {
      const t = this.timing;
      if (signal.aborted) return;
      await this.clock.sleep(uniform(this.rng, 0, t.interval_s) * 1000, signal);
      while (!signal.aborted) {
        let ran = false;
        try {
          ran = await this.iterateOnce();
        } catch (e) {
          this.failures++;
          const message = e instanceof Error ? e.message : String(e);
          if (e instanceof ExchangeError) {
            this.events.emit({
              type: 'iteration_error',
              task: this.name,
              account: this.accountId,
              symbol: this.symbol,
              code: e.code,
              message,
            });
            this.breaker.recordApiError();
          } else {
            this.events.emit({
              type: 'loop_fault',
              task: this.name,
              account: this.accountId,
              symbol: this.symbol,
              error: e,
              message,
            });
          }
        }
        if (ran) this.breaker.recordSuccess();
        if (signal.aborted) break;
        const delay = t.interval_s + (this.rng.next() * 2 - 1) * t.jitter_s;
        await this.clock.sleep(Math.max(delay, t.min_delay_s) * 1000, signal);
      }
    } catch {
      // Only a misbehaving port (a rejecting sleep, a throwing event sink) gets here; the contract
      // is that run() never rejects, so the task simply ends.
    } finally {
      this.signal = NEVER;
    }
  }

  /**
   * One iteration: the shared skips, then the strategy step. Returns true when the step ran to
   * completion, false when skipped or aborted midway. Throws whatever the step throws (run() turns
   * an ExchangeError into iteration_error + one API error, anything else into loop_fault).
   */
  async iterateOnce(): Promise<boolean> {
    if (this.breaker.isOpen()) {
      this.events.emit({ type: 'breaker_skip', task: this.name, account: this.accountId, symbol: this.symbol });
      return false;
    }
    const ageMs = this.feed.ageMs(this.symbol);
    const mid = this.feed.mid(this.symbol);
    if (mid === undefined || ageMs > this.maxFeedAgeMs || !(mid > 0)) {
      this.breaker.recordSkip();
      this.events.emit({ type: 'stale_skip', task: this.name, account: this.accountId, symbol: this.symbol, ageMs });
      return false;
    }
    await this.step(mid);
    if (this.signal.aborted) {
      this.breaker.recordSkip();
      return false;
    }
    this.iterations++;
    return true;
  }

  // ---- helpers shared by the strategies -------------------------------------------------------

  /** Read this symbol's signed position and mark into posAmt/mark (mark falls back to mid). */
  protected readPosition(rows: PositionView[], mid: number): void {
    let amt = 0;
    let mark = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (r.symbol !== this.symbol) continue;
      amt += r.positionAmt; // hedge mode would give LONG and SHORT rows: net them
      if (r.markPrice > 0) mark = r.markPrice;
    }
    this.posAmt = amt;
    this.mark = mark > 0 ? mark : mid;
  }

  /** |position after a fill of qty on `side`| × mark, the gate's measure (spec §2.2, §3.2). */
  protected wouldBeNotional(side: Side): number {
    const wouldBe = this.posAmt + (side === 'BUY' ? this.qtyNum : -this.qtyNum);
    return Math.abs(wouldBe * this.mark);
  }

  protected emitGateSkip(side: Side, wouldBeNotional: number): void {
    this.events.emit({
      type: 'gate_skip',
      task: this.name,
      account: this.accountId,
      symbol: this.symbol,
      side,
      wouldBeNotional,
    });
  }

  /** Cancel one order by id and emit order_cancelled (and gate_cancel for the gate). */
  protected async cancel(order: OrderView, reason: 'drift' | 'gate' | 'taker_previous', detail?: 'duplicate'): Promise<void> {
    await this.exchange.cancelOrder(this.symbol, { orderId: order.orderId });
    if (reason === 'gate') {
      this.events.emit({
        type: 'gate_cancel',
        task: this.name,
        account: this.accountId,
        symbol: this.symbol,
        side: order.side,
        orderId: order.orderId,
      });
    }
    if (detail === undefined) {
      this.events.emit({
        type: 'order_cancelled',
        task: this.name,
        account: this.accountId,
        symbol: this.symbol,
        orderId: order.orderId,
        reason,
      });
    } else {
      this.events.emit({
        type: 'order_cancelled',
        task: this.name,
        account: this.accountId,
        symbol: this.symbol,
        orderId: order.orderId,
        reason,
        detail,
      });
    }
  }

  /** Snap and place a LIMIT order; emit order_placed. */
  protected async place(side: Side, targetPrice: number, timeInForce: 'GTC' | 'GTX'): Promise<void> {
    const price = this.format.price(targetPrice, side);
    const qty = this.qtyStr;
    const row = await this.exchange.placeOrder({
      symbol: this.symbol,
      side,
      type: 'LIMIT',
      quantity: qty,
      price,
      timeInForce,
      newClientOrderId: this.ids.next(),
    });
    this.events.emit({
      type: 'order_placed',
      task: this.name,
      account: this.accountId,
      symbol: this.symbol,
      side,
      price,
      qty,
      orderId: row.orderId,
    });
  }
}
