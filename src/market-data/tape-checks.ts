/**
 * What every tape row must satisfy, whatever its format (the readers call these on each tick):
 * - prices finite and > 0, and small enough for the venue (≤ MAX_PRICE, the PRICE_FILTER maxPrice
 *   the simulated exchange advertises); quantities finite and ≥ 0;
 * - a book that is neither crossed (bid > ask) nor locked (bid = ask);
 * - a time in milliseconds since the epoch, between 2000 and 2100. Times in seconds, microseconds
 *   or nanoseconds are recognised by their magnitude and named as such.
 * Each check returns the problem as "what is wrong; what was expected", or undefined when fine.
 */
import type { Tick } from './tick-source.js';

/** The PRICE_FILTER maxPrice of the simulated venue (sim-exchange/shapes.ts). */
export const MAX_PRICE = 10_000_000;
const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);

const UNITS: Array<[number, string]> = [
  [1e-3, 'seconds'],
  [1e3, 'microseconds'],
  [1e6, 'nanoseconds'],
];

/** Problem with a tick time (ms since the epoch), if any. */
export function timeProblem(t: number): string | undefined {
  if (t >= MIN_MS && t < MAX_MS) return undefined;
  if (!Number.isFinite(t)) return 'the time is not a number; expected milliseconds since the epoch';
  for (const [k, unit] of UNITS) {
    if (t >= MIN_MS * k && t < MAX_MS * k)
      return `time ${t} looks like ${unit} since the epoch (${new Date(t / k).toISOString()}); expected milliseconds`;
  }
  return `time ${t} is not a time in milliseconds since the epoch (expected 2000-01-01 to 2100-01-01, e.g. 1721347202812)`;
}

/** Problem with a tick's book (prices, quantities, crossed or locked), if any. */
export function bookProblem(t: Tick): string | undefined {
  const { bid, ask } = t;
  if (!(bid > 0 && bid <= MAX_PRICE) || !(ask > 0 && ask <= MAX_PRICE))
    return `bid ${bid} / ask ${ask}: expected prices > 0 and ≤ ${MAX_PRICE}`;
  if (bid > ask) return `crossed book (bid ${bid} > ask ${ask}); expected bid < ask`;
  if (bid === ask) return `locked book (bid = ask = ${bid}); expected bid < ask`;
  if (!(t.bidQty >= 0 && t.bidQty < Infinity) || !(t.askQty >= 0 && t.askQty < Infinity))
    return `quantities ${t.bidQty} / ${t.askQty}: expected finite numbers ≥ 0`;
  return undefined;
}

/**
 * True when a tick with these prices and time passes every check above (quantities apart): the
 * readers' fast paths take a row only when this holds, and leave the message to the checks.
 */
export function tickFine(bid: number, ask: number, t: number): boolean {
  return bid > 0 && ask <= MAX_PRICE && bid < ask && t >= MIN_MS && t < MAX_MS;
}

/** Problem with a tick (book, then time), if any. */
export function tickProblem(t: Tick): string | undefined {
  return bookProblem(t) ?? timeProblem(t.t);
}
