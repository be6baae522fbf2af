/**
 * One account's Exchange in the simulator: the engine's port, joined to the exchange core by
 * latency-delayed legs on the scheduler (the hftbacktest shape). Answers are the core's numeric
 * views (sim-exchange/engine-views.ts): the Binance strings exist only at the HTTP edge (serve).
 *
 * Each call: draw the request leg → at arrival time the fault model decides, and the core applies
 * the request at that virtual time (so requests from different accounts interleave by arrival) →
 * draw the response leg → the caller's promise settles at arrival + response leg. A `timeout`
 * fault settles it with a TIMEOUT error after `timeoutMs` instead. Only ExchangeErrors are
 * answers: any other error thrown while applying a request propagates out of the scheduler event.
 *
 * Cost: a round trip is one object (Trip), queued on the scheduler twice (request arrival, answer
 * arrival), plus the promise the caller awaits (made with a static executor); no closure per call. The order of latency draws,
 * fault draws and scheduled events is exactly that of the plain two-closure form.
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { Exchange, Rng } from '../engine/ports.js';
import type { ExchangeInfo, NewOrderRequest, OrderRef } from '../engine/types.js';
import type { BalanceView, OrderView, PositionView } from '../engine/views.js';
import { orderView } from '../sim-exchange/engine-views.js';
import type { SimExchangeCore } from '../sim-exchange/exchange-core.js';
import type { FaultModel } from './faults.js';
import type { LatencyModel } from './latency.js';
import type { Scheduler, SimEvent } from './scheduler.js';

/** A static promise executor (no closure per call): leaves the settlers in captured*. */
let capturedResolve: ((v: unknown) => void) | undefined;
let capturedReject: ((e: unknown) => void) | undefined;
function captureSettlers(resolve: (v: never) => void, reject: (e: unknown) => void): void {
  capturedResolve = resolve as (v: unknown) => void;
  capturedReject = reject;
}

/** Which core method a round trip applies. */
enum Op {
  ExchangeInfo,
  Balance,
  PositionRisk,
  OpenOrders,
  PlaceOrder,
  CancelOrder,
  CancelAll,
  SetLeverage,
}

export class SimAccountExchange implements Exchange {
  constructor(
    readonly core: SimExchangeCore,
    readonly sched: Scheduler,
    readonly account: string,
    readonly latency: LatencyModel,
    readonly faults: FaultModel,
    readonly faultRng: Rng,
    readonly timeoutMs: number,
  ) {}

  exchangeInfo(): Promise<ExchangeInfo> {
    return this.call(Op.ExchangeInfo, undefined, undefined);
  }
  balance(): Promise<BalanceView[]> {
    return this.call(Op.Balance, undefined, undefined);
  }
  positionRisk(symbol?: string): Promise<PositionView[]> {
    return this.call(Op.PositionRisk, symbol, undefined);
  }
  openOrders(symbol: string): Promise<OrderView[]> {
    return this.call(Op.OpenOrders, symbol, undefined);
  }
  placeOrder(order: NewOrderRequest): Promise<OrderView> {
    return this.call(Op.PlaceOrder, order, undefined);
  }
  cancelOrder(symbol: string, ref: OrderRef): Promise<OrderView> {
    return this.call(Op.CancelOrder, symbol, ref);
  }
  cancelAll(symbol: string): Promise<void> {
    return this.call(Op.CancelAll, symbol, undefined);
  }
  setLeverage(symbol: string, leverage: number): Promise<void> {
    return this.call(Op.SetLeverage, symbol, leverage);
  }

  private call<T>(op: Op, a: unknown, b: unknown): Promise<T> {
    const answer = new Promise<T>(captureSettlers);
    const sent = this.sched.now();
    const trip = new Trip(this, op, a, b, sent, capturedResolve!, capturedReject!);
    this.sched.schedule(trip, sent + this.latency.leg(sent, this.faults.extraLatencyMs(sent)), false);
    return answer;
  }

  /** The core's answer to `op` at virtual time `t` (throws what the core throws). */
  apply(op: Op, a: unknown, b: unknown, t: number): unknown {
    const core = this.core;
    switch (op) {
      case Op.ExchangeInfo:
        return core.exchangeInfo(t);
      case Op.Balance:
        return core.balanceView(this.account, t);
      case Op.PositionRisk:
        return core.positionView(this.account, t, a as string | undefined);
      case Op.OpenOrders:
        return core.openOrdersView(this.account, t, a as string);
      case Op.PlaceOrder:
        return orderView(core.placeOrderRecord(this.account, t, a as NewOrderRequest));
      case Op.CancelOrder:
        return orderView(core.cancelOrderNumeric(this.account, t, a as string, b as OrderRef));
      case Op.CancelAll:
        core.cancelAll(this.account, t, a as string);
        return undefined;
      case Op.SetLeverage:
        core.setLeverage(this.account, t, a as string, b as number);
        return undefined;
    }
  }
}

/** Where a round trip is: the request on its way, or the answer (or a timeout) on its way back. */
enum Phase {
  Request,
  Resolve,
  Reject,
}

/** One round trip, the scheduler event of both its legs. */
class Trip implements SimEvent {
  t = 0;
  seq = 0;
  resumes = false;
  private phase = Phase.Request;
  private value: unknown;

  constructor(
    private readonly c: SimAccountExchange,
    private readonly op: Op,
    private readonly a: unknown,
    private readonly b: unknown,
    private readonly sent: number,
    private readonly resolve: (v: unknown) => void,
    private readonly reject: (e: unknown) => void,
  ) {}

  fire(): void {
    if (this.phase === Phase.Resolve) this.resolve(this.value);
    else if (this.phase === Phase.Reject) this.reject(this.value);
    else this.arrive();
  }

  /** At the exchange: the fault model decides, the core applies, the answer leg is drawn. */
  private arrive(): void {
    const c = this.c;
    const arrival = this.t;
    const disposition = c.faults.disposition(arrival, c.faultRng);
    if (disposition === 'timeout') {
      this.phase = Phase.Reject;
      this.value = new ExchangeError(ErrorCode.TIMEOUT, 'Request timed out', 0, true);
      c.sched.schedule(this, this.sent + c.timeoutMs, true);
      return;
    }
    let ok = false;
    if (disposition === '5xx') {
      this.value = serviceUnavailable();
    } else {
      try {
        this.value = c.apply(this.op, this.a, this.b, arrival);
        ok = disposition === 'ok';
        if (!ok) this.value = serviceUnavailable();
      } catch (e) {
        // Only the venue's answers go back to the caller; anything else (a tape error met
        // reading the mark, a bug) is not a rejection: it ends the run from this event.
        if (!(e instanceof ExchangeError)) throw e;
        this.value = e;
      }
    }
    this.phase = ok ? Phase.Resolve : Phase.Reject;
    c.sched.schedule(this, arrival + c.latency.leg(arrival, c.faults.extraLatencyMs(arrival)), true);
  }
}

function serviceUnavailable(): ExchangeError {
  return new ExchangeError(ErrorCode.SERVER_ERROR, 'Service Unavailable.', 503, true);
}
