/**
 * JSON text for reports: two-space indent, keys in insertion order (the report builder inserts them
 * in a fixed order), trailing newline. Kept in one place so sim, goldens and serve agree byte for byte.
 */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
