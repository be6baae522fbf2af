/**
 * `rocky-bot report DIR`: re-render a saved run's summary and report.html from its report.json and
 * series.json, without running it again. `rocky-bot compare A B`: two reports side by side with
 * the differences marked; exit 0 when they are identical, 1 when they differ, 2 on bad input.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { compareReports } from '../report/compare.js';
import { readRunFolder, writeRunFolder } from '../report/run-folder.js';
import { formatSummary } from '../report/summary.js';

interface ReportArgs {
  dir: string;
  html: boolean;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <dir>',
  describe: 'Re-render the summary and report.html of a saved sim run (a folder with report.json)',
  builder: (y: Argv<object>) =>
    y.positional('dir', { type: 'string', demandOption: true, describe: 'run folder (or its report.json)' }).option('html', {
      type: 'boolean',
      default: true,
      describe: 'write report.html (--no-html to skip)',
    }) as unknown as Argv<ReportArgs>,
  handler: (argv: ArgumentsCamelCase<ReportArgs>) => {
    process.exitCode = reportMain(argv);
  },
};

export function reportMain(argv: ReportArgs): number {
  const run = readRunFolder(argv.dir);
  if (typeof run === 'string') {
    process.stderr.write(`rocky-bot report: ${run}\n`);
    return 2;
  }
  const written = argv.html ? writeRunFolder(run.dir, run.report, run.series, { html: true }).html : undefined;
  process.stdout.write(`${formatSummary(run.report)}\n${written ? `\nhtml: ${written}\n` : ''}`);
  return 0;
}

interface CompareArgs {
  a: string;
  b: string;
  onlyDiff: boolean;
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <a> <b>',
  describe: 'Show two sim reports side by side with the differences marked (exit 1 if they differ)',
  builder: (y: Argv<object>) =>
    y
      .positional('a', { type: 'string', demandOption: true, describe: 'run folder or report.json' })
      .positional('b', { type: 'string', demandOption: true, describe: 'run folder or report.json' })
      .option('only-diff', {
        type: 'boolean',
        default: false,
        describe: 'print only the rows that differ',
      }) as unknown as Argv<CompareArgs>,
  handler: (argv: ArgumentsCamelCase<CompareArgs>) => {
    process.exitCode = compareMain(argv);
  },
};

export function compareMain(argv: CompareArgs): number {
  const a = readRunFolder(argv.a, { current: false });
  const b = readRunFolder(argv.b, { current: false });
  for (const r of [a, b]) {
    if (typeof r === 'string') {
      process.stderr.write(`rocky-bot compare: ${r}\n`);
      return 2;
    }
  }
  const { text, differences } = compareReports((a as Exclude<typeof a, string>).report, (b as Exclude<typeof b, string>).report, {
    onlyDiff: argv.onlyDiff,
    names: [argv.a, argv.b],
  });
  process.stdout.write(`${text}\n`);
  return differences ? 1 : 0;
}
