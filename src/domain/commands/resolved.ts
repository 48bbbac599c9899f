import { addLabel, defineVerb, noArguments } from './verb.js';

/** `resolved`: closes the issue (`commands.resolve_closes`), else adds the first resolved label. */
export const resolved = defineVerb<{ verb: 'resolved' }>({
  verb: 'resolved',
  args: '',
  help: 'the incident is resolved (closes the issue)',
  parse: noArguments('resolved'),
  // When resolving closes the issue, the close is the record.
  record: ({ metadata, at, settings }) =>
    !settings.resolveCloses && metadata.resolvedAt === null ? { ...metadata, resolvedAt: at } : metadata,
  effects: ({ issue, settings, origin }) => {
    if (!settings.resolveCloses) return addLabel(issue, settings.resolvedLabels[0], origin);
    if (issue.state === 'closed') return { intents: [], issue };
    return { intents: [{ kind: 'close', origin }], issue: { ...issue, state: 'closed' } };
  },
  timeline: ({ at, actor }) => ({ at, kind: 'resolved', text: 'Resolved', actor }),
});
