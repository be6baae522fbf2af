// Measuring helpers for bench/rows/*.mjs (protocol: bench/rows/README.md). CPU time, not wall
// time: the machine is shared, and CPU seconds of one process are far steadier than its wall time.

/**
 * @typedef {{ figure: string, value: number, unit: string, reference: string,
 *   ratio: number | null, target: string, met: boolean | null }} Row
 */

/** CPU seconds (user + system) of one call of `fn` (awaited if it returns a promise). */
export async function cpuSeconds(fn) {
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

/** CPU seconds of `n` calls of `fn`, in turn. */
export async function cpuOf(n, fn) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await cpuSeconds(fn));
  return out;
}

/**
 * Interleaved rounds: each round measures every named function once, in the given order, so a
 * neighbour's load on the shared machine hits both sides alike. Returns name → CPU seconds list.
 */
export async function interleaved(rounds, fns) {
  const out = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) for (const [k, fn] of Object.entries(fns)) out[k].push(await cpuSeconds(fn));
  return out;
}

/** Median of a list (the lower middle for an even length). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1];
}
