/** The languages the template reader knows, one file each: headings, field labels, severity words, time words, answer cues, placeholders, done-when verbs and roles. */
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { ja } from './ja.js';
import { ko } from './ko.js';
import type { Language } from './language.js';
import { nl } from './nl.js';
import { pl } from './pl.js';
import { pt } from './pt.js';
import { tr } from './tr.js';
import { zh } from './zh.js';
import { mergeLanguages, type Vocabulary } from './vocabulary.js';

export type { Language } from './language.js';
export type { Vocabulary } from './vocabulary.js';

/** Built-in languages by code (ISO 639-1). A Map: a code read from a config ("constructor") never reaches a prototype. */
export const BUILTIN_LANGUAGES: ReadonlyMap<string, Language> = new Map([
  ['en', en],
  ['de', de],
  ['fr', fr],
  ['es', es],
  ['pt', pt],
  ['it', it],
  ['nl', nl],
  ['tr', tr],
  ['pl', pl],
  ['ja', ja],
  ['zh', zh],
  ['ko', ko],
]);

export const BUILTIN_LANGUAGE_CODES: readonly string[] = [...BUILTIN_LANGUAGES.keys()];

/** A team's additions to a language (or a new language): each list is added to the built-in one. */
export type LanguagePatch = {
  [K in Exclude<keyof Language, 'doneWhen'>]?: Partial<Language[K]>;
} & { doneWhen?: { verbs?: string[]; roles?: Partial<Language['doneWhen']['roles']> } };

function extend(base: Language | undefined, patch: LanguagePatch | undefined): Language {
  const empty: Language = {
    headings: { actionItems: [], postIncident: [], agenda: [], immediate: [], first: [] },
    fields: { severity: [], impactStart: [], action: [], owner: [], status: [] },
    severity: {},
    time: { minute: [], hour: [], day: [], week: [] },
    cues: { question: [], choice: [], state: [], condition: [], answers: [], attestation: [] },
    placeholders: { nouns: [], instructions: [], here: [], objects: [] },
    doneWhen: { verbs: [], roles: { lead: [], scribe: [], comms: [] } },
  };
  const b = base ?? empty;
  if (!patch) return b;
  const lists = <T extends Record<string, readonly string[]>>(x: T, y: Partial<T> | undefined): T =>
    Object.fromEntries(
      Object.entries(x).map(([k, v]) => [k, [...v, ...((y?.[k] as string[] | undefined) ?? [])]]),
    ) as unknown as T;
  const roles = patch.doneWhen?.roles;
  return {
    headings: lists(b.headings, patch.headings),
    fields: lists(b.fields, patch.fields),
    severity: { ...b.severity, ...(patch.severity as Language['severity'] | undefined) },
    time: lists(b.time, patch.time),
    cues: lists(b.cues, patch.cues),
    placeholders: lists(b.placeholders, patch.placeholders),
    doneWhen: {
      verbs: [...b.doneWhen.verbs, ...(patch.doneWhen?.verbs ?? [])],
      roles: lists(b.doneWhen.roles, roles),
    },
  };
}

/** The vocabulary of the enabled languages, each extended by the team's additions (`languages` in the config). */
export function vocabularyOf(params: {
  enabled: readonly string[];
  custom?: Readonly<Record<string, LanguagePatch>>;
}): Vocabulary {
  const custom = params.custom ?? {};
  const codes = [...new Set([...params.enabled, ...Object.keys(custom)])];
  return mergeLanguages(
    codes.map((code) => [
      code,
      extend(BUILTIN_LANGUAGES.get(code), Object.hasOwn(custom, code) ? custom[code] : undefined),
    ]),
  );
}

/** Every built-in language, nothing added: what the reader uses without a config. */
export const DEFAULT_VOCABULARY: Vocabulary = vocabularyOf({ enabled: BUILTIN_LANGUAGE_CODES });
