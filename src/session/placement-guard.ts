/**
 * The stop flag at an Exchange's door: once the flag is up, placeOrder is refused without being
 * sent (a known failure, as the live client does itself); every other call goes through, so the
 * graceful stop can still cancel and read back. For clients that do not check the flag themselves
 * (the sim client).
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { Exchange } from '../engine/ports.js';
import type { NewOrderRequest } from '../engine/types.js';
import type { OrderView } from '../engine/views.js';
import type { StopFlag } from './stop-flag.js';

export function guardPlacements(inner: Exchange, stop: StopFlag): Exchange {
  return {
    exchangeInfo: () => inner.exchangeInfo(),
    balance: () => inner.balance(),
    positionRisk: (symbol) => inner.positionRisk(symbol),
    openOrders: (symbol) => inner.openOrders(symbol),
    placeOrder: (order: NewOrderRequest): Promise<OrderView> =>
      stop.stopping
        ? Promise.reject(new ExchangeError(ErrorCode.UNKNOWN, 'shutting down: placement refused (not sent)', 0, false))
        : inner.placeOrder(order),
    cancelOrder: (symbol, ref) => inner.cancelOrder(symbol, ref),
    cancelAll: (symbol) => inner.cancelAll(symbol),
    setLeverage: (symbol, leverage) => inner.setLeverage(symbol, leverage),
  };
}
