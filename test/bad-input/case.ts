/**
 * One row of the bad-input table (test/bad-input/*.cases.ts, run by table.test.ts): the files a
 * case needs, the command line, and what must come out. Each case runs in a fresh temp folder as
 * the working directory (relative paths in `args` and `files` are inside it; `{dir}` in args is
 * replaced by its absolute path). Every case must end with `exit`, print a line matching
 * `message` (stdout and stderr together: it names the file, line or flag and what was expected),
 * print no stack trace, leave no file behind beyond `files`, and finish within the time limit.
 */
export interface BadInputCase {
  name: string;
  category: string;
  files: Record<string, string | Buffer>;
  args: string[];
  exit: 2;
  message: RegExp;
}
