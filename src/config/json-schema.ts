import { z } from 'zod';
import { configSchema } from './schema.js';

/** JSON Schema of `.github/incident.yml` for editors, generated from the zod schema (input side: every key optional). */
export function configJsonSchema(): object {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
  return {
    ...schema,
    $id: 'https://github.com/incident-responder/incident-responder/blob/main/incident.schema.json',
    title: 'incident-responder configuration (.github/incident.yml)',
  };
}
