/**
 * A progress bar with ETA on stderr for long sim runs: drawn only when stderr is a terminal, not in
 * CI (env CI set) and not with --quiet, and only once a run has taken more than SHOW_AFTER_MS of
 * wall time, so short runs and logs stay clean. It never touches stdout.
 */
const SHOW_AFTER_MS = 2000;
const WIDTH = 28;

export interface Progress {
  update(doneMs: number, totalMs: number): void;
  done(): void;
}

export const noProgress: Progress = { update() {}, done() {} };

export function progressBar(label: string, out: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): Progress {
  const t0 = now();
  let shown = false;
  return {
    update(doneMs, totalMs) {
      const elapsed = now() - t0;
      if (elapsed < SHOW_AFTER_MS || totalMs <= 0) return;
      shown = true;
      const f = Math.min(1, doneMs / totalMs);
      const eta = f > 0 ? (elapsed * (1 - f)) / f / 1000 : 0;
      const fill = Math.round(f * WIDTH);
      out.write(
        `\r${label} [${'#'.repeat(fill)}${'-'.repeat(WIDTH - fill)}] ${(f * 100).toFixed(0).padStart(3)}%  ` +
          `${(doneMs / 3_600_000).toFixed(1)} of ${(totalMs / 3_600_000).toFixed(1)} h  ETA ${eta.toFixed(0)} s `,
      );
    },
    done() {
      if (shown) out.write('\r\x1b[2K');
    },
  };
}

/** The bar for this process's stderr, or none when it must not be drawn. */
export function progressFor(label: string, quiet: boolean): Progress {
  if (quiet || !process.stderr.isTTY || process.env.CI) return noProgress;
  return progressBar(label);
}
