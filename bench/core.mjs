// Exchange core vs nodejs-order-book on one seeded 1 M-operation place/cancel stream
// (bench/core-stream.mjs). First both books replay a shorter copy of the stream with checks: the
// quantity each placement fills and the final depth per price level must be identical. Then each
// replays the full stream (bench/rows/core.mjs times them). Library only: `npm run bench -- core`.
import { OrderBook } from 'nodejs-order-book';
import { SimExchangeCore, defaultSimExchangeConfig } from '../dist/sim-exchange/exchange-core.js';

const ACCOUNTS = 16;
const RULES = { BTCUSDT: { symbol: 'BTCUSDT', tickSize: '0.1', stepSize: '0.001', minQty: '0.001', minNotional: '5' } };

/** Our core on its numeric path (placeOrderNumeric: ticks and steps, as the peer takes them), requests built before any timing starts. */
export function oursOf(ops) {
  const cfg = {
    ...defaultSimExchangeConfig(RULES),
    walletUsdc: 1e12,
    leverage: 100,
    stp: 'NONE',
    limits: { weightPerMinute: 1e15, ordersPer10s: 1e15, ordersPerMinute: 1e15 },
  };
  let filled = 0;
  const core = new SimExchangeCore(
    cfg,
    () => 10_000,
    (f) => {
      filled += f.qty;
    },
  );
  const accts = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    accts.push(`a${i}`);
    core.addAccount(`a${i}`);
  }
  const reqs = ops.map((o) =>
    o.kind === 0
      ? {
          symbol: 'BTCUSDT',
          side: o.buy ? 'BUY' : 'SELL',
          type: 'LIMIT',
          tif: 'GTC',
          priceTicks: o.ticks,
          qtySteps: o.steps,
        }
      : undefined,
  );
  // Stream id → our order id and account (dense arrays: the bench's own bookkeeping stays cheap).
  const ids = new Array(ops.length + 1).fill(0);
  const acctOf = new Array(ops.length + 1).fill('');
  return {
    core,
    run(check) {
      const out = check ? [] : undefined;
      for (let i = 0; i < ops.length; i++) {
        const o = ops[i];
        const now = i;
        if (o.kind === 0) {
          const a = accts[o.id % ACCOUNTS];
          filled = 0;
          const row = core.placeOrderNumeric(a, now, reqs[i]);
          ids[o.id] = row.id;
          acctOf[o.id] = a;
          if (out) out.push(Math.round(filled * 1000));
        } else {
          try {
            core.cancelOrderNumeric(acctOf[o.id], now, 'BTCUSDT', { orderId: ids[o.id] });
            if (out) out.push(-1);
          } catch {
            if (out) out.push(-2);
          }
        }
      }
      return out;
    },
    depth() {
      const d = core.bookDepth('BTCUSDT', 1e9);
      return {
        bids: d.bids.map(([p, q]) => [Math.round(p * 10), Math.round(q * 1000)]),
        asks: d.asks.map(([p, q]) => [Math.round(p * 10), Math.round(q * 1000)]),
      };
    },
  };
}

export function peerOf(ops) {
  const ob = new OrderBook();
  return {
    run(check) {
      const out = check ? [] : undefined;
      for (let i = 0; i < ops.length; i++) {
        const o = ops[i];
        if (o.kind === 0) {
          const r = ob.limit({ id: String(o.id), side: o.buy ? 'buy' : 'sell', size: o.steps, price: o.ticks });
          if (out) out.push(o.steps - r.quantityLeft);
        } else {
          const r = ob.cancel(String(o.id));
          if (out) out.push(r === undefined ? -2 : -1);
        }
      }
      return out;
    },
    depth() {
      const [asks, bids] = ob.depth();
      return {
        bids: bids.map(([p, q]) => [p, q]).sort((x, y) => y[0] - x[0]),
        asks: asks.map(([p, q]) => [p, q]).sort((x, y) => x[0] - y[0]),
      };
    },
  };
}

/** Same fills: the steps each placement filled (cancels: -1 done, -2 unknown) and the final depth. */
export function sameFills(ops) {
  const a = oursOf(ops);
  const b = peerOf(ops);
  const ra = a.run(true);
  const rb = b.run(true);
  const i = ra.findIndex((x, k) => x !== rb[k]);
  if (i >= 0) return `operation ${i}: core filled ${ra[i]}, nodejs-order-book ${rb[i]}`;
  if (JSON.stringify(a.depth()) !== JSON.stringify(b.depth())) return 'final depth differs';
  return { fills: ra.filter((x) => x > 0).length, filledSteps: ra.reduce((s, x) => s + Math.max(x, 0), 0) };
}
