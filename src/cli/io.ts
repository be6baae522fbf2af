/**
 * What a command talks to: its output streams and the signals it listens to. `main(argv, io)` gets
 * one, so tests run every command in-process and read what it printed; the real process passes
 * stdout, stderr and `process`. Bad input is printed as `rocky-bot <cmd>: <message>` (one line per
 * problem) and exits 2.
 */
import type { EventEmitter } from 'node:events';
import { ConfigError } from '../config/config-error.js';
import { KeysError } from '../config/keys.js';

export interface CliIo {
  /** Text for stdout (callers end lines with \n). */
  out(text: string): void;
  /** Text for stderr. */
  err(text: string): void;
  /** SIGINT / SIGTERM source. */
  signals: EventEmitter;
}

export const processIo: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  signals: process,
};

/** Print a bad-input message (each line prefixed with the command) and return exit code 2. */
export function badInput(io: CliIo, cmd: string, message: string): 2 {
  const prefix = cmd ? `rocky-bot ${cmd}` : 'rocky-bot';
  for (const line of message.split('\n')) io.err(`${prefix}: ${line}\n`);
  return 2;
}

/** The message of a bad-input error (config, keys), or undefined for anything else. */
export function inputProblem(e: unknown): string | undefined {
  if (e instanceof ConfigError) return e.message;
  if (e instanceof KeysError) return e.problems.map((p) => `${e.file}: ${p}`).join('\n');
  return undefined;
}
