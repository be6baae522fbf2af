#!/usr/bin/env node
// Thin launcher: the TypeScript sources are compiled to dist/ by `npm ci` (the "prepare" script),
// so a newcomer never has to remember a build step.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('rocky-bot: dist/ is missing; run `npm ci` (or `npm run build`) first.\n');
  process.exit(2);
}
await import(entry.href);
