/**
 * Symbol filters and order-parameter validation, with Binance USD-M error codes
 * (shared/spec/exchange-api.md §2 filter rules, §3 codes), plus the number formatting of a symbol.
 *
 * Invariants:
 * - A validated order carries its price and quantity as integer tick / step counts; a price or
 *   quantity that is not within 1e-6 of a whole tick / step is rejected, never rounded.
 * - Checks run in a fixed order, so the same bad request always gets the same code:
 *   missing/malformed params (-1102, -1115, -1116) → price/quantity not plain decimals (-1100: no
 *   exponent, hex, Infinity or NaN; at most 20 digits each side of the point) → unknown symbol
 *   (-1121) → price ≤ 0 (-4001) → price ÷ tick not a safe integer (-4002) → tick (-4014) →
 *   quantity ≤ 0 (-4003) → quantity ÷ step not a safe integer (-4005) → step (-4023) → minQty
 *   (-4004) → order notional above MAX_ORDER_NOTIONAL_USDC, or ticks × steps not a safe integer
 *   (-2027) → min notional (-4164, skipped for reduce-only orders; MARKET orders are valued at the
 *   mark price for both notional checks).
 * - Bounds: so no request can make a ledger value non-finite or an integer sum inexact, every
 *   accepted order has integer tick and step counts within 2^53 − 1, ticks × steps within 2^53 − 1
 *   (the ledger sums these exactly), and a notional of at most 1,000,000 USDC (the leverage
 *   bracket's cap the venue announces).
 * - Formatting: prices with the tick's decimals, quantities with the step's decimals, USDC amounts
 *   and derived prices (entry, mark, average) with 8 decimals; never "-0.00000000".
 *
 * Known limits: PRICE_FILTER min/max price, maxQty, PERCENT_PRICE and MAX_NUM_ORDERS are not
 * enforced (the scenario's SymbolRules do not carry them); tick alignment is checked from 0, not
 * from minPrice.
 */
import { ExchangeError, ErrorCode } from '../engine/errors.js';
import { decimalsOf } from '../engine/decimal.js';
import type { NewOrderRequest, OrderType, Side, StpMode, SymbolRules, TimeInForce } from '../engine/types.js';
import { ConfigError } from '../config/config-error.js';
import { fixedOfCount, mantissaOf, round8Value, toFixed8, valueOfCount } from './fixed-format.js';

/** A symbol's rules, compiled once into numbers. */
export interface CompiledSymbol {
  readonly symbol: string;
  readonly rules: SymbolRules;
  readonly tick: number;
  readonly step: number;
  readonly tickDec: number;
  readonly stepDec: number;
  readonly minQtySteps: number;
  readonly minNotional: number;
  /** tick × step: the USDC value of one tick·step (notional = ticks × steps × this). */
  readonly unit: number;
  /** Integer mantissas of tick and step (fixed-format.ts mantissaOf), for formatting without toFixed. */
  readonly tickK: number | undefined;
  readonly stepK: number | undefined;
  /** fmtQty of 0 (replies of unfilled orders). */
  readonly zeroQty: string;
}

export function compileSymbol(key: string, rules: SymbolRules): CompiledSymbol {
  const where = `exchange.symbols.${key}`;
  const tick = Number(rules.tickSize);
  const step = Number(rules.stepSize);
  const minQty = Number(rules.minQty);
  const minNotional = Number(rules.minNotional);
  if (!(tick > 0)) throw new ConfigError('', where, `tickSize must be a positive decimal, got "${rules.tickSize}"`);
  if (!(step > 0)) throw new ConfigError('', where, `stepSize must be a positive decimal, got "${rules.stepSize}"`);
  if (!(minQty >= 0)) throw new ConfigError('', where, `minQty must be a decimal ≥ 0, got "${rules.minQty}"`);
  if (!(minNotional >= 0)) throw new ConfigError('', where, `minNotional must be a decimal ≥ 0, got "${rules.minNotional}"`);
  if (rules.symbol !== key) throw new ConfigError('', where, `symbol "${rules.symbol}" differs from its key "${key}"`);
  return {
    symbol: key,
    rules,
    tick,
    step,
    tickDec: decimalsOf(rules.tickSize),
    stepDec: decimalsOf(rules.stepSize),
    minQtySteps: Math.ceil(minQty / step - 1e-7),
    minNotional,
    unit: tick * step,
    tickK: mantissaOf(tick, decimalsOf(rules.tickSize)),
    stepK: mantissaOf(step, decimalsOf(rules.stepSize)),
    zeroQty: (0).toFixed(decimalsOf(rules.stepSize)),
  };
}

