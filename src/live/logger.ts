/**
 * Structured logs: one JSON object per line on stdout (journald-friendly), every line passed
 * through the Redactor so no key or secret can be written. The logger is the live EventSink.
 */
import type { EngineEvent, EventSink } from '../engine/events.js';
import { Redactor } from '../config/keys.js';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface LoggerOptions {
  write?: (line: string) => void;
  redactor?: Redactor;
  now?: () => number;
  /** Skip events (`stale_skip`, `breaker_skip`) are logged at most once per task per this window. */
  skipLogWindowMs?: number;
}

const EVENT_LEVEL: Record<EngineEvent['type'], Level> = {
  iteration_error: 'warn',
  loop_fault: 'error',
  gate_skip: 'info',
  gate_cancel: 'info',
  order_placed: 'info',
  order_cancelled: 'info',
  breaker_skip: 'info',
  stale_skip: 'warn',
  breaker_transition: 'warn',
  taker_force_reduce: 'info',
};

export class JsonLogger implements EventSink {
  private readonly write: (line: string) => void;
  readonly redactor: Redactor;
  private readonly now: () => number;
  private readonly skipWindow: number;
  private readonly lastSkip = new Map<string, { at: number; suppressed: number }>();

  constructor(opts: LoggerOptions = {}) {
    this.write = opts.write ?? ((l) => void process.stdout.write(l));
    this.redactor = opts.redactor ?? new Redactor();
    this.now = opts.now ?? (() => Date.now());
    this.skipWindow = opts.skipLogWindowMs ?? 30_000;
  }

  log(level: Level, type: string, fields: Record<string, unknown> = {}): void {
    const ts = new Date(this.now()).toISOString();
    // ts, level and type always come first and cannot be overwritten by a field of the same name.
    const rec: Record<string, unknown> = { ts, level, type };
    for (const [k, v] of Object.entries(fields)) if (!(k in rec)) rec[k] = v;
    const red = this.redactor.redact(rec);
    let line: string;
    try {
      line = JSON.stringify(red, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
    } catch {
      line = JSON.stringify({ ts, level, type, error: 'unserialisable log fields' });
    }
    this.write(`${line}\n`);
  }

  info(type: string, fields?: Record<string, unknown>): void {
    this.log('info', type, fields);
  }
  warn(type: string, fields?: Record<string, unknown>): void {
    this.log('warn', type, fields);
  }
  error(type: string, fields?: Record<string, unknown>): void {
    this.log('error', type, fields);
  }

  emit(event: EngineEvent): void {
    const { type, ...rest } = event;
    if (type === 'stale_skip' || type === 'breaker_skip') {
      const key = `${type}|${(event as { task: string }).task}`;
      const now = this.now();
      const prev = this.lastSkip.get(key);
      if (prev && now - prev.at < this.skipWindow) {
        prev.suppressed++;
        return;
      }
      this.lastSkip.set(key, { at: now, suppressed: 0 });
      this.log(EVENT_LEVEL[type], type, prev && prev.suppressed > 0 ? { ...rest, suppressed: prev.suppressed } : rest);
      return;
    }
    if (event.type === 'loop_fault') {
      // The thrown value itself is not JSON; its kind and message are what a reader needs.
      const { task, account, symbol, message, error } = event;
      this.log('error', type, { task, account, symbol, message, error: error instanceof Error ? error.name : typeof error });
      return;
    }
    this.log(EVENT_LEVEL[type] ?? 'info', type, rest);
  }
}

/** Fan one event out to several sinks (logger, metrics). */
export function fanout(...sinks: EventSink[]): EventSink {
  return {
    emit(e) {
      for (const s of sinks) s.emit(e);
    },
  };
}
