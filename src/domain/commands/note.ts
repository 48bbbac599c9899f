import { defineVerb, textArgument } from './verb.js';

/** `note TEXT`: a line in the timeline, nothing else. */
export const note = defineVerb<{ verb: 'note'; text: string }>({
  verb: 'note',
  args: 'TEXT',
  help: 'add a note to the timeline',
  parse: textArgument('note'),
  timeline: ({ command, at, actor }) => ({ at, kind: 'note', text: command.text, actor }),
});
