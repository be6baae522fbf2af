/**
 * One account's Exchange in the simulator: the engine's port, joined to the exchange core by
 * latency-delayed legs on the scheduler (the hftbacktest shape).
 *
 * Each call: draw the request leg → at arrival time the fault model decides, and the core applies
 * the request at that virtual time (so requests from different accounts interleave by arrival) →
 * draw the response leg → the caller's promise settles at arrival + response leg. A `timeout`
 * fault settles it with a TIMEOUT error after `timeoutMs` instead. Only ExchangeErrors are
 * answers: any other error thrown while applying a request propagates out of the scheduler event.
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { Exchange, Rng } from '../engine/ports.js';
import type { BalanceRow, ExchangeInfo, NewOrderRequest, OrderRef, OrderRow, PositionRiskRow } from '../engine/types.js';
import type { SimExchangeCore } from '../sim-exchange/exchange-core.js';
import type { FaultModel } from './faults.js';
import type { LatencyModel } from './latency.js';
import type { Scheduler } from './scheduler.js';

export class SimAccountExchange implements Exchange {
  constructor(
    private readonly core: SimExchangeCore,
    private readonly sched: Scheduler,
    private readonly account: string,
    private readonly latency: LatencyModel,
    private readonly faults: FaultModel,
    private readonly faultRng: Rng,
    private readonly timeoutMs: number,
  ) {}

  exchangeInfo(): Promise<ExchangeInfo> {
    return this.call((t) => this.core.exchangeInfo(t));
  }
  balance(): Promise<BalanceRow[]> {
    return this.call((t) => this.core.balance(this.account, t));
  }
  positionRisk(symbol?: string): Promise<PositionRiskRow[]> {
    return this.call((t) => this.core.positionRisk(this.account, t, symbol));
  }
  openOrders(symbol: string): Promise<OrderRow[]> {
    return this.call((t) => this.core.openOrders(this.account, t, symbol));
  }
  placeOrder(order: NewOrderRequest): Promise<OrderRow> {
    return this.call((t) => this.core.placeOrder(this.account, t, order));
  }
  cancelOrder(symbol: string, ref: OrderRef): Promise<OrderRow> {
    return this.call((t) => this.core.cancelOrder(this.account, t, symbol, ref));
  }
  cancelAll(symbol: string): Promise<void> {
    return this.call((t) => {
      this.core.cancelAll(this.account, t, symbol);
    });
  }
  setLeverage(symbol: string, leverage: number): Promise<void> {
    return this.call((t) => {
      this.core.setLeverage(this.account, t, symbol, leverage);
    });
  }

  private call<T>(apply: (t: number) => T): Promise<T> {
    const sched = this.sched;
    return new Promise<T>((resolve, reject) => {
      const sent = sched.now();
      const arrival = sent + this.latency.leg(sent, this.faults.extraLatencyMs(sent));
      sched.at(arrival, () => {
        const disposition = this.faults.disposition(arrival, this.faultRng);
        if (disposition === 'timeout') {
          sched.resumeAt(sent + this.timeoutMs, () => reject(new ExchangeError(ErrorCode.TIMEOUT, 'Request timed out', 0, true)));
          return;
        }
        let ok = false;
        let value: T | undefined;
        let error: unknown;
        if (disposition === '5xx') {
          error = serviceUnavailable();
        } else {
          try {
            value = apply(arrival);
            ok = disposition === 'ok';
            if (!ok) error = serviceUnavailable();
          } catch (e) {
            // Only the venue's answers go back to the caller; anything else (a tape error met
            // reading the mark, a bug) is not a rejection: it ends the run from this event.
            if (!(e instanceof ExchangeError)) throw e;
            error = e;
          }
        }
        const back = arrival + this.latency.leg(arrival, this.faults.extraLatencyMs(arrival));
        sched.resumeAt(back, ok ? () => resolve(value as T) : () => reject(error));
      });
    });
  }
}

function serviceUnavailable(): ExchangeError {
  return new ExchangeError(ErrorCode.SERVER_ERROR, 'Service Unavailable.', 503, true);
}
