/**
 * rocky-bot command line: one verb per job. Parsing and wiring only; the work lives in the
 * composition roots (run-sim.ts for the simulator, src/live/run-live.ts for live mode).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { dataFetchCommand } from './data-fetch-command.js';
import { dataSynthCommand } from './data-synth-command.js';
import { keysCheckCommand, liveCommand, recordCommand } from './live-commands.js';
import { serveCommand } from './serve-command.js';
import { simCommand } from './sim-command.js';

const cli = yargs(hideBin(process.argv))
  .scriptName('rocky-bot')
  .command(simCommand)
  .command(liveCommand)
  .command(keysCheckCommand)
  .command(recordCommand)
  .command(serveCommand)
  .command({
    command: 'data',
    describe: 'Market data: synthetic tapes and Binance public-data archives',
    builder: (y) => y.command(dataSynthCommand).command(dataFetchCommand).demandCommand(1, 'name a data command: synth, fetch'),
    handler: () => {},
  })
  .demandCommand(1, 'name a command: sim, live, serve, keys, record, data')
  .strict()
  .fail((msg, err) => {
    if (err) throw err;
    process.stderr.write(`rocky-bot: ${msg}\nrun \`rocky-bot --help\` for usage\n`);
    process.exit(2);
  })
  .help();

await cli.parseAsync();
