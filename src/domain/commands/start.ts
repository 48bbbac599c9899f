import { parseTimestamp } from '../template/timestamps.js';
import { defineVerb } from './verb.js';

/** `start TIME`: when the impact started; deadlines count from it. */
export const start = defineVerb<{ verb: 'start'; at: string }>({
  verb: 'start',
  args: 'YYYY-MM-DD HH:MM UTC',
  help: 'when the impact started (deadlines count from it)',
  field: 'start',
  parse: ({ rest }) => {
    const at = parseTimestamp(rest);
    if (!at)
      return { error: rest === '' ? 'the time is missing' : 'not a time with a date, e.g. 2026-11-23 13:40 UTC' };
    return { verb: 'start', at: at.toISOString() };
  },
  record: ({ metadata, command }) => ({ ...metadata, impactStartAt: command.at }),
  timeline: ({ command, at, actor }) => ({
    at,
    kind: 'impact-start',
    text: `Impact start set to ${command.at.slice(0, 16).replace('T', ' ')} UTC`,
    actor,
  }),
});
