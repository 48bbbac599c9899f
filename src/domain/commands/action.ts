import { defineVerb, textArgument } from './verb.js';

/** `action TEXT`: an action item, opened as a follow-up issue at once (a command is deliberate). */
export const action = defineVerb<{ verb: 'action'; text: string }>({
  verb: 'action',
  args: 'TEXT',
  help: 'record an action item (opens a follow-up issue)',
  parse: textArgument('action'),
  effects: ({ command, issue, commentId, line }) => ({
    intents: [],
    issue,
    actionItems: [{ id: `c${commentId}-${line}`, text: command.text }],
  }),
  timeline: ({ command, at, actor }) => ({ at, kind: 'action', text: `Action item: ${command.text}`, actor }),
});
