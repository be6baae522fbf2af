/** `rocky-bot schema scenario|keys|live-config`: print the JSON Schema of a config file (for editors and tools). */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { jsonSchema, SCHEMA_NAMES, type SchemaName } from '../config/json-schema.js';
import type { CliIo } from './io.js';

interface SchemaArgs {
  name: SchemaName;
}

export const schemaCommand = (io: CliIo, run: (job: () => Promise<number>) => void): CommandModule<object, SchemaArgs> => ({
  command: 'schema <name>',
  describe: 'Print the JSON Schema of a config file: scenario, keys or live-config',
  builder: (y: Argv<object>) =>
    y
      .positional('name', { type: 'string', choices: [...SCHEMA_NAMES], describe: 'which config' })
      .example('$0 schema scenario > scenario.schema.json', 'for an editor or a validator')
      .version(false) as unknown as Argv<SchemaArgs>,
  handler: (argv: ArgumentsCamelCase<SchemaArgs>) =>
    run(async () => {
      io.out(`${JSON.stringify(jsonSchema(argv.name), null, 2)}\n`);
      return 0;
    }),
});
