/**
 * The numeric order path's request and its validation (exchange-core.ts placeOrderNumeric): an
 * order in ticks and steps, checked with the codes, in the order, of validateOrder (filters.ts) for
 * everything numbers can get wrong. No parsing, so no -1100 / -1102 for malformed decimals; a
 * non-integer tick or step count is off the tick or step (-4014 / -4023); the checks after whole
 * ticks and steps (min qty, notional bounds) are filters.ts checkLimits itself.
 */
import { ErrorCode, ExchangeError } from '../engine/errors.js';
import type { OrderType, Side, StpMode, TimeInForce } from '../engine/types.js';
import { checkLimits, mandatory, type CompiledSymbol, type ValidOrder } from './filters.js';

/** A new order in numbers (the in-process path: no strings to parse); price 0 for MARKET. */
export interface NumericOrder {
  symbol: string;
  side: Side;
  type: OrderType;
  /** LIMIT only; MARKET orders are GTC. */
  tif?: TimeInForce;
  priceTicks: number;
  qtySteps: number;
  newClientOrderId?: string;
  reduceOnly?: boolean;
  selfTradePreventionMode?: StpMode;
}

/**
 * Validate a numeric order as validateOrder validates a Binance request, with the same codes in the
 * same order for everything numbers can get wrong (no parsing, so no -1100 / -1102 for malformed
 * decimals; a non-integer tick or step count is off the tick or step, -4014 / -4023).
 *
 * The answer is written into `into` when given (the caller's scratch, reused request after request:
 * this path allocates nothing per order but the order record; nothing keeps a ValidOrder past the
 * placement it feeds, which reads it before matching calls out).
 */
export function validateNumericOrder(
  specs: ReadonlyMap<string, CompiledSymbol>,
  req: NumericOrder,
  markPrice: (symbol: string) => number,
  into?: ValidOrder,
): ValidOrder {
  if (!req.symbol) throw mandatory('symbol');
  if (req.side !== 'BUY' && req.side !== 'SELL') throw mandatory('side');
  if (req.type !== 'LIMIT' && req.type !== 'MARKET') throw mandatory('type');
  let tif: TimeInForce = 'GTC';
  if (req.type === 'LIMIT') {
    if (req.tif === undefined) throw mandatory('timeInForce');
    tif = req.tif;
    if (tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK' && tif !== 'GTX')
      throw new ExchangeError(ErrorCode.INVALID_TIME_IN_FORCE, 'Invalid timeInForce.');
  }
  const spec = specs.get(req.symbol);
  if (spec === undefined) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');
  const priceTicks = req.type === 'LIMIT' ? req.priceTicks : 0;
  if (req.type === 'LIMIT') {
    if (!(priceTicks > 0)) throw new ExchangeError(ErrorCode.PRICE_NOT_POSITIVE, 'Price less than 0.');
    if (!Number.isSafeInteger(priceTicks)) {
      if (Number.isInteger(priceTicks) || !Number.isFinite(priceTicks))
        throw new ExchangeError(ErrorCode.PRICE_ABOVE_MAX, 'Price greater than max price.');
      throw new ExchangeError(ErrorCode.PRICE_TICK, 'Price not increased by tick size.');
    }
  }
  const qtySteps = req.qtySteps;
  if (!(qtySteps > 0)) throw new ExchangeError(ErrorCode.QTY_NOT_POSITIVE, 'Quantity less than or equal to zero.');
  if (!Number.isSafeInteger(qtySteps)) {
    if (Number.isInteger(qtySteps) || !Number.isFinite(qtySteps))
      throw new ExchangeError(ErrorCode.QTY_ABOVE_MAX, 'Quantity greater than max quantity.');
    throw new ExchangeError(ErrorCode.QTY_STEP, 'Qty not increased by step size.');
  }
  const reduceOnly = req.reduceOnly === true;
  const stp = req.selfTradePreventionMode;
  if (into === undefined)
    return checkLimits({ spec, side: req.side, type: req.type, tif, priceTicks, qtySteps, reduceOnly, stp }, markPrice);
  into.spec = spec;
  into.side = req.side;
  into.type = req.type;
  into.tif = tif;
  into.priceTicks = priceTicks;
  into.qtySteps = qtySteps;
  into.reduceOnly = reduceOnly;
  into.stp = stp;
  return checkLimits(into, markPrice);
}
