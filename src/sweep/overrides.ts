/**
 * The sweep's `--set dotted.path=v1,v2,...`: `sim --set` with several values. Each value is read
 * exactly as `sim --set path=value` reads it (YAML: `20` a number, `true` a boolean, `GTX` a
 * string, `[a, b]` a list), and the scenario loader applies it before validation, so an override
 * passes the very checks a value in the file would. Commas separate values, except inside [...],
 * {...} or quotes.
 */
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../config/config-error.js';
import { parseSetFlag as parseOneSet, type SetOverride } from '../scenario/scenario.js';

/** One key set to one value (the scenario loader's own override). */
export type Override = SetOverride;

export interface SetFlag {
  path: string;
  values: unknown[];
}

export function parseSetFlag(text: string): SetFlag {
  const eq = text.indexOf('=');
  const fail = (problem: string): never => {
    throw new ConfigError(
      '',
      `--set ${text}`,
      `${problem}; expected dotted.path=value[,value...] such as strategy.taker.interval_s=20,30`,
    );
  };
  if (eq <= 0) fail('no "="');
  const p = text.slice(0, eq).trim();
  const values = splitTopLevel(text.slice(eq + 1)).map((v) => {
    if (v.trim() === '') fail('empty value');
    return parseOneSet(`${p}=${v}`).value;
  });
  const seen = new Set<string>();
  for (const v of values) {
    const k = JSON.stringify(v);
    if (seen.has(k)) fail(`value ${k} given twice`);
    seen.add(k);
  }
  return { path: p, values };
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/** How an override reads on a command line: `path=value` (strings bare when YAML reads them back the same). */
export function formatOverride(o: Override): string {
  return `${o.path}=${formatValue(o.value)}`;
}

export function formatValue(v: unknown): string {
  if (typeof v === 'string') {
    const bare = /^[A-Za-z0-9_.\-/:+]+$/.test(v) && parseYaml(v) === v;
    return bare ? v : JSON.stringify(v);
  }
  return JSON.stringify(v);
}
