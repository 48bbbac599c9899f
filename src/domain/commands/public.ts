import { defineVerb, textArgument } from './verb.js';

/**
 * `public TEXT`: an update for the people outside, published on the status page and its feeds
 * (`status_page:`). `/incident status` stays internal: only this verb's text ever leaves the issue. A
 * text that opens with `identified:` also says the cause is known (the page shows "identified").
 */
export type PublicCommand = { verb: 'public'; text: string; identified: boolean };

const IDENTIFIED = 'identified:';

export const publicUpdate = defineVerb<PublicCommand>({
  verb: 'public',
  args: 'TEXT',
  help: 'post an update on the public status page (`identified: TEXT` when the cause is known)',
  parse: (params) => {
    const parsed = textArgument('public')(params);
    if ('error' in parsed) return parsed;
    const identified = parsed.text.toLowerCase().startsWith(IDENTIFIED);
    const text = identified ? parsed.text.slice(IDENTIFIED.length).trim() : parsed.text;
    if (text === '') return { error: 'the text is missing' };
    return { verb: 'public', text, identified };
  },
  record: ({ metadata, command, at }) => {
    const page = metadata.statusPage;
    const identifiedAt =
      command.identified && (page.identifiedAt === null || at < page.identifiedAt) ? at : page.identifiedAt;
    return { ...metadata, statusPage: { ...page, updates: page.updates + 1, identifiedAt } };
  },
  timeline: ({ command, at, actor }) => ({ at, kind: 'public', text: `Public update: ${command.text}`, actor }),
});
