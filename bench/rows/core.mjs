// Exchange core (SimExchangeCore) against nodejs-order-book on one seeded 1 M-operation
// place/cancel stream (bench/core-stream.mjs), both first checked to give the same fills and the
// same final depth (bench/core.mjs). CPU-s of each full replay (fresh books, inputs built before
// the clock starts), median of three, interleaved.
import { oursOf, peerOf, sameFills } from '../core.mjs';
import { placeCancelStream } from '../core-stream.mjs';
import { cpuSeconds, median } from '../measure.mjs';

export default async function rows({ quick }) {
  const n = quick ? 100_000 : 1_000_000;
  const ops = placeCancelStream(n, 1);
  const same = sameFills(quick ? ops : ops.slice(0, 300_000));
  if (typeof same === 'string') throw new Error(`the two books disagree: ${same}`);
  const t = { ours: [], peer: [] };
  for (let round = 0; round < 3; round++) {
    const a = oursOf(ops);
    t.ours.push(await cpuSeconds(() => a.run(false)));
    const b = peerOf(ops);
    t.peer.push(await cpuSeconds(() => b.run(false)));
  }
  const ours = n / median(t.ours);
  const peer = n / median(t.peer);
  return [
    {
      figure: `exchange core, ${n / 1e6} M place/cancel ops (fills checked equal)`,
      value: ours / 1e3,
      unit: 'k ops/s',
      reference: `nodejs-order-book ${(peer / 1e3).toFixed(0)}k ops/s`,
      ratio: ours / peer,
      target: '≥ 3×',
      met: ours / peer >= 3,
    },
  ];
}
