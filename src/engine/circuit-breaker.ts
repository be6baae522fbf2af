/**
 * Per-account circuit breaker (design.md §3): closed → open → half-open → closed | open.
 *
 * Invariants:
 * - Opens from closed when `error_threshold` API errors fall within `error_window_s` (sliding,
 *   inclusive of the window's edge), or when reported equity is more than `max_drawdown_pct` below
 *   the highest equity seen this session. The peak never resets, so a lasting drawdown keeps the
 *   account parked: each probe that sees it re-opens the breaker with a doubled cooldown.
 * - Stays open for the current cooldown; the first `isOpen()` after it moves to half-open and grants
 *   exactly one probe (returns false once). Every other caller sees "open" until the probe resolves,
 *   because one breaker is shared by all of the account's loops and a half-open breaker must not let
 *   a burst through.
 * - The probe resolves with `recordSuccess()` (→ closed, cooldown back to base), `recordApiError()`
 *   or a drawdown in `updateEquity()` (→ open, cooldown doubled, capped at `max_cooldown_s`), or
 *   `recordSkip()` (the let-through iteration did not run, e.g. stale feed: the probe is handed back
 *   so the next check can take it; otherwise the breaker would stay half-open forever).
 * - Every transition emits one `breaker_transition` event with a reason; `opens` counts entries
 *   into open. The error window is cleared on every transition into open or closed, so errors that
 *   already tripped the breaker cannot trip it again right after it closes.
 * - Time comes only from the injected Clock; no allocation on the non-transition paths.
 */
import type { BreakerConfig } from './config.js';
import type { BreakerState, EventSink } from './events.js';
import type { Clock } from './ports.js';

export class CircuitBreaker {
  private _state: BreakerState = 'closed';
  /** Number of transitions into open. */
  opens = 0;
  /** Number of transitions of any kind. */
  transitions = 0;

  private readonly windowMs: number;
  private readonly baseCooldownMs: number;
  private readonly maxCooldownMs: number;
  private readonly drawdownFactor: number;
  private readonly threshold: number;

  /** Cooldown that the next (or current) open period lasts. */
  private cooldownMs: number;
  private openedAt = 0;
  /** True while a half-open probe has been granted and not yet resolved. */
  private probeOut = false;

  /** Ring buffer of the last `threshold` error timestamps; enough to decide "threshold within window". */
  private readonly errTimes: number[];
  private errHead = 0;
  private errCount = 0;

  private peakEquity = Number.NaN;
  private lastEquity = Number.NaN;

  constructor(
    private readonly config: BreakerConfig,
    private readonly clock: Clock,
    readonly accountId: string,
    private readonly events: EventSink,
  ) {
    this.threshold = Math.max(1, Math.floor(config.error_threshold));
    this.windowMs = config.error_window_s * 1000;
    this.baseCooldownMs = config.cooldown_s * 1000;
    this.maxCooldownMs = Math.max(config.max_cooldown_s, config.cooldown_s) * 1000;
    this.cooldownMs = this.baseCooldownMs;
    this.drawdownFactor = 1 - config.max_drawdown_pct / 100;
    this.errTimes = new Array<number>(this.threshold).fill(0);
  }

  /** Current state as last evaluated (an elapsed cooldown shows as 'open' until the next isOpen()). */
  get state(): BreakerState {
    return this._state;
  }

  /** Cooldown of the current/next open period, seconds. */
  get cooldownS(): number {
    return this.cooldownMs / 1000;
  }

  /** Latest equity reported (NaN before the first report). */
  get equity(): number {
    return this.lastEquity;
  }

  /** Highest equity reported this session (NaN before the first report). */
  get peak(): number {
    return this.peakEquity;
  }

  /**
   * Should the caller skip its iteration? False when closed, and false exactly once per half-open
   * period (the probe); true otherwise.
   */
  isOpen(): boolean {
    const s = this._state;
    if (s === 'closed') return false;
    if (s === 'half-open') {
      if (this.probeOut) return true;
      this.probeOut = true;
      return false;
    }
    // open
    const elapsed = this.clock.now() - this.openedAt;
    if (elapsed < this.cooldownMs) return true;
    this.transition('half-open', `cooldown ${this.cooldownMs / 1000}s elapsed; one probe iteration allowed`);
    this.probeOut = true;
    return false;
  }

  /** An iteration that ran completed without error. Closes a half-open breaker. */
  recordSuccess(): void {
    if (this._state !== 'half-open') return;
    this.probeOut = false;
    this.cooldownMs = this.baseCooldownMs;
    this.clearErrors();
    this.transition('closed', 'probe iteration succeeded');
  }

  /** An iteration failed (any exception counts as one API error, spec §1). */
  recordApiError(): void {
    const s = this._state;
    if (s === 'half-open') {
      this.failProbe('probe iteration failed');
      return;
    }
    if (s === 'open') return; // already open; late failures of in-flight iterations change nothing
    const now = this.clock.now();
    const n = this.threshold;
    this.errTimes[this.errHead] = now;
    this.errHead = (this.errHead + 1) % n;
    if (this.errCount < n) this.errCount++;
    if (this.errCount < n) return;
    // errHead now points at the oldest of the last n errors.
    const oldest = this.errTimes[this.errHead]!;
    if (now - oldest <= this.windowMs) {
      this.open(`${n} API errors within ${this.config.error_window_s}s`);
    }
  }

  /**
   * The iteration that `isOpen()` let through did not run (skipped before the strategy step or
   * aborted). Hands a half-open probe back so the next check can take it.
   */
  recordSkip(): void {
    if (this._state === 'half-open') this.probeOut = false;
  }

  /** Report account equity (wallet balance + unrealised PnL); opens on drawdown from the session peak. */
  updateEquity(equity: number): void {
    if (!Number.isFinite(equity)) return;
    this.lastEquity = equity;
    if (!(equity <= this.peakEquity)) {
      // first report (peak NaN) or a new high
      this.peakEquity = equity;
      return;
    }
    if (equity >= this.peakEquity * this.drawdownFactor) return;
    const s = this._state;
    if (s === 'open') return;
    const pct = ((this.peakEquity - equity) / this.peakEquity) * 100;
    const reason = `drawdown ${pct.toFixed(2)}% below session peak ${this.peakEquity} (limit ${this.config.max_drawdown_pct}%)`;
    if (s === 'half-open') this.failProbe(reason);
    else this.open(reason);
  }

  private failProbe(reason: string): void {
    this.probeOut = false;
    this.cooldownMs = Math.min(this.cooldownMs * 2, this.maxCooldownMs);
    this.open(`${reason}; cooldown ${this.cooldownMs / 1000}s`);
  }

  private open(reason: string): void {
    this.openedAt = this.clock.now();
    this.clearErrors();
    this.opens++;
    this.transition('open', reason);
  }

  private clearErrors(): void {
    this.errCount = 0;
    this.errHead = 0;
  }

  private transition(to: BreakerState, reason: string): void {
    const from = this._state;
    this._state = to;
    this.transitions++;
    this.events.emit({ type: 'breaker_transition', account: this.accountId, from, to, reason });
  }
}
