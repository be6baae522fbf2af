/**
 * fixed-format.ts promises toFixed's exact output without calling it: checked here against
 * toFixed itself on random money values, exact and near ties, tick and step counts, and the edges
 * (negatives, zero, magnitudes past the exact range, non-finite input).
 */
import { describe, expect, it } from 'vitest';
import {
  fixedOfCount,
  fixedOfInt,
  mantissaOf,
  round8Value,
  toFixed8,
  valueOfCount,
} from '../../src/sim-exchange/fixed-format.js';
import { seededUniform as rnd } from './helpers.js';

function mismatches8(xs: number[]): string[] {
  const bad: string[] = [];
  for (const x of xs) {
    if (toFixed8(x) !== x.toFixed(8)) bad.push(`${x}: ${toFixed8(x)} vs ${x.toFixed(8)}`);
    if (!Object.is(round8Value(x), Number(x.toFixed(8)))) bad.push(`value ${x}: ${round8Value(x)} vs ${Number(x.toFixed(8))}`);
  }
  return bad.slice(0, 5);
}

describe('toFixed8', () => {
  it('matches toFixed(8) on random money values of every magnitude, both signs', () => {
    const r = rnd(1);
    const xs: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const mag = 10 ** (Math.floor(r() * 16) - 8);
      xs.push((r() - 0.5) * 2 * mag);
    }
    expect(mismatches8(xs)).toEqual([]);
  });

  it('matches toFixed(8) on exact and near ties (k + 0.5) / 1e8 and their neighbours', () => {
    const r = rnd(2);
    const xs: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const k = Math.floor(r() * 4e15);
      const x = (k + 0.5) / 1e8;
      xs.push(x, -x, nextUp(x), nextDown(x), k / 1e8, nextUp(k / 1e8), nextDown(k / 1e8));
    }
    // Ties that are exact in binary: multiples of 2^-n with a 5 in the 9th decimal.
    for (let k = 0; k < 20_000; k++) xs.push(k / 2 ** 20, -k / 2 ** 27, k + 0.000000005, k * 1.000000005);
    expect(mismatches8(xs)).toEqual([]);
  });

  it('matches toFixed(8) at the edges: zero, tiny, huge, non-finite', () => {
    const xs = [0, -0, 5e-9, -5e-9, 4.9999999e-9, 1e-300, -1e-300, 4.4999999e7, 4.5e7, 4.5000001e7, 1e12, -1e12, 1e21, 1e22];
    expect(mismatches8(xs)).toEqual([]);
    expect(toFixed8(Number.NaN)).toBe(Number.NaN.toFixed(8));
    expect(toFixed8(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY.toFixed(8));
  });
});

describe('tick and step counts', () => {
  const sizes = ['0.1', '0.01', '0.001', '0.5', '0.25', '1', '5', '0.00001', '0.3', '0.0000001'];
  it.each(sizes)('count × %s prints and parses as toFixed does', (str) => {
    const size = Number(str);
    const dec = str.includes('.') ? str.split('.')[1]!.replace(/0+$/, '').length : 0;
    const k = mantissaOf(size, dec);
    expect(k).toBeDefined();
    const r = rnd(dec + 7);
    const bad: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const count = Math.floor((r() - 0.3) * 10 ** Math.floor(r() * 16));
      const want = (count * size).toFixed(dec);
      const got = fixedOfCount(count, size, k, dec);
      if (got !== want) bad.push(`${count}: ${got} vs ${want}`);
      if (!Object.is(valueOfCount(count, size, k, dec), Number(want))) bad.push(`value ${count}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('falls back to toFixed for sizes it cannot hold as an integer mantissa', () => {
    expect(mantissaOf(0.1, 11)).toBeUndefined();
    expect(mantissaOf(0, 1)).toBeUndefined();
    expect(fixedOfCount(3, 0.1, undefined, 1)).toBe((3 * 0.1).toFixed(1));
    expect(fixedOfInt(-1234, 3)).toBe('-1.234');
    expect(fixedOfInt(5, 4)).toBe('0.0005');
  });
});

function nextUp(x: number): number {
  const b = new Float64Array([x]);
  const u = new BigInt64Array(b.buffer);
  u[0] = x >= 0 ? u[0]! + 1n : u[0]! - 1n;
  return b[0]!;
}
function nextDown(x: number): number {
  return -nextUp(-x);
}
