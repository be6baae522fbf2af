/**
 * Which code produced a result: the package version plus a fingerprint of the compiled code
 * (dist/**\/*.js). Cached runs and queued jobs are keyed by both, so a result is never reused
 * across code changes that could move it, and a worker only serves jobs of its own build. The
 * fingerprint depends on file contents and relative paths only, so the same commit built on two
 * machines gives the same value (the build script empties dist/ first, so no stale file lingers).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ProjectVersion {
  /** package.json `version`. */
  version: string;
  /** First 12 hex digits of the SHA-256 over dist/'s .js files (path and content, sorted by path). */
  build: string;
}

/** The package root: this file lives in src/sweep/ or dist/sweep/. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let cached: ProjectVersion | undefined;

export function projectVersion(): ProjectVersion {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  const dist = path.join(PACKAGE_ROOT, 'dist');
  if (!existsSync(dist)) throw new Error(`${dist} is missing; run \`npm run build\` first`);
  const h = createHash('sha256');
  for (const rel of jsFiles(dist, '')) {
    h.update(rel);
    h.update('\0');
    h.update(readFileSync(path.join(dist, rel)));
    h.update('\0');
  }
  cached = { version: pkg.version, build: h.digest('hex').slice(0, 12) };
  return cached;
}

function jsFiles(root: string, rel: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...jsFiles(root, r));
    else if (e.name.endsWith('.js')) out.push(r);
  }
  return out.sort();
}
