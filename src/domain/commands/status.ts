import { defineVerb, textArgument } from './verb.js';

/** `status TEXT`: a status update; it resets the status-update clock and recurring steps. */
export const status = defineVerb<{ verb: 'status'; text: string }>({
  verb: 'status',
  args: 'TEXT',
  help: 'post a status update (resets the status update clock)',
  parse: textArgument('status'),
  // A late-delivered older update never replaces a newer one.
  record: ({ metadata, command, at }) =>
    metadata.lastStatusUpdateAt === null || metadata.lastStatusUpdateAt <= at
      ? { ...metadata, lastStatusUpdateAt: at, lastStatusText: command.text }
      : metadata,
  timeline: ({ command, at, actor }) => ({ at, kind: 'status', text: `Status update: ${command.text}`, actor }),
});
