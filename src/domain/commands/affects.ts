import { defineVerb } from './verb.js';

/**
 * `affects COMPONENT[, COMPONENT…]`: the components of the status page this incident affects; the newest
 * command wins (`affects none` clears them). Names are matched to `status_page.components` when the page
 * is built; a name the config does not list is said in the status comment, never published.
 */
export type AffectsCommand = { verb: 'affects'; components: string[] };

const MAX_NAMED = 20;
const MAX_NAME = 60;

export const affects = defineVerb<AffectsCommand>({
  verb: 'affects',
  args: 'COMPONENT[, COMPONENT…]',
  help: 'name the status page components this incident affects (`none` to clear)',
  field: 'affects',
  parse: ({ rest }) => {
    if (rest === '') return { error: 'name at least one component (or `none`)' };
    if (rest.toLowerCase() === 'none') return { verb: 'affects', components: [] };
    const names = [...new Set(rest.split(',').map((n) => n.trim()))].filter((n) => n !== '');
    if (names.length > MAX_NAMED) return { error: `at most ${MAX_NAMED} components` };
    if (names.some((n) => n.length > MAX_NAME))
      return { error: `a component name is longer than ${MAX_NAME} characters` };
    return { verb: 'affects', components: names };
  },
  record: ({ metadata, command }) => ({
    ...metadata,
    statusPage: { ...metadata.statusPage, components: command.components },
  }),
  timeline: ({ command, at, actor }) => ({
    at,
    kind: 'note',
    text: command.components.length === 0 ? 'Affects no component' : `Affects ${command.components.join(', ')}`,
    actor,
  }),
});
