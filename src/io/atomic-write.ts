/**
 * The one way this project writes a file: into a hidden temp file in the target folder, renamed
 * over the target only once complete, so a reader never sees half a file and a failed write
 * leaves nothing behind. Every temp file open is tracked; on process exit whatever is still open
 * is removed (or, for writers that hold complete rows such as the recorder, committed), and
 * `interruptible` turns SIGINT/SIGTERM into an abort that the writing loops check.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** Temp files open now → what to do with each at process exit. */
const open = new Map<string, () => void>();
let exitHook = false;

function track(tmp: string, atExit: () => void): void {
  open.set(tmp, atExit);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', settleAllTemps);
  }
}

/** Removes (or commits, for writers that asked) every temp file still open. Runs at process exit. */
export function settleAllTemps(): void {
  for (const [tmp, atExit] of [...open]) {
    try {
      atExit();
    } catch {
      /* best effort at exit */
    }
    open.delete(tmp);
  }
}

/** Temp files open right now (tests). */
export function openTempFiles(): string[] {
  return [...open.keys()];
}

/** `dir/.name.<pid>-<random>.tmp`: hidden, beside its target so the rename stays on one filesystem. */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tempPathFor(file);
  track(tmp, () => rmSync(tmp, { force: true }));
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    open.delete(tmp);
  }
}

/** A temp path for a stream writer; `commit` renames it over `file`, `abort` removes it. */
export interface TempFile {
  readonly file: string;
  readonly tmp: string;
  commit(): void;
  abort(): void;
}

/** `atExit`: what to do if the process exits while the temp file is open (a function: the writer's own commit). */
export function tempFileFor(file: string, atExit: 'remove' | 'commit' | (() => void) = 'remove'): TempFile {
  const tmp = tempPathFor(file);
  const t: TempFile = {
    file,
    tmp,
    commit: () => {
      renameSync(tmp, file);
      open.delete(tmp);
    },
    abort: () => {
      rmSync(tmp, { force: true });
      open.delete(tmp);
    },
  };
  track(
    tmp,
    typeof atExit === 'function'
      ? atExit
      : atExit === 'commit'
        ? () => renameSync(tmp, file)
        : () => rmSync(tmp, { force: true }),
  );
  return t;
}

/** A synchronous, buffered writer of one file through a temp file. */
export class AtomicWriter {
  private readonly temp: TempFile;
  private fd: number | undefined;
  private buf: string[] = [];
  private buffered = 0;
  /** Bytes written so far (flushed or not). */
  bytes = 0;

  constructor(readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.temp = tempFileFor(file);
    this.fd = openSync(this.temp.tmp, 'wx');
  }

  write(s: string): void {
    this.buf.push(s);
    this.buffered += s.length;
    this.bytes += Buffer.byteLength(s);
    if (this.buffered >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined || this.buf.length === 0) return;
    writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.buffered = 0;
  }

  commit(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.temp.commit();
  }

  abort(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
    }
    this.fd = undefined;
    this.temp.abort();
  }
}

/** Thrown by a writing loop that saw its abort signal (SIGINT/SIGTERM). */
export class Interrupted extends Error {
  constructor(readonly signal: string) {
    super(`interrupted by ${signal}`);
    this.name = 'Interrupted';
  }
}

export interface SignalSource {
  once(event: 'SIGINT' | 'SIGTERM', fn: () => void): unknown;
  removeListener(event: 'SIGINT' | 'SIGTERM', fn: () => void): unknown;
}

/**
 * Runs `work` with an AbortSignal raised by the first SIGINT or SIGTERM; the handlers are removed
 * afterwards (a second signal then ends the process as usual). Work that yields to the event loop
 * sees the abort, removes its temp files and throws Interrupted.
 */
export async function interruptible<T>(signals: SignalSource, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onInt = (): void => ac.abort(new Interrupted('SIGINT'));
  const onTerm = (): void => ac.abort(new Interrupted('SIGTERM'));
  signals.once('SIGINT', onInt);
  signals.once('SIGTERM', onTerm);
  try {
    return await work(ac.signal);
  } finally {
    signals.removeListener('SIGINT', onInt);
    signals.removeListener('SIGTERM', onTerm);
  }
}

/** The Interrupted error of an aborted signal, to throw from a loop. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Interrupted ? signal.reason : new Interrupted('abort');
}
