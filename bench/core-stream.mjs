// A seeded place/cancel stream (about 500 orders resting at any time) for the exchange-core bench (bench/core.mjs) and its equality
// check (sameFills in bench/core.mjs): LIMIT GTC orders of 1-10 steps around a random-walk
// mid, some crossing it (they trade), and cancels of random resting orders.
// Prices are integer ticks; both books see the same stream.

/** mulberry32: a tiny seeded generator, so the stream does not depend on the project's Rng. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` operations: { kind: 0 (place), id, buy, ticks, steps } or { kind: 1 (cancel), id } of an
 * order placed earlier and not yet cancelled by the stream (it may have filled meanwhile: then
 * both books answer "unknown order").
 */
export function placeCancelStream(n, seed = 1) {
  const rnd = mulberry32(seed);
  const ops = [];
  const live = [];
  let mid = 100_000;
  let id = 0;
  for (let i = 0; i < n; i++) {
    if (live.length > 0 && rnd() < (live.length >= 500 ? 0.55 : 0.35)) {
      const k = Math.floor(rnd() * live.length);
      const victim = live[k];
      live[k] = live[live.length - 1];
      live.pop();
      ops.push({ kind: 1, id: victim });
      continue;
    }
    if (rnd() < 0.02) mid += rnd() < 0.5 ? -1 : 1;
    const buy = rnd() < 0.5;
    // Mostly passive (1-30 ticks behind the mid), one in ten crossing up to 3 ticks.
    const off = rnd() < 0.1 ? -Math.floor(rnd() * 4) : 1 + Math.floor(rnd() * 30);
    const ticks = buy ? mid - off : mid + off;
    const steps = 1 + Math.floor(rnd() * 10);
    id++;
    ops.push({ kind: 0, id, buy, ticks, steps });
    live.push(id);
  }
  return ops;
}
