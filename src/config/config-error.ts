/**
 * Bad input (scenario files, live configs, keys files, tapes, flags). Always names where: the file,
 * and the key path or line. A ConfigError may carry several issues (a config is checked whole, and
 * every problem found is reported at once); `where` and `problem` are the first one's.
 * The CLI prints `message` (one line per issue) and exits 2.
 */
export interface ConfigIssue {
  /** Key path with the line when known (`exchange.latency.sigma (line 14)`), `line 12`, or `--flag`. */
  where: string;
  /** What was wrong and what was expected. */
  problem: string;
}

/** Issues shown in one message at most; the rest are counted. */
const SHOWN = 25;

export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(
    /** File the problem is in ('' when it came from a flag). */
    readonly file: string,
    /** Key path (`exchange.latency.median_ms`) or `line 12`: the first issue's. */
    readonly where: string,
    /** What was wrong and what was expected: the first issue's. */
    readonly problem: string,
    more: readonly ConfigIssue[] = [],
  ) {
    const issues = [{ where, problem }, ...more];
    // A flag's problem names the flag alone (`--duration: …`); a file's names the file first.
    const head = (where: string): string => [file, where].filter(Boolean).join(': ');
    const lines = issues.slice(0, SHOWN).map((i) => `${head(i.where)}: ${i.problem}`);
    if (issues.length > SHOWN) lines.push(`${head('')}: … and ${issues.length - SHOWN} more problem(s)`);
    super(lines.join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }

  /** One error for every issue found in `file` (at least one). */
  static of(file: string, issues: readonly ConfigIssue[]): ConfigError {
    const [first, ...rest] = issues;
    if (!first) throw new Error('ConfigError.of needs at least one issue');
    return new ConfigError(file, first.where, first.problem, rest);
  }
}
