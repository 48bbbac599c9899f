import { defineVerb, textArgument } from './verb.js';

/** `summary TEXT`: shown in the status comment and the report; the newest wins (it is not a timeline entry). */
export const summary = defineVerb<{ verb: 'summary'; text: string }>({
  verb: 'summary',
  args: 'TEXT',
  help: 'one-line summary of the incident',
  field: 'summary',
  parse: textArgument('summary'),
  record: ({ metadata, command }) => ({ ...metadata, summary: command.text }),
});
