/**
 * `--set dotted.path=v1,v2,...`: values replace keys of the scenario's parsed YAML before it is
 * validated, so an override is checked by exactly the rules a value written in the file would be
 * (unknown keys, types, ranges). Values are YAML scalars: `20` is a number, `true` a boolean,
 * `GTX` a string; commas separate values (not inside [...], {...} or quotes).
 */
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../config/config-error.js';

export interface Override {
  /** Dotted key path into the scenario file, e.g. strategy.taker.interval_s. */
  path: string;
  value: unknown;
}

export interface SetFlag {
  path: string;
  values: unknown[];
}

const PATH_RE = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;

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
  if (!PATH_RE.test(p)) fail(`"${p}" is not a dotted key path`);
  const values = splitTopLevel(text.slice(eq + 1)).map((v) => {
    if (v.trim() === '') fail('empty value');
    try {
      return parseYaml(v) as unknown;
    } catch (e) {
      return fail(`value ${v} is not valid YAML (${(e as Error).message.split('\n')[0]})`);
    }
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

/**
 * Apply overrides to a parsed YAML document (in place; returns the root, created if the file was
 * empty). Missing mappings on the way are created; a non-mapping on the way is an error naming it.
 */
export function applyOverrides(root: unknown, overrides: readonly Override[], file: string): Record<string, unknown> {
  const top = (root ?? {}) as Record<string, unknown>;
  if (typeof top !== 'object' || Array.isArray(top)) throw new ConfigError(file, '', 'expected a mapping at the top level');
  for (const o of overrides) {
    const keys = o.path.split('.');
    let node = top;
    for (let i = 0; i < keys.length - 1; i++) {
      const k = keys[i]!;
      const next = node[k];
      if (next === undefined || next === null) node[k] = {};
      else if (typeof next !== 'object' || Array.isArray(next))
        throw new ConfigError(file, keys.slice(0, i + 1).join('.'), `--set ${o.path}: this key holds a value, not a mapping`);
      node = node[k] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]!] = o.value;
  }
  return top;
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
