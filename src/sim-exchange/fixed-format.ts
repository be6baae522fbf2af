/**
 * Fixed-decimal formatting without Number.prototype.toFixed, which costs 150-300 ns a call and was
 * the largest single item of a simulated day (every balance, position and order reply formats
 * several numbers).
 *
 * Rule: every function here returns exactly what toFixed would (byte for byte), or the number
 * Number(toFixed(...)) would give; where it cannot be sure (magnitudes beyond the exact range
 * below, non-finite input) it calls toFixed itself. test/sim-exchange/fixed-format.test.ts checks
 * this against toFixed on random values, exact ties and the edges.
 *
 * How: toFixed(d) picks the integer n with n / 10^d closest to x's exact value (the larger on a
 * tie). For an integer count of ticks or steps that is plain integer arithmetic (count × the
 * tick's integer mantissa). For any other float (money, 8 decimals) the product x × 10^8 is
 * computed exactly as hi + lo (Dekker's two-product), so the tie and near-tie cases round as
 * toFixed rounds them; that is exact while |x| × 10^8 < 2^52.
 */

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000', '000000000', '0000000000'];

/** Decimals up to which the integer paths run (beyond: toFixed). */
const MAX_DEC = 10;

/**
 * The decimal string of the integer `n` / 10^dec with exactly `dec` decimals (toFixed's shape:
 * "-" for negatives, no exponent). `n` must be a safe integer and dec ≤ 10.
 */
export function fixedOfInt(n: number, dec: number): string {
  if (dec === 0) return String(n);
  let neg = false;
  if (n < 0) {
    neg = true;
    n = -n;
  }
  const p = POW10[dec]!;
  const ip = Math.floor(n / p);
  const fp = n - ip * p;
  const fs = String(fp);
  const s = `${ip}.${ZEROS[dec - fs.length]}${fs}`;
  return neg ? `-${s}` : s;
}

/**
 * A tick or step size as an integer mantissa `k` and decimals `dec` (0.1 → 1, 1; 0.25 → 25, 2;
 * 5 → 5, 0), so count × size = count × k / 10^dec exactly. Undefined when the size has more than
 * 10 decimals or is not such a number.
 */
export function mantissaOf(size: number, dec: number): number | undefined {
  if (!(size > 0) || dec > MAX_DEC || !Number.isInteger(dec) || dec < 0) return undefined;
  const k = Math.round(size * POW10[dec]!);
  if (!(k > 0) || Math.abs(k / POW10[dec]! - size) > size * 1e-12) return undefined;
  return k;
}

/**
 * Below this |count × k|, the float count × size lies within 0.5 × 10^-dec of count × k / 10^dec
 * (relative error ≤ 2.3e-16), so toFixed(dec) prints exactly that decimal.
 */
const EXACT_COUNT = 1e15;

/** count × k when the integer paths are exact for it, else NaN. */
function scaled(count: number, k: number | undefined): number {
  if (k === undefined || !Number.isInteger(count)) return Number.NaN;
  const n = count * k;
  return n < EXACT_COUNT && n > -EXACT_COUNT ? n : Number.NaN;
}

/** (count × size).toFixed(dec), for an integer count, given size's mantissa `k` (mantissaOf). */
export function fixedOfCount(count: number, size: number, k: number | undefined, dec: number): string {
  const n = scaled(count, k);
  if (Number.isNaN(n)) return (count * size).toFixed(dec);
  return fixedOfInt(n, dec);
}

/** Number((count × size).toFixed(dec)), for an integer count (mantissaOf gives `k`). */
export function valueOfCount(count: number, size: number, k: number | undefined, dec: number): number {
  const n = scaled(count, k);
  if (Number.isNaN(n)) return Number((count * size).toFixed(dec));
  // n and 10^dec are exact doubles, so the quotient is the double nearest n / 10^dec: the same
  // double the decimal string parses to.
  return dec === 0 ? n : n / POW10[dec]!;
}

// Dekker's split of 1e8 (Veltkamp, factor 2^27 + 1): 1e8 = E8_HI + E8_LO, each with ≤ 26 bits.
const SPLIT = 134217729;
const E8 = 1e8;
const E8_C = SPLIT * E8;
const E8_HI = E8_C - (E8_C - E8);
const E8_LO = E8 - E8_HI;
/** Below this |x|, |x| × 1e8 < 2^52: the product's fraction bits reach 0.5 and the rounding below is exact. */
const EXACT8 = 4.5e7;

/**
 * The integer n = round(|x| × 10^8) with toFixed(8)'s rule (the nearest, the larger on a tie),
 * for finite |x| < EXACT8; NaN outside that range.
 */
export function round8(x: number): number {
  const a = Math.abs(x);
  if (!(a < EXACT8)) return Number.NaN;
  const p = a * E8;
  // p + e = a × 1e8 exactly (two-product with a split of a).
  const c = SPLIT * a;
  const aHi = c - (c - a);
  const aLo = a - aHi;
  const e = aHi * E8_HI - p + aHi * E8_LO + aLo * E8_HI + aLo * E8_LO;
  let n = Math.floor(p);
  // p − n is exact and a multiple of ulp(p) ≤ 0.5, as is 0.5, so unless p − n is exactly 0.5 the
  // tiny e (|e| ≤ ulp(p) / 2) cannot move the product across the half; on exactly 0.5 its sign
  // decides, and e = 0 is a true tie (the larger n).
  const d = p - n;
  if (d > 0.5 || (d === 0.5 && e >= 0)) n += 1;
  return n;
}

/** x.toFixed(8). */
export function toFixed8(x: number): string {
  const n = round8(x);
  if (Number.isNaN(n)) return x.toFixed(8);
  const s = fixedOfInt(n, 8);
  return x < 0 ? `-${s}` : s;
}

/** Number(x.toFixed(8)). */
export function round8Value(x: number): number {
  const n = round8(x);
  if (Number.isNaN(n)) return Number(x.toFixed(8));
  const v = n / E8;
  return x < 0 ? -v : v;
}