/** Price string of `ticks` with the tick's decimals. */
export function fmtPrice(spec: CompiledSymbol, ticks: number): string {
  return fixedOfCount(ticks, spec.tick, spec.tickK, spec.tickDec);
}

/** Quantity string of `steps` with the step's decimals. */
export function fmtQty(spec: CompiledSymbol, steps: number): string {
  return fixedOfCount(steps, spec.step, spec.stepK, spec.stepDec);
}

/** Price of `ticks` as a number, rounded to the tick's decimals (no 80000.10000000001). */
export function priceOf(spec: CompiledSymbol, ticks: number): number {
  return valueOfCount(ticks, spec.tick, spec.tickK, spec.tickDec);
}

/** Quantity of `steps` as a number, rounded to the step's decimals. */
export function qtyOf(spec: CompiledSymbol, steps: number): number {
  return valueOfCount(steps, spec.step, spec.stepK, spec.stepDec);
}

/** USDC amounts and derived prices: 8 decimals, no negative zero. */
export function fmt8(x: number): string {
  if (!Number.isFinite(x) || Math.abs(x) < 5e-9) return '0.00000000';
  return toFixed8(x);
}

/** Number(fmt8(x)), without the string. */
export function value8(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) < 5e-9) return 0;
  return round8Value(x);
}

/** An order request after validation: numbers in ticks and steps. */
export interface ValidOrder {
  spec: CompiledSymbol;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  /** 0 for MARKET. */
  priceTicks: number;
  qtySteps: number;
  reduceOnly: boolean;
  stp: StpMode | undefined;
}

