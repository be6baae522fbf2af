/**
 * JSON text for reports: keys in insertion order (the report builder inserts them in a fixed
 * order), two-space indent, trailing newline; an object or array whose values are all plain
 * (numbers, strings, booleans, null) and that has at most 8 of them sits on one line, so a
 * window's funnel row reads as one line. Kept in one place so sim, goldens and serve agree byte
 * for byte. Output is valid JSON (JSON.parse reads it back unchanged).
 */
const INLINE_MAX = 8;

const plain = (v: unknown): boolean => v === null || typeof v !== 'object';

function write(v: unknown, indent: string): string {
  if (plain(v)) return JSON.stringify(v) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.length <= INLINE_MAX && v.every(plain)) return `[${v.map((x) => JSON.stringify(x) ?? 'null').join(', ')}]`;
    return `[\n${v.map((x) => `${inner}${write(x, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  if (entries.length <= INLINE_MAX && entries.every(([, x]) => plain(x)))
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}: ${JSON.stringify(x)}`).join(', ')}}`;
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, inner)}`).join(',\n')}\n${indent}}`;
}

export function stableJson(value: unknown): string {
  return `${write(value, '')}\n`;
}
