/**
 * rocky-bot command line: one verb per job. Parsing and wiring only; the work lives in the
 * composition roots (run-sim.ts for the simulator, src/live for live mode).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { simCommand } from './sim-command.js';

const cli = yargs(hideBin(process.argv))
  .scriptName('rocky-bot')
  .command(simCommand)
  .demandCommand(1, 'name a command: sim')
  .strict()
  .fail((msg, err, y) => {
    if (err) throw err;
    process.stderr.write(`${y.help() && ''}rocky-bot: ${msg}\nrun \`rocky-bot --help\` for usage\n`);
    process.exit(2);
  })
  .help();

await cli.parseAsync();
