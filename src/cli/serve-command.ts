/**
 * `rocky-bot serve`: the simulated exchange over Binance-compatible HTTP + WebSocket on 127.0.0.1
 * (src/paper-server). Prints the sim-format summary and writes out/<scenario>-serve/report.json on
 * SIGINT/SIGTERM; GET /_rocky/report returns the report at any time.
 * Exit codes: 0 after a clean stop, 2 for bad input (scenario, keys, flags, --host, the report
 * folder: all checked before listening).
 */
import { isIP } from 'node:net';
import path from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { parseFaultFlags, type FaultFlags } from '../paper-server/fault-flags.js';
import { startPaperServer } from '../paper-server/server.js';
import { loadScenario } from '../scenario/scenario.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { folderProblem } from '../io/writable.js';
import { badInput, inputProblem, processIo, type CliIo } from './io.js';
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

/** Undefined for an IP address or a host name; otherwise what is wrong (999.1.1.1 is neither). */
export function hostProblem(h: string): string | undefined {
  if (isIP(h)) return undefined;
  const name = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
  if (!/^[\d.]+$/.test(h) && name.test(h)) return undefined;
  return `expected an IP address such as 127.0.0.1 or a host name, got ${JSON.stringify(h)}`;
}

export const serveCommand = (io: CliIo, run: (job: () => Promise<number>) => void): CommandModule<object, ServeArgs> => ({
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
      })
      .example('$0 serve --scenario scenarios/calm.yaml --keys .keys.json', 'the simulated exchange on 127.0.0.1:8080')
      .example(
        '$0 serve --scenario scenarios/calm.yaml --keys .keys.json --port 0 --speed 8 --fault-outage 5xx@30-40',
        'faster, with an outage',
      )
      .version(false) as unknown as Argv<ServeArgs>,
  handler: (argv: ArgumentsCamelCase<ServeArgs>) => run(() => serveMain(argv, io.signals, io)),
});

const LISTEN_PROBLEMS: Record<string, string> = {
  EADDRINUSE: 'is in use',
  EADDRNOTAVAIL: 'is not an address of this machine',
  EACCES: 'needs privileges (ports below 1024)',
  ENOTFOUND: 'does not resolve',
  EAI_AGAIN: 'does not resolve',
  EAI_FAIL: 'does not resolve',
};

export async function serveMain(argv: ServeArgs, signals: NodeJS.EventEmitter = process, io: CliIo = processIo): Promise<number> {
  const err = (m: string): number => badInput(io, 'serve', m);
  if (!(argv.speed > 0) || !Number.isFinite(argv.speed)) return err(`--speed: expected a number > 0, got ${argv.speed}`);
  if (!Number.isInteger(argv.port) || argv.port < 0 || argv.port > 65535)
    return err(`--port: expected 0..65535, got ${argv.port}`);
  const hp = hostProblem(String(argv.host));
  if (hp) return err(`--host: ${hp}`);
  let faults;
  try {
    faults = parseFaultFlags(argv);
  } catch (e) {
    return err((e as Error).message);
  }
  let scenario;
  try {
    scenario = loadScenario(argv.scenario);
  } catch (e) {
    const m = inputProblem(e);
    if (m !== undefined) return err(m);
    throw e;
  }
  const dir = argv.out ?? path.join('out', `${scenario.name}-serve`);
  const op = folderProblem(dir);
  if (op) return err(`${argv.out !== undefined ? '--out' : 'report folder'}: ${op}`);
  let srv;
  try {
    srv = await startPaperServer({
      scenario,
      keys: argv.keys,
      port: argv.port,
      host: argv.host,
      speed: argv.speed,
      faults,
      log: (l) => io.err(`${l}\n`),
    });
  } catch (e) {
    const m = inputProblem(e);
    if (m !== undefined) return err(m);
    const why = LISTEN_PROBLEMS[(e as NodeJS.ErrnoException).code ?? ''];
    if (why) return err(`--host/--port: ${argv.host}:${argv.port} ${why}`);
    throw e;
  }
  io.out(
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
  const file = path.join(dir, 'report.json');
  writeFileAtomic(file, stableJson(report));
  io.out(`\n${sig}: stopped\n${formatSummary(report)}\n\nopen orders left on the server: ${open}\nreport: ${file}\n`);
  return 0;
}
