import { addLabel, defineVerb, noArguments } from './verb.js';

/** `mitigated`: records the time and adds the first mitigated label (labels are what people filter on). */
export const mitigated = defineVerb<{ verb: 'mitigated' }>({
  verb: 'mitigated',
  args: '',
  help: 'the impact is mitigated',
  parse: noArguments('mitigated'),
  record: ({ metadata, at }) => (metadata.mitigatedAt === null ? { ...metadata, mitigatedAt: at } : metadata),
  effects: ({ issue, settings, origin }) => addLabel(issue, settings.mitigatedLabels[0], origin),
  timeline: ({ at, actor }) => ({ at, kind: 'mitigated', text: 'Mitigated', actor }),
});
