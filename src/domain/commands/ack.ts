import { defineVerb, noArguments } from './verb.js';

/** `ack`: the incident is acknowledged; acknowledgement is never taken back. */
export const ack = defineVerb<{ verb: 'ack' }>({
  verb: 'ack',
  aliases: ['acknowledge'],
  args: '',
  help: 'the incident is acknowledged',
  parse: noArguments('ack'),
  record: ({ metadata, at }) => (metadata.acknowledgedAt === null ? { ...metadata, acknowledgedAt: at } : metadata),
  timeline: ({ at, actor }) => ({ at, kind: 'acknowledged', text: 'Acknowledged', actor }),
});
