/**
 * The one error type that crosses the Exchange boundary, whatever the world (sim or live).
 * `code` is the Binance/Rocky error code (-2010, -5022, ...); transport failures use the codes below.
 * It is an answer, not a fault: it carries no stack trace (capturing one cost more than the rest of
 * a rejected request in the simulated venue); `stack` is the one line `ExchangeError: code: msg`.
 */
export class ExchangeError extends Error {
  readonly code: number;
  readonly httpStatus: number;
  /** True when the request may or may not have taken effect (5xx, timeout): look the order up before acting again. */
  readonly unknownOutcome: boolean;
  /** Wait the exchange asked for with a 429/418 (Retry-After), ms, where the transport read one. */
  retryAfterMs?: number;

  constructor(code: number, msg: string, httpStatus = 400, unknownOutcome = false) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`${code}: ${msg}`);
    Error.stackTraceLimit = limit;
    this.name = 'ExchangeError';
    this.code = code;
    this.httpStatus = httpStatus;
    this.unknownOutcome = unknownOutcome;
  }
}

/**
 * Every Binance/Rocky error code the bot, the sim venue and the paper server use, by name
 * (exchange-api.md §3), plus transport pseudo-codes for timeouts and 5xx. Code that raises or
 * checks a code names it from here; no code is written as a bare number.
 */
export const ErrorCode = {
  UNKNOWN: -1000,
  TOO_MANY_REQUESTS: -1003,
  /** "Server is currently overloaded / throttled by system-level protection": not processed. */
  SERVER_BUSY: -1008,
  TOO_MANY_ORDERS: -1015,
  INVALID_TIMESTAMP: -1021,
  INVALID_SIGNATURE: -1022,
  ILLEGAL_CHARS: -1100,
  MANDATORY_PARAM: -1102,
  BAD_PRECISION: -1111,
  INVALID_TIME_IN_FORCE: -1115,
  INVALID_ORDER_TYPE: -1116,
  INVALID_SIDE: -1117,
  /** "Invalid interval." (klines). */
  INVALID_INTERVAL: -1120,
  INVALID_SYMBOL: -1121,
  /** "This listenKey does not exist." */
  INVALID_LISTEN_KEY: -1125,
  /** "Data sent for parameter '%s' is not valid." */
  INVALID_PARAMETER: -1130,
  INVALID_RECV_WINDOW: -1131,
  INSUFFICIENT_BALANCE: -2010,
  CANCEL_REJECTED: -2011,
  NO_SUCH_ORDER: -2013,
  API_KEY_FORMAT: -2014,
  INVALID_API_KEY: -2015,
  REDUCE_ONLY_REJECT: -2022,
  /** "Exceeded the maximum allowable position at current leverage." (the venue's notional bound). */
  MAX_POSITION_EXCEEDED: -2027,
  PRICE_NOT_POSITIVE: -4001,
  PRICE_ABOVE_MAX: -4002,
  QTY_NOT_POSITIVE: -4003,
  QTY_BELOW_MIN: -4004,
  QTY_ABOVE_MAX: -4005,
  PRICE_TICK: -4014,
  QTY_STEP: -4023,
  INVALID_LEVERAGE: -4028,
  /** "No need to change margin type." (ccxt reads it as "already set"). */
  NO_NEED_TO_CHANGE_MARGIN_TYPE: -4046,
  /** "No need to change position side." */
  NO_NEED_TO_CHANGE_POSITION_SIDE: -4059,
  POSITION_SIDE_MISMATCH: -4061,
  DUPLICATED_CLIENT_ORDER_ID: -4116,
  MIN_NOTIONAL: -4164,
  GTX_REJECT: -5022,
  /** "Multi-Assets mode is already set" (the mode asked for is the current one). */
  MULTI_ASSETS_UNCHANGED: -4171,
  /** HTTP 404/405 "Path %s, Method %s is invalid": Binance's answer to an unknown endpoint (same number as SERVER_ERROR, another meaning). */
  PATH_INVALID: -5000,
  /** Transport: HTTP 5xx (outcome unknown). */
  SERVER_ERROR: -5000,
  /** Transport: request timed out (outcome unknown). */
  TIMEOUT: -5001,
} as const;
