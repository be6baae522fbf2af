/**
 * Counters and gauges for the live run, rendered as Prometheus text on an optional node:http
 * endpoint (`--metrics-port`). Fed by engine events (it is an EventSink) and by the instrumented
 * exchange wrapper (API calls, rejections, fills visible in order replies, position notional read
 * from positionRisk replies the loops already make).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EngineEvent, EventSink } from '../engine/events.js';
import { ExchangeError } from '../engine/errors.js';
import type { Exchange } from '../engine/ports.js';
import type { NewOrderRequest, OrderRef } from '../engine/types.js';
import type { OrderView } from '../engine/views.js';

type Labels = Record<string, string>;

/** Characters a label value must escape in the text exposition format. */
const NEEDS_ESCAPE = /[\\"\n]/;

function escapeLabel(v: unknown): string {
  const s = String(v);
  // Every API call counts a metric: test first, so the usual value (an id, a code) costs no replace.
  return NEEDS_ESCAPE.test(s) ? s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : s;
}

function key(name: string, labels: Labels): string {
  const l = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeLabel(labels[k])}"`)
    .join(',');
  return l ? `${name}{${l}}` : name;
}

const HELP: Record<string, [string, 'counter' | 'gauge']> = {
  rocky_orders_placed_total: ['Orders accepted by the exchange', 'counter'],
  rocky_orders_cancelled_total: ['Orders cancelled by the loops', 'counter'],
  rocky_fills_total: ['Fills seen in order replies (immediate taker fills, partially filled cancels)', 'counter'],
  rocky_rejections_total: ['Failed exchange calls by error code', 'counter'],
  rocky_api_calls_total: ['Exchange calls by method', 'counter'],
  rocky_gate_skips_total: ['Placements skipped by the position-cap gate', 'counter'],
  rocky_stale_skips_total: ['Iterations skipped because the feed was stale', 'counter'],
  rocky_breaker_skips_total: ['Iterations skipped because the breaker was open', 'counter'],
  rocky_breaker_transitions_total: ['Circuit-breaker transitions', 'counter'],
  rocky_breaker_state: ['Circuit-breaker state (0 closed, 1 half-open, 2 open)', 'gauge'],
  rocky_position_notional_usdc: ['Signed position notional per account and symbol (from positionRisk)', 'gauge'],
  rocky_feed_age_seconds: ['Seconds since the last bookTicker update', 'gauge'],
  rocky_dry_run_orders_total: ['Orders a dry run would have sent', 'counter'],
  rocky_stream_fills_total: ['Fills reported by the user-data stream (ORDER_TRADE_UPDATE TRADE)', 'counter'],
  rocky_stream_fees_total: ['Fees of those fills, in their commission asset (negative: rebates)', 'counter'],
};

export class Metrics implements EventSink {
  private readonly values = new Map<string, { name: string; labels: Labels; value: number }>();
  private readonly collectors: Array<() => void> = [];

  inc(name: string, labels: Labels = {}, by = 1): void {
    const k = key(name, labels);
    const v = this.values.get(k);
    if (v) v.value += by;
    else this.values.set(k, { name, labels, value: by });
  }

  set(name: string, labels: Labels, value: number): void {
    this.values.set(key(name, labels), { name, labels, value });
  }

  get(name: string, labels: Labels = {}): number {
    return this.values.get(key(name, labels))?.value ?? 0;
  }

  /** Sum of a metric over all label sets matching `filter`. */
  sum(name: string, filter: Labels = {}): number {
    let s = 0;
    for (const v of this.values.values()) {
      if (v.name !== name) continue;
      if (Object.entries(filter).every(([k, x]) => v.labels[k] === x)) s += v.value;
    }
    return s;
  }

  series(name: string): Array<{ labels: Labels; value: number }> {
    return [...this.values.values()].filter((v) => v.name === name).map(({ labels, value }) => ({ labels, value }));
  }

  /** Run before each render (e.g. to sample feed age). */
  addCollector(fn: () => void): void {
    this.collectors.push(fn);
  }

