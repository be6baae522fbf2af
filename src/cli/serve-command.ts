/**
 * `rocky-bot serve`: the simulated exchange over Binance-compatible HTTP + WebSocket on 127.0.0.1
 * (src/paper-server). Prints the sim-format summary and writes out/<scenario>-serve/report.json on
 * SIGINT/SIGTERM; GET /_rocky/report returns the report at any time.
 * Exit codes: 0 after a clean stop, 2 for bad input (scenario, keys, flags).
 */
import path from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { KeysError } from '../config/keys.js';
import { parseFaultFlags, type FaultFlags } from '../paper-server/fault-flags.js';
import { startPaperServer } from '../paper-server/server.js';
import { ConfigError } from '../config/config-error.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { stableJson } from '../report/stable-json.js';
import { formatSummary } from '../report/summary.js';

export interface ServeArgs extends FaultFlags {
  scenario: string;
  keys: string;
  port: number;
  host: string;
  speed: number;
  out?: string;
}

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'Serve the simulated exchange (Binance USD-M REST + WebSocket) locally for rehearsals',
  builder: (y: Argv<object>) =>
    y
      .option('scenario', {
        type: 'string',
        demandOption: true,
        describe: 'scenario YAML: symbols, tape, exchange parameters, faults',
      })
      .option('keys', { type: 'string', demandOption: true, describe: 'keys file: API key → account; secrets verify signatures' })
      .option('port', { type: 'number', default: 8080, describe: 'port (0 = any free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on' })
      .option('speed', {
        type: 'number',
        default: 1,
        describe: 'server time runs this many times faster than the wall clock (clients must run on the same clock when > 1)',
      })
      .option('out', { type: 'string', describe: 'report folder (default out/<scenario>-serve/)' })
      .option('fault-outage', { type: 'string', array: true, describe: 'KIND@FROM-TO (s): 5xx | 5xx_after_apply | timeout' })
      .option('fault-order-outage', { type: 'string', array: true, describe: 'KIND@FROM-TO (s), order placements only' })
      .option('fault-error-rate', { type: 'number', describe: 'random 503 probability per request' })
      .option('fault-latency-ms', { type: 'number', describe: 'added to every REST reply (server ms)' })
      .option('fault-spike', { type: 'string', array: true, describe: 'EXTRA_MS@FROM-TO latency spike' })
      .option('fault-feed-gap', { type: 'string', array: true, describe: 'FROM-TO (s): no websocket ticks' })
      .option('fault-ws-drop-every', {
        type: 'number',
        describe: 'cut every feed websocket every N seconds',
      }) as unknown as Argv<ServeArgs>,
  handler: async (argv: ArgumentsCamelCase<ServeArgs>) => {
    process.exitCode = await serveMain(argv);
  },
};

export async function serveMain(argv: ServeArgs, signals: NodeJS.EventEmitter = process): Promise<number> {
  const err = (m: string): number => {
    process.stderr.write(`rocky-bot serve: ${m}\n`);
    return 2;
  };
  if (!(argv.speed > 0)) return err(`--speed: expected a number > 0, got ${argv.speed}`);
  if (!Number.isInteger(argv.port) || argv.port < 0 || argv.port > 65535)
    return err(`--port: expected 0..65535, got ${argv.port}`);
  let faults;
  try {
    faults = parseFaultFlags(argv);
  } catch (e) {
    return err((e as Error).message);
  }
  let srv;
  try {
    srv = await startPaperServer({
      scenario: argv.scenario,
      keys: argv.keys,
      port: argv.port,
      host: argv.host,
      speed: argv.speed,
      faults,
      log: (l) => process.stderr.write(`${l}\n`),
    });
  } catch (e) {
    if (e instanceof ConfigError || e instanceof KeysError) return err(e.message);
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') return err(`port ${argv.port} on ${argv.host} is in use`);
    throw e;
  }
  process.stdout.write(
    `serving on ${srv.url} (REST) and ${srv.wsUrl} (WebSocket); report at ${srv.url}/_rocky/report; Ctrl-C to stop\n` +
      `  rehearse: rocky-bot live --keys ${argv.keys} --base-url ${srv.url} --feed-url ${srv.wsUrl}\n`,
  );
  const sig = await new Promise<string>((resolve) => {
    signals.once('SIGINT', () => resolve('SIGINT'));
    signals.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const report = srv.report();
  const open = srv.openOrderCount();
  await srv.close();
  const dir = argv.out ?? path.join('out', `${report.scenario}-serve`);
  const file = path.join(dir, 'report.json');
  writeFileAtomic(file, stableJson(report));
  process.stdout.write(
    `\n${sig}: stopped\n${formatSummary(report)}\n\nopen orders left on the server: ${open}\nreport: ${file}\n`,
  );
  return 0;
}
