/**
 * A bookTicker update as the Binance websocket sends it (numbers Binance sends as strings stay
 * strings), plus the local receive time: what the live feed hands out and the recorder writes.
 */
/** One bookTicker update, fields as Binance sends them. */
export interface BookTick {
  symbol: string;
  updateId: number;
  bid: string;
  bidQty: string;
  ask: string;
  askQty: string;
  /** `T`, ms. */
  transactionTime: number;
  /** `E`, ms. */
  eventTime: number;
  /** Local receive time, ms. */
  receivedAt: number;
}
