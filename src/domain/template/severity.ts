import { foldText, isPhrase } from './languages/phrases.js';
import type { Vocabulary } from './languages/vocabulary.js';
import { stripHtmlComments } from './markdown.js';
import { trimTrailing } from '../shared/trim.js';

/**
 * Severity: which configured level a piece of text names, and which source wins
 * (label > `/incident severity` command > body field). One reader for every place a
 * severity is written: body fields, pick-one lists, issue-form dropdown options (`check`), commands.
 */

export interface SeverityLevel {
  name: string;
  /** Other words for the level (`critical`, `sev1`, ...), matched case-insensitively. */
  aliases: string[];
  /** The label that carries the level on the issue. */
  label: string;
}

export type SeverityMatch =
  | { kind: 'level'; level: string }
  /** Empty, `_No response_`, or a template placeholder naming several levels (`_High/Medium/Low_`). */
  | { kind: 'none' }
  | { kind: 'unknown'; text: string };

const NO_RESPONSE = /^_?no response_?$/i;
/** A closing parenthetical: `(pick one)`, `（1つ選択）`. */
const TRAILING_ASIDE = /\s?[(（][^()（）]{0,40}[)）]\s?$/;
const SEVERITY_FIELD = /^(?:incident\s)?(?:severity|sev|priority|impact\slevel)(?:\slevel)?$/i;

/**
 * Field labels that carry the severity: `Severity`, `Incident severity`, `Sev`, `Severity level`,
 * `Priority`; a parenthetical ("Severity (pick one)") and a closing colon or question mark are ignored.
 */
export function isSeverityField(label: string, vocabulary?: Vocabulary): boolean {
  const bare = trimTrailing(label.split('(')[0]?.split('（')[0] ?? '', ' :?*_：？')
    .replace(/\s+/g, ' ')
    .trim();
  if (SEVERITY_FIELD.test(bare)) return true;
  // The enabled languages' labels ("Priorität", "Gravité", "重要度", "심각도").
  return vocabulary !== undefined && bare.length <= 80 && isPhrase(foldText(bare), vocabulary.severityFields);
}

/**
 * Comments and markup off, lower case, one space, and the common scale spellings folded:
 * `**SEV-1**`, `Sev 1`, `Severity 1` -> `sev1`; `P-0` -> `p0`; `S 2` -> `s2`.
 */
