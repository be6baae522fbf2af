// Measures the figures the synthetic calm-regime defaults are calibrated on, from the real tapes in
// ../shared/data/binance (not part of the repository). Run after `npm run build`:
//   node bench/ticks-calibrate.mjs [dir=../shared/data/binance]
// Method: the two files of a symbol are read as one session (concatenated); the mid is sampled
// every k seconds (last mid at or before each sample time; samples inside the 2.4 s midnight gap
// reuse the last mid) and realised variance = Σ r² / elapsed days, so vol per sqrt-day = sqrt of
// that. Update rate = rows / elapsed seconds; BBO-change rate counts rows whose best bid or ask
// price changed; spread in ticks = (ask − bid) / tick.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BookTickerCsvSource } from '../dist/market-data/bookticker-csv.js';
import { ConcatSource } from '../dist/market-data/transform.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? path.join(here, '..', '..', 'shared', 'data', 'binance'));
const DAY = 86_400_000;
const median = (a) => {
  const s = Float64Array.from(a).sort();
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function measure(files, tick) {
  const src = new ConcatSource(files.map((f) => () => new BookTickerCsvSource(path.join(dir, f))));
  const ticks = [];
  for (let t = src.next(); t; t = src.next()) ticks.push(t);
  const t0 = ticks[0].t;
  const t1 = ticks.at(-1).t;
  const secs = (t1 - t0) / 1000;
  let bbo = 0;
  for (let i = 1; i < ticks.length; i++) if (ticks[i].bid !== ticks[i - 1].bid || ticks[i].ask !== ticks[i - 1].ask) bbo++;
  const vol = (stepMs) => {
    let j = 0;
    let prev;
    let ss = 0;
    for (let s = t0; s <= t1; s += stepMs) {
      while (j + 1 < ticks.length && ticks[j + 1].t <= s) j++;
      const m = (ticks[j].bid + ticks[j].ask) / 2;
      if (prev !== undefined) ss += Math.log(m / prev) ** 2;
      prev = m;
    }
    return Math.sqrt(ss / ((t1 - t0) / DAY)) * 100;
  };
  const mid = (t) => (t.bid + t.ask) / 2;
  return {
    rows: ticks.length,
    seconds: +secs.toFixed(1),
    updates_per_s: +(ticks.length / secs).toFixed(1),
    bbo_changes_per_s: +(bbo / secs).toFixed(2),
    median_spread_ticks: median(ticks.map((t) => Math.round((t.ask - t.bid) / tick))),
    one_tick_share: +(ticks.filter((t) => Math.round((t.ask - t.bid) / tick) === 1).length / ticks.length).toFixed(3),
    vol_pct_per_sqrt_day_1s: +vol(1000).toFixed(2),
    vol_pct_per_sqrt_day_10s: +vol(10_000).toFixed(2),
    vol_pct_per_sqrt_day_60s: +vol(60_000).toFixed(2),
    median_qty: +median(ticks.flatMap((t) => [t.bidQty, t.askQty])).toFixed(3),
    first_mid: mid(ticks[0]),
    last_mid: mid(ticks.at(-1)),
  };
}

for (const [sym, tick] of [
  ['BTCUSDT', 0.1],
  ['ETHUSDT', 0.01],
]) {
  for (const files of [
    [`${sym}-bookTicker-20240718.csv`],
    [`${sym}-bookTicker-20240719.csv`],
    [`${sym}-bookTicker-20240718.csv`, `${sym}-bookTicker-20240719.csv`],
  ]) {
    console.log(sym, files.map((f) => f.slice(-12, -4)).join('+'), JSON.stringify(measure(files, tick)));
  }
}
