/**
 * Reading a config file's text: only regular files, and only up to a size no config reaches, so a
 * path such as /dev/zero or a folder is a clear error instead of a hang.
 */
import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from './config-error.js';

export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export function readConfigText(file: string, what: string): string {
  let problem: string;
  try {
    const st = statSync(file);
    if (st.isDirectory()) problem = `cannot read ${what}: it is a folder, expected a file`;
    else if (!st.isFile()) problem = `cannot read ${what}: not a regular file`;
    else if (st.size > MAX_CONFIG_BYTES) problem = `cannot read ${what}: ${st.size} bytes, expected at most ${MAX_CONFIG_BYTES}`;
    else return readFileSync(file, 'utf8');
  } catch (e) {
    problem = `cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
  throw new ConfigError(file, '', problem);
}
