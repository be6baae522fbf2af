/** Bad command lines: unknown verbs and flags, missing values, bad seeds, durations, --set and --out. */
import type { BadInputCase } from './case.js';

const SC = 'name: t\nduration: 1m\nsymbols:\n  BTCUSDT:\n    source: { kind: synthetic }\n';

const flag = (
  name: string,
  args: string[],
  message: RegExp,
  files: Record<string, string> = { 'sc.yaml': SC },
): BadInputCase => ({
  name,
  category: 'CLI flags',
  files,
  args,
  exit: 2,
  message,
});

const sim = (...extra: string[]) => ['sim', '--scenario', 'sc.yaml', ...extra];

export const cases: BadInputCase[] = [
  flag(
    'no command',
    [],
    /rocky-bot: name a command: sim, sweep, worker, report, compare, live, serve, keys, record, data, schema/,
  ),
  flag(
    '--window not a multiple of the 10 s sample',
    sim('--window', '95s'),
    /rocky-bot sim: --window: expected a multiple of 10 s/,
  ),
  flag(
    'report of a folder that does not exist',
    ['report', '/nonexistent/rocky-run'],
    /rocky-bot report: \/nonexistent\/rocky-run: no such run folder/,
  ),
  flag(
    'compare with one report missing',
    ['compare', '/nonexistent/a', '/nonexistent/b'],
    /rocky-bot compare: \/nonexistent\/a: no such run folder/,
  ),
  flag('unknown command', ['simulate'], /rocky-bot: Unknown argument: simulate/),
  flag('unknown flag', sim('--sed', '4'), /rocky-bot: Unknown arguments?: sed/),
  flag('--version on a subcommand', sim('--version'), /rocky-bot: Unknown argument: version/),
  flag('sim without --scenario', ['sim'], /rocky-bot: Missing required argument: scenario/),
  flag(
    '--scenario with no value',
    ['sim', '--scenario'],
    /rocky-bot sim: --scenario: expected one or more scenario files or folders/,
  ),
  flag('scenario file missing', ['sim', '--scenario', 'nope.yaml'], /rocky-bot sim: nope\.yaml: no such scenario file or folder/),
  flag(
    'folder without scenarios',
    ['sim', '--scenario', 'empty'],
    /rocky-bot sim: empty: folder holds no \.yaml scenario files/,
    {
      'empty/readme.txt': 'x',
    },
  ),
  flag(
    'scenario is a folder of a folder',
    ['sim', '--scenario', 'sc.yaml/x'],
    /rocky-bot sim: sc\.yaml\/x: no such scenario file or folder/,
  ),
  flag(
    'empty --seed',
    sim('--seed', ''),
    /rocky-bot sim: --seed: expected a seed: a whole number from 0 to 2\^53 − 1, or a word.*got ""/,
  ),
  flag(
    '--seed beyond 2^53',
    sim('--seed', '9007199254740993'),
    /--seed: .*9007199254740993 is beyond 2\^53 − 1 and would be rounded/,
  ),
  flag('--seed not a whole number', sim('--seed', '1.5'), /rocky-bot sim: --seed: expected a seed.*got "1\.5"/),
  flag('negative --seed', sim('--seed', '-3'), /rocky-bot sim: --seed: expected a seed.*got "-3"/),
  flag(
    '--duration in words',
    sim('--duration', 'six hours'),
    /rocky-bot sim: --duration: expected a duration such as 6h, 90m or 1d, got "six hours"/,
  ),
  flag('--duration zero', sim('--duration', '0'), /rocky-bot sim: --duration: expected a duration/),
  flag(
    'a single-value flag given twice',
    sim('--out', 'a', '--out', 'b'),
    /rocky-bot: --out: given 2 times \("a", "b"\); expected one value/,
  ),
  flag('--seed a number with a sign', sim('--seed', '+3'), /rocky-bot sim: --seed: expected a seed.*got "\+3"/),
  flag('sim --out is a file', sim('--out', 'sc.yaml'), /rocky-bot sim: --out: sc\.yaml is a file, expected a folder/),
  flag(
    'sim --out under a file',
    sim('--out', 'sc.yaml/reports'),
    /rocky-bot sim: --out: sc\.yaml\/reports lies under a file, expected a folder/,
  ),
  flag('sim --out in /proc', sim('--out', '/proc/rocky-out'), /rocky-bot sim: --out: cannot write in \/proc/),
  flag(
    '--set without =',
    sim('--set', 'seed'),
    /--set: expected dotted\.path=value such as exchange\.latency\.median_ms=40, got "seed"/,
  ),
  flag(
    '--set of an unknown key',
    sim('--set', 'exchange.latency.median=40'),
    /sc\.yaml: exchange\.latency\.median \(--set\): unknown key; expected one of: model, median_ms, sigma, min_ms/,
  ),
  flag(
    '--set under a misspelt key',
    sim('--set', 'strategy.takr.interval_s=20'),
    /sc\.yaml: strategy\.takr \(--set\): unknown key; expected one of: ladder, anchor, taker/,
  ),
  flag(
    '--set of a wrong type',
    sim('--set', 'strategy.ladder.interval_s=fast'),
    /sc\.yaml: strategy\.ladder\.interval_s \(--set\): expected a number, got "fast"/,
  ),
  flag(
    '--set inside a number',
    sim('--set', 'duration.x=1'),
    /sc\.yaml: duration\.x \(--set\): cannot set inside duration: it is not a mapping or list/,
  ),
  flag(
    'two scenarios with one name',
    ['sim', '--scenario', 'runs', '--out', 'out'],
    /runs\/b\.yaml: name: "t" is also the name of runs\/a\.yaml; expected one name per scenario/,
    {
      'runs/a.yaml': SC,
      'runs/b.yaml': SC,
    },
  ),
  flag(
    'one bad scenario stops a folder run before any runs',
    ['sim', '--scenario', 'runs', '--out', 'out'],
    /runs\/b\.yaml: strategy\.risk\.leverage \(line 6\): expected a number ≤ 125, got 500/,
    {
      'runs/a.yaml': SC,
      'runs/b.yaml': `${SC.replace('name: t', 'name: u')}strategy: { risk: { leverage: 500 } }\n`,
    },
  ),
  flag(
    'schema of an unknown config',
    ['schema', 'fleet'],
    /rocky-bot: Invalid values:[\s\S]*Argument: name, Given: "fleet", Choices: "scenario", "keys", "live-config"/,
  ),
  flag('data without a verb', ['data'], /rocky-bot: name a data command: synth, fetch, index/),
  flag('keys without a verb', ['keys'], /rocky-bot: name a keys command: check/),
];
