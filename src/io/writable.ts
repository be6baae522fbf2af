/**
 * Checks, made before any work, that an output path can be written: a folder that is a folder (or
 * can be created under the nearest existing folder), a file whose folder is writable and which is
 * not itself a folder. The probe writes and removes a temp file in the nearest existing folder, so
 * read-only mounts, /proc and /sys fail here, not after an hour of simulation. Nothing is created.
 */
import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { tempPathFor } from './atomic-write.js';

/** Undefined when `dir` is usable as an output folder; otherwise what is wrong. */
export function folderProblem(dir: string): string | undefined {
  if (dir.trim() === '') return 'expected a folder path, got an empty string';
  const abs = path.resolve(dir);
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return `${dir} lies under a file, expected a folder`;
    if (code !== 'ENOENT') return `cannot use ${dir} (${code})`;
  }
  if (st && !st.isDirectory()) return `${dir} is a file, expected a folder`;
  return probe(st ? abs : nearestExisting(abs), dir);
}

/** Undefined when `file` can be written (its folder usable, itself not a folder); otherwise what is wrong. */
export function fileProblem(file: string): string | undefined {
  if (file.trim() === '') return 'expected a file path, got an empty string';
  const abs = path.resolve(file);
  try {
    const st = statSync(abs);
    if (st.isDirectory()) return `${file} is a folder, expected a file path`;
    if (!st.isFile()) return `${file} is not a regular file`;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return `${file} lies under a file, expected a path in a folder`;
    if (code !== 'ENOENT') return `cannot use ${file} (${code})`;
  }
  return folderProblem(path.dirname(abs));
}

function nearestExisting(abs: string): string {
  let d = path.dirname(abs);
  for (;;) {
    try {
      if (statSync(d).isDirectory()) return d;
      return '';
    } catch {
      const up = path.dirname(d);
      if (up === d) return d;
      d = up;
    }
  }
}

function probe(existing: string, shown: string): string | undefined {
  if (!existing) return `${shown} lies under a file, expected a folder`;
  const t = tempPathFor(path.join(existing, 'probe'));
  try {
    closeSync(openSync(t, 'wx'));
    rmSync(t, { force: true });
    return undefined;
  } catch (e) {
    return `cannot write in ${existing === path.resolve(shown) ? shown : existing} (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
}
