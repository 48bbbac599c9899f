import { z } from 'zod';
import { BUILTIN_LANGUAGE_CODES } from '../domain/template/languages/index.js';

/**
 * `languages` in `.github/incident.yml`: which built-in languages the template reader tries (all by
 * default, every body against all of them) and a team's own words. Words are data: matched as whole
 * words or substrings, never compiled, and bounded in number and length.
 */
const MAX_PHRASES = 50;
const phrase = z.string().min(1).max(80);
const phrases = (what: string) => z.array(phrase).max(MAX_PHRASES).optional().describe(what);
const ENGLISH_SEVERITY = ['critical', 'high', 'major', 'medium', 'moderate', 'minor', 'low'] as const;

const languagePatch = z
  .strictObject({
    headings: z
      .strictObject({
        actionItems: phrases('Headings whose task items and tables are action items.'),
        postIncident: phrases('Headings of the phase after resolution.'),
        agenda: phrases('Headings of a meeting agenda: its time boxes are not deadlines.'),
        immediate: phrases('"Immediate" in a heading.'),
        first: phrases('"First" in "First 15 minutes".'),
      })
      .optional(),
    fields: z
      .strictObject({
        severity: phrases('Field labels that carry the severity.'),
        impactStart: phrases('Field labels that carry the impact start.'),
        action: phrases('Action-item table column: the item.'),
        owner: phrases('Action-item table column: the owner.'),
        status: phrases('Action-item table column: done or not.'),
      })
      .optional(),
    severity: z
      .record(z.string().min(1).max(40), z.enum(ENGLISH_SEVERITY))
      .optional()
      .describe('Severity answers -> the English word the configured levels know, e.g. `hoch: high`.'),
    time: z
      .strictObject({
        minute: phrases('Words for minutes.'),
        hour: phrases('Words for hours.'),
        day: phrases('Words for days.'),
        week: phrases('Words for weeks.'),
      })
      .optional(),
    cues: z
      .strictObject({
        question: phrases('First words of a label that asks a question.'),
        choice: phrases('Words of a label that offers a choice.'),
        state: phrases('Words of a label that records a state.'),
        condition: phrases('Words of a label that sets a condition.'),
        answers: phrases('Items that are answers wherever they stand ("yes", "no").'),
        attestation: phrases('Openings of items that attest something ("I confirm").'),
      })
      .optional(),
    placeholders: z
      .strictObject({
        nouns: phrases('Nouns of numbered fill-ins ("Action 1").'),
        instructions: phrases("Verbs of an instruction to the template's user."),
        here: phrases('"Here": where to write.'),
        objects: phrases('Objects that make an instruction a fill-in ("owners and due dates").'),
      })
      .optional(),
    doneWhen: z
      .strictObject({
        verbs: phrases('Verbs that give a role ("appoint").'),
        roles: z
          .strictObject({
            lead: phrases('Nouns for the incident lead.'),
            scribe: phrases('Nouns for the scribe.'),
            comms: phrases('Nouns for the communications lead.'),
          })
          .optional(),
      })
      .optional(),
  })
  .describe('Words added to a language (each list is added to the built-in one).');

export const languagesSection = z
  .strictObject({
    enabled: z
      .array(z.enum(BUILTIN_LANGUAGE_CODES as [string, ...string[]]))
      .max(BUILTIN_LANGUAGE_CODES.length)
      .default([...BUILTIN_LANGUAGE_CODES])
      .describe('Built-in languages the template reader tries; every body is read against all of them.'),
    custom: z
      .record(
        z.string().regex(/^[a-z]{2,3}(?:-[a-z\d]{2,8})?$/, 'a language code such as "de" or "pt-br"'),
        languagePatch,
      )
      .default({})
      .refine((custom) => Object.keys(custom).length <= 20, { message: 'at most 20 languages' })
      .describe('Words a team adds, by language code: a built-in language is extended, a new code is added.'),
  })
  .default({ enabled: [...BUILTIN_LANGUAGE_CODES], custom: {} })
  .describe('The languages templates are written in (docs/templates.md, "Languages").');
