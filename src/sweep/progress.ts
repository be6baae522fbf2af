/**
 * A one-line progress bar with ETA on stderr, only where a person watches: stderr is a TTY and
 * --quiet is off (never in CI logs or files). Redrawn at most 5 times a second; the ETA is the
 * remaining runs at the pace of the runs done in this session (cached runs excluded).
 */
export interface ProgressSink {
  /** `done` of `total` runs are finished (cached ones included). */
  update(done: number): void;
  /** A line that must not be overdrawn by the bar. */
  note(line: string): void;
  end(): void;
}

/** Where the bar is drawn: stderr, or a stand-in with the same two members. */
export interface BarStream {
  isTTY?: boolean;
  write(s: string): unknown;
}

export function progressBar(total: number, startDone: number, enabled: boolean, out: BarStream = process.stderr): ProgressSink {
  if (!enabled || !out.isTTY) return { update: () => {}, note: (l) => out.write(`${l}\n`), end: () => {} };
  const t0 = Date.now();
  let last = 0;
  let shown = false;
  let done = startDone;
  const draw = (): void => {
    const width = 30;
    const frac = total ? done / total : 1;
    const fill = Math.round(frac * width);
    const ranNow = done - startDone;
    const elapsed = (Date.now() - t0) / 1000;
    const eta = ranNow > 0 ? ((total - done) * elapsed) / ranNow : Number.NaN;
    out.write(
      `\r[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${done}/${total} ${(100 * frac).toFixed(0)}% ` +
        `elapsed ${clock(elapsed)} ETA ${Number.isFinite(eta) ? clock(eta) : '--'}\x1b[K`,
    );
    shown = true;
  };
  return {
    update: (d) => {
      done = d;
      const now = Date.now();
      if (now - last >= 200 || d === total) {
        last = now;
        draw();
      }
    },
    note: (l) => {
      out.write(`${shown ? '\r\x1b[K' : ''}${l}\n`);
      if (shown) draw();
    },
    end: () => {
      if (shown) out.write('\n');
    },
  };
}

function clock(s: number): string {
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(sec).padStart(2, '0')}s`;
}
