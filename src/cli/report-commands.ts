/**
 * `rocky-bot report DIR`: re-render a saved run's summary and report.html from its report.json and
 * series.json, without running it again. `rocky-bot compare A B`: two reports side by side with
 * the differences marked; exit 0 when they are identical, 1 when they differ, 2 on bad input.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { compareReports } from '../report/compare.js';
import { readRunFolder, writeRunFolder } from '../report/run-folder.js';
import { formatSummary } from '../report/summary.js';
import { badInput, processIo, type CliIo } from './io.js';

interface ReportArgs {
  dir: string;
  html: boolean;
}

export const reportCommand = (io: CliIo, run: (job: () => Promise<number>) => void): CommandModule<object, ReportArgs> => ({
  command: 'report <dir>',
  describe: 'Re-render the summary and report.html of a saved sim run (a folder with report.json)',
  builder: (y: Argv<object>) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'run folder (or its report.json)' })
      .option('html', { type: 'boolean', default: true, describe: 'write report.html (--no-html to skip)' })
      .example('$0 report out/drift', 'print the summary again and rewrite out/drift/report.html')
      .version(false) as unknown as Argv<ReportArgs>,
  handler: (argv: ArgumentsCamelCase<ReportArgs>) => run(async () => reportMain(argv, io)),
});

export function reportMain(argv: ReportArgs, io: CliIo = processIo): number {
  const r = readRunFolder(argv.dir);
  if (typeof r === 'string') return badInput(io, 'report', r);
  const written = argv.html ? writeRunFolder(r.dir, r.report, r.series, { html: true }).html : undefined;
  io.out(`${formatSummary(r.report)}\n${written ? `\nhtml: ${written}\n` : ''}`);
  return 0;
}

interface CompareArgs {
  a: string;
  b: string;
  onlyDiff: boolean;
}

export const compareCommand = (io: CliIo, run: (job: () => Promise<number>) => void): CommandModule<object, CompareArgs> => ({
  command: 'compare <a> <b>',
  describe: 'Show two sim reports side by side with the differences marked (exit 1 if they differ)',
  builder: (y: Argv<object>) =>
    y
      .positional('a', { type: 'string', demandOption: true, describe: 'run folder or report.json' })
      .positional('b', { type: 'string', demandOption: true, describe: 'run folder or report.json' })
      .option('only-diff', { type: 'boolean', default: false, describe: 'print only the rows that differ' })
      .example('$0 compare test/golden/drift.json out/drift --only-diff', 'what moved against the golden report')
      .version(false) as unknown as Argv<CompareArgs>,
  handler: (argv: ArgumentsCamelCase<CompareArgs>) => run(async () => compareMain(argv, io)),
});

export function compareMain(argv: CompareArgs, io: CliIo = processIo): number {
  const a = readRunFolder(argv.a, { current: false });
  const b = readRunFolder(argv.b, { current: false });
  for (const r of [a, b]) if (typeof r === 'string') return badInput(io, 'compare', r);
  const { text, differences } = compareReports((a as Exclude<typeof a, string>).report, (b as Exclude<typeof b, string>).report, {
    onlyDiff: argv.onlyDiff,
    names: [argv.a, argv.b],
  });
  io.out(`${text}\n`);
  return differences ? 1 : 0;
}
