/**
 * A sweep's scenario is read once, by the sweep, and travels as text: every run (in a thread here or
 * in a worker on another machine) parses the very bytes that were hashed, so the content hash in the
 * cache key is the content that ran. Tapes the scenario names are read from disk where the run
 * happens (relative to the scenario's folder, as given relative to the working folder), and their
 * contents enter the cache key too.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config-error.js';
import { readConfigText } from '../config/read-text.js';
import { readYaml } from '../config/yaml-reader.js';
import { scenarioFromSource, type Scenario } from '../scenario/scenario.js';
import type { Override } from './overrides.js';

export interface ScenarioText {
  /** The path as given (normalised, '/' separators): runs resolve it against their working folder. */
  file: string;
  text: string;
  /** SHA-256 of the file's text (UTF-8). */
  sha256: string;
}

export function readScenarioText(file: string): ScenarioText {
  const text = readConfigText(file, 'scenario file');
  const given = path.normalize(file).split(path.sep).join('/');
  return { file: given, text, sha256: createHash('sha256').update(text).digest('hex') };
}

export interface RunInputs {
  overrides: readonly Override[];
  seed: number;
  /** Overrides the scenario's duration when given. */
  durationMs?: number;
}

/** Parse and validate the scenario (the one scenario schema) with the run's overrides, seed and duration. */
export function loadScenarioText(sc: Pick<ScenarioText, 'file' | 'text'>, run: RunInputs): Scenario {
  return scenarioFromSource(readYaml(sc.file, sc.text), path.dirname(path.resolve(sc.file)), {
    set: [...run.overrides],
    seed: run.seed,
    durationMs: run.durationMs,
  });
}

/** The tape files a loaded scenario reads, resolved, in symbol order. */
export function tapeFilesOf(s: Scenario): string[] {
  const out: string[] = [];
  for (const sym of s.symbols)
    if (sym.source.kind !== 'synthetic') out.push(...sym.source.files.map((f) => path.resolve(s.baseDir, f)));
  return out;
}

const tapeHashes = new Map<string, string>();

/** SHA-256 of a tape file, streamed in 1 MiB chunks and remembered for the process. */
export function tapeSha256(file: string): string {
  const known = tapeHashes.get(file);
  if (known) return known;
  const h = createHash('sha256');
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new ConfigError(file, '', `cannot read tape file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    const chunk = Buffer.alloc(1 << 20);
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) h.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  const hex = h.digest('hex');
  tapeHashes.set(file, hex);
  return hex;
}
