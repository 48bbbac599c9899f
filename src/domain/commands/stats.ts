import { reportIndexTarget } from '../reports/report-index-target.js';
import { defineVerb, noArguments } from './verb.js';

/** `stats`: refresh the index of the reports repository now; the reply links its pull request (or says why not). */
export const stats = defineVerb<{ verb: 'stats' }>({
  verb: 'stats',
  args: '',
  help: 'refresh the index of the incident reports (metrics and charts across incidents)',
  parse: noArguments('stats'),
  effects: ({ issue, settings, origin }) => ({
    intents: [
      {
        kind: 'refresh-index',
        decision: reportIndexTarget({ reports: settings.reports, optIn: settings.visibility }),
        origin,
      },
    ],
    issue,
  }),
});
