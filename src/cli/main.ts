/**
 * Process entry of rocky-bot (bin/rocky-bot.js loads dist/cli/main.js): runs `main` (cli.ts) on
 * the real argv, stdout, stderr and signals, sets the exit code, and makes sure the process ends
 * even if a handle lingers after the command finished.
 */
import { hideBin } from 'yargs/helpers';
import { main } from './cli.js';
import { processIo } from './io.js';

const code = await main(hideBin(process.argv), processIo);
process.exitCode = code;
setTimeout(() => process.exit(code), 3000).unref();
