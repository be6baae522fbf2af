/** What the error codes in a report mean, in a few words each (Binance USD-M codes plus the sim's transport codes). */
export const CODE_MEANING: Readonly<Record<string, string>> = {
  '0': 'error without a code',
  '-1000': 'unknown error',
  '-1003': 'too many requests (weight limit)',
  '-1015': 'too many orders (order-rate limit)',
  '-1021': 'timestamp outside recvWindow',
  '-1022': 'invalid signature',
  '-1102': 'mandatory parameter missing',
  '-1111': 'precision over the maximum',
  '-1121': 'invalid symbol',
  '-2010': 'margin is insufficient (order refused)',
  '-2011': 'cancel rejected: the order was already filled or gone',
  '-2013': 'order does not exist',
  '-2015': 'invalid API key',
  '-2022': 'reduce-only order rejected',
  '-4014': 'price not a multiple of the tick size',
  '-4023': 'quantity not a multiple of the step size',
  '-4116': 'duplicate clientOrderId',
  '-4164': 'notional below the minimum',
  '-5022': 'post-only order would have taken',
  '-5000': 'HTTP 5xx from the exchange (outcome unknown)',
  '-5001': 'request timed out (outcome unknown)',
};

export const codeMeaning = (code: string): string => CODE_MEANING[code] ?? 'see exchange-api notes';