  emit(e: EngineEvent): void {
    switch (e.type) {
      case 'order_placed':
        this.inc('rocky_orders_placed_total', { account: e.account, symbol: e.symbol, side: e.side });
        break;
      case 'order_cancelled':
        this.inc('rocky_orders_cancelled_total', { account: e.account, symbol: e.symbol, reason: e.reason });
        break;
      case 'gate_skip':
        this.inc('rocky_gate_skips_total', { account: e.account, symbol: e.symbol });
        break;
      case 'stale_skip':
        this.inc('rocky_stale_skips_total', { symbol: e.symbol });
        break;
      case 'breaker_skip':
        this.inc('rocky_breaker_skips_total', { account: e.account });
        break;
      case 'breaker_transition':
        this.inc('rocky_breaker_transitions_total', { account: e.account, to: e.to });
        this.set('rocky_breaker_state', { account: e.account }, e.to === 'closed' ? 0 : e.to === 'half-open' ? 1 : 2);
        break;
      default:
        break;
    }
  }

  render(): string {
    for (const c of this.collectors) c();
    const byName = new Map<string, string[]>();
    for (const v of this.values.values()) {
      const l = byName.get(v.name) ?? [];
      l.push(`${key(v.name, v.labels)} ${Number.isFinite(v.value) ? v.value : 'NaN'}`);
      byName.set(v.name, l);
    }
    const out: string[] = [];
    for (const [name, lines] of [...byName.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const h = HELP[name];
      if (h) out.push(`# HELP ${name} ${h[0]}`, `# TYPE ${name} ${h[1]}`);
      out.push(...lines.sort());
    }
    return `${out.join('\n')}\n`;
  }

  /** Serve GET /metrics on host:port (port 0 = any). Resolves with the bound port. */
  async serve(port: number, host = '127.0.0.1'): Promise<{ port: number; close: () => Promise<void> }> {
    const server = http.createServer((req, res) => {
      if (req.method === 'GET' && (req.url === '/metrics' || req.url === '/')) {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(this.render());
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return {
      port: (server.address() as AddressInfo).port,
      close: () =>
        new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
    };
  }
}

/** Wraps one account's Exchange to count calls, rejections by code, fills and position notional. */
export class InstrumentedExchange implements Exchange {
  constructor(
    private readonly inner: Exchange,
    private readonly account: string,
    private readonly metrics: Metrics,
  ) {}

  private async call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    this.metrics.inc('rocky_api_calls_total', { method });
    try {
      return await fn();
    } catch (e) {
      const code = e instanceof ExchangeError ? String(e.code) : 'other';
      this.metrics.inc('rocky_rejections_total', { code, method });
      throw e;
    }
  }

  private noteFill(row: OrderView): void {
    if (row.executedQty > 0) {
      this.metrics.inc('rocky_fills_total', { account: this.account, symbol: row.symbol, side: row.side });
    }
  }

  exchangeInfo() {
    return this.call('exchangeInfo', () => this.inner.exchangeInfo());
  }
  balance() {
    return this.call('balance', () => this.inner.balance());
  }
  async positionRisk(symbol?: string) {
    const rows = await this.call('positionRisk', () => this.inner.positionRisk(symbol));
    for (const r of rows) {
      if (Number.isFinite(r.notional))
        this.metrics.set('rocky_position_notional_usdc', { account: this.account, symbol: r.symbol }, r.notional);
    }
    return rows;
  }
  openOrders(symbol: string) {
    return this.call('openOrders', () => this.inner.openOrders(symbol));
  }
  async placeOrder(order: NewOrderRequest) {
    const row = await this.call('placeOrder', () => this.inner.placeOrder(order));
    this.noteFill(row);
    return row;
  }
  async cancelOrder(symbol: string, ref: OrderRef) {
    const row = await this.call('cancelOrder', () => this.inner.cancelOrder(symbol, ref));
    this.noteFill(row);
    return row;
  }
  cancelAll(symbol: string) {
    return this.call('cancelAll', () => this.inner.cancelAll(symbol));
  }
  setLeverage(symbol: string, leverage: number) {
    return this.call('setLeverage', () => this.inner.setLeverage(symbol, leverage));
  }
}
