/**
 * `sim --events DIR`: the run's events as four CSV files, streamed in flat memory (csv-file.ts) and
 * renamed into place when the run ends (or removed if it is interrupted). Columns (docs/report.md):
 *
 *   fills.csv      time_ms,elapsed_s,symbol,maker,maker_layer,taker,taker_layer,taker_side,price,qty,
 *                  mid,distance_bps,maker_fee_usdc,taker_fee_usdc,maker_order_id,taker_order_id
 *   orders.csv     time_ms,elapsed_s,event,account,layer,symbol,side,price,qty,order_id,code,reason
 *   positions.csv  time_ms,elapsed_s,account,layer,symbol,position,mark,notional_usdc,gated
 *   breaker.csv    time_ms,elapsed_s,account,from,to,reason
 *
 * time_ms is virtual epoch milliseconds (to 0.001 ms: the sim's latencies are fractional), elapsed_s
 * seconds since the run start. Outside
 * accounts (external flow) have layer "external". Empty cells mean "does not apply".
 */
import path from 'node:path';
import type { EngineEvent } from '../engine/events.js';
import type { Fill } from '../sim-exchange/exchange-core.js';
import { CsvFile, quote } from './csv-file.js';

export const FILE_NAMES = ['fills.csv', 'orders.csv', 'positions.csv', 'breaker.csv'] as const;

const POW = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
const num = (x: number | undefined, dp: number): string =>
  x === undefined || !Number.isFinite(x) ? '' : String(Math.round(x * POW[dp]!) / POW[dp]!);

/** The engine events orders.csv and breaker.csv hold. */
export const EXPORTED_EVENTS: ReadonlySet<EngineEvent['type']> = new Set([
  'order_placed',
  'order_cancelled',
  'iteration_error',
  'breaker_transition',
]);

export class EventExport {
  private readonly fills: CsvFile;
  private readonly orders: CsvFile;
  private readonly positions: CsvFile;
  private readonly breaker: CsvFile;
  private done = false;

  constructor(
    readonly dir: string,
    private readonly startMs: number,
  ) {
    this.fills = new CsvFile(path.join(dir, 'fills.csv'), [
      'time_ms',
      'elapsed_s',
      'symbol',
      'maker',
      'maker_layer',
      'taker',
      'taker_layer',
      'taker_side',
      'price',
      'qty',
      'mid',
      'distance_bps',
      'maker_fee_usdc',
      'taker_fee_usdc',
      'maker_order_id',
      'taker_order_id',
    ]);
    this.orders = new CsvFile(path.join(dir, 'orders.csv'), [
      'time_ms',
      'elapsed_s',
      'event',
      'account',
      'layer',
      'symbol',
      'side',
      'price',
      'qty',
      'order_id',
      'code',
      'reason',
    ]);
    this.positions = new CsvFile(path.join(dir, 'positions.csv'), [
      'time_ms',
      'elapsed_s',
      'account',
      'layer',
      'symbol',
      'position',
      'mark',
      'notional_usdc',
      'gated',
    ]);
    this.breaker = new CsvFile(path.join(dir, 'breaker.csv'), ['time_ms', 'elapsed_s', 'account', 'from', 'to', 'reason']);
  }

  private t(ms: number): string {
    return `${num(ms, 3)},${num((ms - this.startMs) / 1000, 3)}`;
  }

  fill(f: Fill, makerLayer: string, takerLayer: string, mid: number | undefined, bps: number | undefined): void {
    this.fills.row(
      `${this.t(f.t)},${f.symbol},${f.makerAccount},${makerLayer},${f.takerAccount},${takerLayer},${f.takerSide},` +
        `${f.price},${f.qty},${num(mid, 6)},${num(bps, 4)},${num(f.makerFee, 8)},${num(f.takerFee, 8)},${f.makerOrderId},${f.takerOrderId}`,
    );
  }

  event(e: EngineEvent, ms: number, layer: string): void {
    switch (e.type) {
      case 'order_placed':
        this.orders.row(`${this.t(ms)},placed,${e.account},${layer},${e.symbol},${e.side},${e.price},${e.qty},${e.orderId},,`);
        break;
      case 'order_cancelled':
        this.orders.row(
          `${this.t(ms)},cancelled,${e.account},${layer},${e.symbol},,,,${e.orderId},,${e.reason}${e.detail ? `/${e.detail}` : ''}`,
        );
        break;
      case 'iteration_error':
        this.orders.row(`${this.t(ms)},rejected,${e.account},${layer},${e.symbol},,,,,${e.code ?? ''},${quote(e.message)}`);
        break;
      case 'breaker_transition':
        this.breaker.row(`${this.t(ms)},${e.account},${e.from},${e.to},${quote(e.reason)}`);
        break;
      default:
        break;
    }
  }

  position(ms: number, account: string, layer: string, symbol: string, amt: number, mark: number, gated: boolean): void {
    this.positions.row(
      `${this.t(ms)},${account},${layer},${symbol},${num(amt, 8)},${num(mark, 6)},${num(amt * mark, 2)},${gated ? 1 : 0}`,
    );
  }

  /** Rename every file into place. */
  commit(): void {
    if (this.done) return;
    this.done = true;
    for (const f of [this.fills, this.orders, this.positions, this.breaker]) f.commit();
  }

  /** Remove every temp file (interrupted or failed run). */
  discard(): void {
    if (this.done) return;
    this.done = true;
    for (const f of [this.fills, this.orders, this.positions, this.breaker]) f.discard();
  }
}
