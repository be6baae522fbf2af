/**
 * Bad input (scenario files, tapes, flags). Always names where: the file, and the key path or line.
 * The CLI prints `message` and exits 2.
 */
export class ConfigError extends Error {
  constructor(
    /** File the problem is in ('' when it came from a flag). */
    readonly file: string,
    /** Key path (`exchange.latency.median_ms`) or `line 12`. */
    readonly where: string,
    /** What was wrong and what was expected. */
    readonly problem: string,
  ) {
    super(`${file || '<flags>'}${where ? `: ${where}` : ''}: ${problem}`);
    this.name = 'ConfigError';
  }
}
