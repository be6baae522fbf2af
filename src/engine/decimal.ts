/**
 * Snapping prices and quantities to tick and step sizes, and formatting them as the exact decimal
 * strings an exchange accepts. Work in integer multiples of the step so no float noise
 * (0.30000000000000004) ever reaches an order.
 */

/** Number of decimals in a step string such as "0.001" → 3, "1" → 0, "1e-8" → 8. */
export function decimalsOf(step: string): number {
  const s = step.toLowerCase();
  if (s.includes('e-')) return Number(s.split('e-')[1]);
  const dot = s.indexOf('.');
  if (dot < 0) return 0;
  return s.slice(dot + 1).replace(/0+$/, '').length;
}

// A value within this many steps of a whole step counts as on the step (absorbs binary float error).
const EPS_STEPS = 1e-7;

/** Round down to a multiple of `step` (as an integer count of steps). */
export function stepsFloor(value: number, step: number): number {
  return Math.floor(value / step + EPS_STEPS);
}

/** Round up to a multiple of `step` (as an integer count of steps). */
export function stepsCeil(value: number, step: number): number {
  return Math.ceil(value / step - EPS_STEPS);
}

/** Round to the nearest multiple of `step` (as an integer count of steps). */
export function stepsRound(value: number, step: number): number {
  return Math.round(value / step);
}

/** Format an integer count of steps as a decimal string with the step's precision. */
export function formatSteps(steps: number, step: string): string {
  return (steps * Number(step)).toFixed(decimalsOf(step));
}

export type Rounding = 'floor' | 'ceil' | 'round';

/** Snap `value` to `step` with the given rounding and format it: snap(64000.123, '0.1', 'floor') → "64000.1". */
export function snap(value: number, step: string, rounding: Rounding): string {
  const s = Number(step);
  const n = rounding === 'floor' ? stepsFloor(value, s) : rounding === 'ceil' ? stepsCeil(value, s) : stepsRound(value, s);
  return formatSteps(n, step);
}

/** True when `value` is a whole multiple of `step` (within float error). */
export function isOnStep(value: number, step: number): boolean {
  const q = value / step;
  return Math.abs(q - Math.round(q)) < 1e-6;
}

/** Decimals needed to print multiples of a numeric tick exactly (0.1 → 1, 0.01 → 2, 1 → 0). */
export function tickDecimals(tickSize: number): number {
  for (let d = 0; d <= 12; d++) {
    const scaled = tickSize * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9) return d;
  }
  return 12;
}
