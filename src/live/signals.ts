/**
 * Process signals for `live` and `record`: the first SIGINT/SIGTERM asks for a graceful stop, any
 * later one for an immediate exit. The signal source is injected so tests send signals to an
 * EventEmitter instead of the process.
 */
export interface SignalSource {
  on(event: 'SIGINT' | 'SIGTERM', fn: () => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', fn: () => void): unknown;
}

/**
 * Call `onFirst` on the first SIGINT/SIGTERM and `onSecond` on any later one. Returns an uninstall
 * function.
 */
export function installSignals(src: SignalSource, onFirst: (sig: string) => void, onSecond: (sig: string) => void): () => void {
  let count = 0;
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((sig) => {
    const fn = (): void => {
      count++;
      if (count === 1) onFirst(sig);
      else onSecond(sig);
    };
    src.on(sig, fn);
    return [sig, fn] as const;
  });
  return () => {
    for (const [sig, fn] of handlers) src.off(sig, fn);
  };
}