export function mandatory(name: string): ExchangeError {
  return new ExchangeError(
    ErrorCode.MANDATORY_PARAM,
    `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
  );
}

/** Parse a decimal parameter; NaN when absent, empty or not a number. */
function num(s: string | undefined): number {
  if (s === undefined || s === null) return NaN;
  const t = String(s).trim();
  if (t === '') return NaN;
  return Number(t);
}

const ON_STEP_EPS = 1e-6;

/** The largest order notional the venue accepts (the leverage bracket's cap, MAX_NOTIONAL_VALUE in shapes.ts). */
export const MAX_ORDER_NOTIONAL_USDC = 1_000_000;

/** A plain decimal as Binance takes it (an optional minus sign so that negatives get their own code). */
const DECIMAL_RE = /^-?\d{1,20}(\.\d{1,20})?$/;

function plainDecimal(name: 'price' | 'quantity', s: string | undefined): void {
  if (s === undefined || s === null) return;
  if (!DECIMAL_RE.test(String(s).trim()))
    throw new ExchangeError(
      ErrorCode.ILLEGAL_CHARS,
      `Illegal characters found in parameter '${name}'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.`,
    );
}

/**
 * Validate a new-order request against the symbol's filters. `markPrice` values MARKET orders for
 * the min-notional check (NaN skips that check for MARKET orders).
 */
export function validateOrder(
  specs: ReadonlyMap<string, CompiledSymbol>,
  req: NewOrderRequest,
  markPrice: (symbol: string) => number,
): ValidOrder {
  if (!req.symbol) throw mandatory('symbol');
  if (req.side !== 'BUY' && req.side !== 'SELL') throw mandatory('side');
  if ((req.type as string) === 'LIMIT_MAKER') throw new ExchangeError(ErrorCode.INVALID_ORDER_TYPE, 'Invalid orderType.');
  if (req.type !== 'LIMIT' && req.type !== 'MARKET') throw mandatory('type');
  const qty = num(req.quantity);
  if (Number.isNaN(qty)) throw mandatory('quantity');
  let tif: TimeInForce = 'GTC';
  let price = NaN;
  if (req.type === 'LIMIT') {
    if (req.timeInForce === undefined || (req.timeInForce as string) === '') throw mandatory('timeInForce');
    tif = req.timeInForce;
    if (tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK' && tif !== 'GTX')
      throw new ExchangeError(ErrorCode.INVALID_TIME_IN_FORCE, 'Invalid timeInForce.');
    price = num(req.price);
    if (Number.isNaN(price)) throw mandatory('price');
    plainDecimal('price', req.price);
  }
  plainDecimal('quantity', req.quantity);
  const spec = specs.get(req.symbol);
  if (spec === undefined) throw new ExchangeError(ErrorCode.INVALID_SYMBOL, 'Invalid symbol.');

  let priceTicks = 0;
  if (req.type === 'LIMIT') {
    if (!(price > 0) || !Number.isFinite(price)) throw new ExchangeError(ErrorCode.PRICE_NOT_POSITIVE, 'Price less than 0.');
    const q = price / spec.tick;
    priceTicks = Math.round(q);
    if (!Number.isSafeInteger(priceTicks)) throw new ExchangeError(ErrorCode.PRICE_ABOVE_MAX, 'Price greater than max price.');
    if (Math.abs(q - priceTicks) > ON_STEP_EPS)
      throw new ExchangeError(ErrorCode.PRICE_TICK, 'Price not increased by tick size.');
  }
  if (!(qty > 0) || !Number.isFinite(qty))
    throw new ExchangeError(ErrorCode.QTY_NOT_POSITIVE, 'Quantity less than or equal to zero.');
  const qs = qty / spec.step;
  const qtySteps = Math.round(qs);
  if (!Number.isSafeInteger(qtySteps)) throw new ExchangeError(ErrorCode.QTY_ABOVE_MAX, 'Quantity greater than max quantity.');
  if (Math.abs(qs - qtySteps) > ON_STEP_EPS) throw new ExchangeError(ErrorCode.QTY_STEP, 'Qty not increased by step size.');
  const reduceOnly = req.reduceOnly === true || (req.reduceOnly as unknown) === 'true';
  return checkLimits(
    { spec, side: req.side, type: req.type, tif, priceTicks, qtySteps, reduceOnly, stp: req.selfTradePreventionMode },
    markPrice,
  );
}

/** The checks both paths share once price and quantity are whole ticks and steps: min qty, notional bounds. */
export function checkLimits(v: ValidOrder, markPrice: (symbol: string) => number): ValidOrder {
  const spec = v.spec;
  const qtySteps = v.qtySteps;
  if (qtySteps < spec.minQtySteps) throw new ExchangeError(ErrorCode.QTY_BELOW_MIN, 'Quantity less than min quantity.');
  const px = v.type === 'LIMIT' ? v.priceTicks * spec.tick : markPrice(spec.symbol);
  if (
    (Number.isFinite(px) && px * qtySteps * spec.step > MAX_ORDER_NOTIONAL_USDC) ||
    !Number.isSafeInteger(v.priceTicks * qtySteps)
  ) {
    throw new ExchangeError(ErrorCode.MAX_POSITION_EXCEEDED, 'Exceeded the maximum allowable position at current leverage.');
  }
  if (!v.reduceOnly && spec.minNotional > 0) {
    if (Number.isFinite(px) && px * qtySteps * spec.step < spec.minNotional * (1 - 1e-9)) {
      throw new ExchangeError(
        ErrorCode.MIN_NOTIONAL,
        `Order's notional must be no smaller than ${spec.rules.minNotional} (unless you choose reduce only)`,
      );
    }
  }
  return v;
}

const CLIENT_ID_RE = /^[.A-Z:/a-z0-9_-]{1,36}$/;

/** -1100 when a client order id breaks Binance's pattern. */
export function checkClientOrderId(id: string): void {
  if (!CLIENT_ID_RE.test(id)) {
    throw new ExchangeError(
      ErrorCode.ILLEGAL_CHARS,
      "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.",
    );
  }
}