function normalise(text: string): string {
  return stripHtmlComments(text)
    .replace(/[*_~`]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/\b(?:severity|sev)[\s-]?(\d)\b/g, 'sev$1')
    .replace(/\b([ps])[\s-]?(\d)\b/g, '$1$2');
}

function wordsOf(level: SeverityLevel): string[] {
  return [level.name, ...level.aliases].map((w) => w.toLowerCase());
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Levels named as whole words in `text`, in the order of the configured levels. */
function levelsMentioned(text: string, levels: readonly SeverityLevel[]): string[] {
  return levels
    .filter((level) =>
      wordsOf(level).some((w) => new RegExp(`(?:^|[^a-z0-9])${escapeRe(w)}(?:$|[^a-z0-9])`).test(text)),
    )
    .map((level) => level.name);
}

function levelOfWord(word: string, levels: readonly SeverityLevel[]): SeverityLevel | undefined {
  return levels.find((level) => wordsOf(level).includes(word));
}

/** Every part names a level, and more than one level is named: a list of the choices, not a choice. */
function namesSeveralLevels(parts: readonly string[], levelOf: (part: string) => SeverityLevel | undefined): boolean {
  if (parts.length < 2) return false;
  const named = new Set<string>();
  for (const part of parts) {
    const level = levelOf(part);
    if (!level) return false;
    named.add(level.name);
  }
  return named.size > 1;
}

/** `high/medium/low`, `SEV1 | SEV2`, `Degraded, Partial outage or Major outage`: the choices, not a choice. */
function isListOfLevels(text: string, levels: readonly SeverityLevel[]): boolean {
  const parts = text
    .split(/\s?[/|,]\s?|\sor\s/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return namesSeveralLevels(parts, (part) => levelOfWord(part, levels));
}

/** The level whose word opens the text ("High - Major functionality impacted"); the longest word wins. */
function leadingLevel(text: string, levels: readonly SeverityLevel[]): SeverityLevel | undefined {
  let best: { level: SeverityLevel; length: number } | undefined;
  for (const level of levels) {
    for (const word of wordsOf(level)) {
      if (word === '' || !text.startsWith(word) || /[a-z0-9]/.test(text.charAt(word.length))) continue;
      if (!best || word.length > best.length) best = { level, length: word.length };
    }
  }
  return best?.level;
}

/**
 * The level a field value names. The whole value, else the level word it opens with (a dropdown
 * answer such as "SEV-1 — Site-wide impact, major customers affected" is SEV-1 whatever words
 * follow), else the one level it mentions. Several levels at once is a placeholder, not a choice.
 */
export function matchSeverity(params: {
  text: string;
  levels: readonly SeverityLevel[];
  /** The enabled languages: their severity words ("hoch", "Majeur", "高") are read as the English ones. */
  vocabulary?: Vocabulary;
}): SeverityMatch {
  const raw = params.text.trim();
  if (raw === '' || NO_RESPONSE.test(raw)) return { kind: 'none' };
  const text = normalise(raw);
  if (text === '') return { kind: 'none' };
  const exact = levelOfWord(text, params.levels);
  if (exact) return { kind: 'level', level: exact.name };
  // A list keeps its hint: `High / Medium / Low (pick one)` is still the template's placeholder.
  if (isListOfLevels(text.replace(TRAILING_ASIDE, ''), params.levels)) return { kind: 'none' };
  // Before the English words: `Kritisch / Hoch / Medium / Niedrig` is a list, not "medium".
  if (params.vocabulary && isListOfTranslatedLevels(raw.replace(TRAILING_ASIDE, ''), params.levels, params.vocabulary))
    return { kind: 'none' };
  const leading = leadingLevel(text, params.levels);
  if (leading) return { kind: 'level', level: leading.name };
  const named = levelsMentioned(text, params.levels);
  if (named.length === 1 && named[0] !== undefined) return { kind: 'level', level: named[0] };
  if (named.length > 1) return { kind: 'none' };
  const translated = params.vocabulary ? translatedLevel(raw, params.levels, params.vocabulary) : null;
  return translated ? { kind: 'level', level: translated } : { kind: 'unknown', text: raw };
}

/** Between the choices of a list: slashes, bars, commas and dots of several scripts, and "or". */
const CHOICE_SEPARATOR = /[/|,、，・／｜]|\s(?:or|ou|oder|o|veya|lub|albo|или|또는|或)\s/iu;
/** A dash separates choices only in a list of three or more: `S2 - Alto` is one answer. */
const CHOICE_DASH = /\s[-–—]\s/;

/**
 * `Haute / Moyenne / Basse`, `Hoch | Mittel | Niedrig`, `高、中、低`, `Alta, Media o Baja`: the choices in
 * a template, as isListOfLevels in English (whose words count too: `Kritisch / Hoch / Medium / Niedrig`).
 */
function isListOfTranslatedLevels(raw: string, levels: readonly SeverityLevel[], vocabulary: Vocabulary): boolean {
  const split = (separator: RegExp) =>
    raw
      .slice(0, 200)
      .split(separator)
      .map((part) => foldText(part))
      .filter((part) => part !== '');
  let parts = split(CHOICE_SEPARATOR);
  if (parts.length < 2) {
    parts = split(CHOICE_DASH);
    if (parts.length < 3) return false;
  }
  return namesSeveralLevels(parts, (part) => levelOfWord(vocabulary.severityWords.get(part) ?? part, levels));
}

/**
 * The level the value's words name once read as English ("Majeur" -> "major"): the level word it opens
 * with (`Alta – caída mayor del servicio` is high, as `High - major outage` is), else the one it names;
 * null if none, or several in a list of choices (`Haute / Moyenne / Basse`).
 */
function translatedLevel(raw: string, levels: readonly SeverityLevel[], vocabulary: Vocabulary): string | null {
  const named: string[] = [];
  let opening: string | null = null;
  for (const [i, word] of foldText(raw.slice(0, 200)).split(' ').entries()) {
    const english = vocabulary.severityWords.get(word);
    const level = english === undefined ? undefined : levelOfWord(english, levels);
    if (!level) continue;
    if (i === 0) opening = level.name;
    if (!named.includes(level.name)) named.push(level.name);
  }
  if (named.length === 1) return named[0] ?? null;
  return /[/|]/.test(raw) ? null : opening;
}

const SCOPE_FILLER = new Set([
  'for',
  'only',
  'incident',
  'incidents',
  'severity',
  'severities',
  'sev',
  'level',
  'levels',
  'and',
  'or',
  'if',
  'the',
  'is',
]);

/**
 * The levels a heading (or a step's "For X/Y incidents," opening) is limited to, or null when the
 * text is not a severity scope. Every word must be a level or a filler word, so "High availability"
 * is not a scope but "Medium/High incidents" is.
 */
export function severityScope(params: { text: string; levels: readonly SeverityLevel[] }): string[] | null {
  const words = normalise(params.text)
    .split(/[\s/,&+|:()-]+/)
    .filter((w) => w !== '');
  if (words.length === 0 || words.length > 12) return null;
  const named = new Set<string>();
  for (const word of words) {
    if (SCOPE_FILLER.has(word)) continue;
    const level = params.levels.find((l) => wordsOf(l).includes(word));
    if (!level) return null;
    named.add(level.name);
  }
  return named.size === 0 ? null : params.levels.map((l) => l.name).filter((n) => named.has(n));
}

/** "For Medium/High incidents, write a report" -> the levels; null when the step has no such opening. */
export function stepSeverityScope(params: { text: string; levels: readonly SeverityLevel[] }): string[] | null {
  // A scope suffix: "Page the VP (if SEV1/SEV2)", "(only SEV1)"; a bare "(high|low)" is an aside, not a scope.
  const suffix = /\(\s?(?:only|if|for)\s([^()]{1,60})\)\s?$/i.exec(params.text.slice(-80));
  const scoped = suffix ? severityScope({ text: suffix[1] ?? '', levels: params.levels }) : null;
  if (scoped) return scoped;
  const m = /^\s*(?:only\s)?(?:for|if)\s(\S.{0,79}?)\s(?:incidents?|severity)\b/i.exec(
    params.text.replace(/\s+/g, ' ').slice(0, 200),
  );
  return m ? severityScope({ text: m[1] ?? '', levels: params.levels }) : null;
}

export type SeveritySource = 'label' | 'command' | 'body';

/** Label beats command beats body: a label is what filters and boards show, so it is the truth. */
export function resolveSeverity(params: {
  labels: readonly string[];
  levels: readonly SeverityLevel[];
  commandSeverity: string | null;
  bodySeverity: string | null;
}): { level: string | null; source: SeveritySource | null } {
  const labels = new Set(params.labels.map((l) => l.toLowerCase()));
  const fromLabel = params.levels.find((level) => labels.has(level.label.toLowerCase()));
  if (fromLabel) return { level: fromLabel.name, source: 'label' };
  // The command's level is read back from the status comment's metadata: only a configured level counts.
  const command = params.commandSeverity?.toLowerCase();
  const fromCommand = command ? params.levels.find((level) => level.name.toLowerCase() === command) : undefined;
  if (fromCommand) return { level: fromCommand.name, source: 'command' };
  if (params.bodySeverity) return { level: params.bodySeverity, source: 'body' };
  return { level: null, source: null };
}
