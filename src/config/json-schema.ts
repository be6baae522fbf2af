/**
 * JSON Schemas of the configs, generated from the zod schemas (the input side: what a file may
 * contain, with defaults shown). Cross-field checks (unique names, references, min ≤ max) are not
 * expressible in JSON Schema and are done by the loaders only. Printed by `rocky-bot schema`;
 * schemas/*.schema.json are these, committed for editors (a test keeps them in sync).
 */
import { z } from 'zod';
import { keysSchema } from './schema/keys.js';
import { liveConfigSchema } from './schema/live-config.js';
import { scenarioSchema } from './schema/scenario.js';

export const SCHEMA_NAMES = ['scenario', 'keys', 'live-config'] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

const SOURCES: Record<SchemaName, { schema: z.ZodType; title: string; description: string }> = {
  scenario: {
    schema: scenarioSchema,
    title: 'rocky-bot scenario',
    description: 'A scenario file for `rocky-bot sim` / `serve` (docs/scenarios.md).',
  },
  keys: { schema: keysSchema, title: 'rocky-bot keys file', description: 'The .keys.json of `rocky-bot live` (docs/live.md).' },
  'live-config': {
    schema: liveConfigSchema,
    title: 'rocky-bot live config',
    description: 'The --config file of `rocky-bot live`: strategy overrides and a live: section (docs/live.md).',
  },
};

export function jsonSchema(name: SchemaName): Record<string, unknown> {
  const s = SOURCES[name];
  const js = z.toJSONSchema(s.schema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = js;
  return {
    $schema,
    $id: `https://rocky-bot.invalid/schemas/${name}.schema.json`,
    title: s.title,
    description: s.description,
    ...rest,
  };
}
