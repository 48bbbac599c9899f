import { defineVerb, noArguments } from './verb.js';

/** `report`: render the incident report now (also before resolution). */
export const report = defineVerb<{ verb: 'report' }>({
  verb: 'report',
  args: '',
  help: 'render the incident report now',
  parse: noArguments('report'),
  effects: ({ issue }) => ({ intents: [], issue, reportRequested: true }),
});
