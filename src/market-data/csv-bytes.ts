/**
 * Bytes to numbers for CSV rows of plain decimals, in place (no string, no field array): the fast
 * path of the bookTicker reader (bookticker-csv.ts).
 *
 * Rule: a field is taken only in the form tape-source.ts `parseNum` computes exactly (digits with
 * at most one '.', at least one digit, up to 15 significant digits: mantissa / 10^k, correctly
 * rounded, so the value equals `Number()` of the text and parseNum's). Any other byte, field or
 * line shape (signs, exponents, spaces, quotes, empty fields, a terminator other than \n or
 * \r\n, more than `max` fields) makes the row "not fast" and the caller decodes the line and
 * parses it as text, which gives the same tick or the row's error message.
 */

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/** Longest field taken in place; longer ones (never in these tapes) go the text way. */
const MAX_FIELD = 40;

/** The row does not have the plain-decimal shape: parse it as text. */
export const NOT_FAST = -1;
/** The row runs past the bytes read so far: read more and retry. */
export const NEED_MORE = -2;

/**
 * Parses the row at b[p] (bytes up to `len` valid) into out[0..n-1], n ≤ max fields, n in out[max].
 * Returns the index of the row's \n, NOT_FAST or NEED_MORE.
 */
export function scanDecimalRow(b: Uint8Array, p: number, len: number, out: Float64Array, max: number): number {
  let f = 0;
  for (;;) {
    const start = p;
    let m = 0;
    let digits = 0;
    let scale = 0;
    let dot = false;
    let c = 0;
    for (;;) {
      if (p >= len) return NEED_MORE;
      c = b[p]!;
      if (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        if (dot) scale++;
        if (m > 0) digits++;
      } else if (c === 46 && !dot) {
        dot = true;
      } else break;
      if (++p - start > MAX_FIELD) return NOT_FAST;
    }
    const w = p - start;
    if (w === 0 || digits > 15 || (dot && w === 1)) return NOT_FAST;
    out[f++] = scale === 0 ? m : m / POW10[scale]!;
    if (c === 44) {
      if (f >= max) return NOT_FAST;
      p++;
      continue;
    }
    out[max] = f;
    if (c === 10) return p;
    if (c !== 13) return NOT_FAST;
    if (p + 1 >= len) return NEED_MORE;
    return b[p + 1] === 10 ? p + 1 : NOT_FAST;
  }
}
