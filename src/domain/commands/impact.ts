import { defineVerb, textArgument } from './verb.js';

/** `impact TEXT`: shown in the status comment and the report; the newest wins (it is not a timeline entry). */
export const impact = defineVerb<{ verb: 'impact'; text: string }>({
  verb: 'impact',
  args: 'TEXT',
  help: 'who or what is affected',
  field: 'impact',
  parse: textArgument('impact'),
  record: ({ metadata, command }) => ({ ...metadata, impact: command.text }),
});
