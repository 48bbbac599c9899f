import { BOLD_LABEL } from './list-label.js';
import { plainText, stripHtmlComments, type Token } from './markdown.js';
import type { Heading, Table } from './document-tree.js';
import type { Vocabulary } from './languages/vocabulary.js';
import { isSeverityField, matchSeverity, type SeverityLevel } from './severity.js';
import { isImpactStartField, parseTimestamp } from './timestamps.js';
import { isPlainWindowField, WINDOW_END_FIELD, WINDOW_START_FIELD } from './window-fields.js';

const NO_RESPONSE = /^_no response_$/i;
/**
 * An unbolded severity line's value of more words than this (or of more Chinese, Japanese or Korean
 * characters, written without spaces) is prose, unless it names a level.
 */
const PLAIN_SEVERITY_WORDS = 3;
const PLAIN_SEVERITY_CJK_CHARS = 4;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** A few words naming a level, known or not (`Armageddon` is worth a warning); not a sentence. */
function answerLike(value: string): boolean {
  return (
    value.split(/\s+/).length <= PLAIN_SEVERITY_WORDS &&
    (value.match(CJK_CHAR)?.length ?? 0) <= PLAIN_SEVERITY_CJK_CHARS
  );
}
/** A clock time or a date in a value (`23:10`, `9h30`, `10時30`, `2026-11-28`, `28/11/2026`): an answer, not prose. */
const TIME_SHAPE = /\d{1,2}\s?[:h時]\s?\d{2}|\d{4}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}/i;
/**
 * An unbolded `Severity: High` / `Impact started: ...` / `End: ...` line; read only for the fields the app
 * uses. Labels are in any script (`Gravité : haute`, `Störungsbeginn: ...`, `重大度：高`), without an aside:
 * prose opens that way (`Started (rollback): ...`, `Priority (for the on-call): ...`); the full-width
 * colon of CJK text needs no space after it, the ASCII one does (`10:30`, `https://` are no labels).
 */
const PLAIN_LABEL = /^\s{0,3}(\p{L}[\p{L}\p{M} '’]{0,40}[?？]?)\s?(?::[ \t]+|：[ \t]*)(\S.*)$/u;

/** `### Label` + value (issue forms), `**Label:** value` lines and two-column tables (templates) -> fields. */
export function readFields(params: {
  lines: readonly string[];
  headings: readonly Heading[];
  topParagraphs: readonly Token[];
  /** The first paragraphs of a details list's items (read-blocks.ts): `- **Severity:** High`. */
  fieldItems: readonly Token[];
  tables: readonly Table[];
  itemLines: readonly number[];
  vocabulary: Vocabulary;
  levels: readonly SeverityLevel[];
}): { fields: Record<string, string>; fieldLines: Record<string, number> } {
  const fields: Record<string, string> = {};
  const fieldLines: Record<string, number> = {};
  const add = (label: string, value: string, line: number): void => {
    const key = label.trim();
    if (key === '' || Object.hasOwn(fields, key)) return;
    // A comment in a value is a note to the author (often the list of choices), never the answer.
    const bare = stripHtmlComments(value).trim();
    fields[key] = NO_RESPONSE.test(bare) ? '' : bare;
    fieldLines[key] = line;
  };
  // Issue-form bodies start with `### <first label>`; elsewhere a `###` heading is just a heading.
  const isForm = /^\s*### /.test(params.lines.find((l) => l.trim() !== '') ?? '');
  params.headings.forEach((heading, i) => {
    if (!isForm || heading.level !== 3) return;
    const end = params.headings[i + 1] ? (params.headings[i + 1]?.line ?? 1) - 1 : params.lines.length;
    if (params.itemLines.some((l) => l > heading.endLine && l <= end)) return;
    add(heading.text, params.lines.slice(heading.endLine, end).join('\n'), heading.line);
  });
  // A line's label and value: any bold label; unbolded labels are common prose ("Note: ..."), so only
  // the fields the app reads are taken from them.
  const labelled = (text: string): { label: string; value: string } | null => {
    const m = BOLD_LABEL.exec(text);
    if (m) return { label: m[1] ?? '', value: m[2] ?? '' };
    const plainLabel = text.length <= 400 ? PLAIN_LABEL.exec(stripHtmlComments(text)) : null;
    if (!plainLabel) return null;
    const label = plainLabel[1]?.trim() ?? '';
    const value = plainLabel[2] ?? '';
    // Prose opens with these labels too ("Priorité : à définir avec l'astreinte, puis cochez la gravité
    // ci-dessous", "Début : décrivez ici…"): an unbolded line counts when its value reads, or looks like
    // an answer the author should hear about (a few words, a date or a clock time), never hiding a field
    // below.
    const bare = stripHtmlComments(value).trim();
    const reads = isSeverityField(label, params.vocabulary)
      ? answerLike(bare) ||
        matchSeverity({ text: bare, levels: params.levels, vocabulary: params.vocabulary }).kind === 'level'
      : isImpactStartField(label, params.vocabulary)
        ? TIME_SHAPE.test(bare)
        : isPlainWindowField(label);
    return reads ? { label, value } : null;
  };
  for (const paragraph of params.topParagraphs) {
    const first = paragraph.map?.[0] ?? 0;
    paragraph.content.split('\n').forEach((text, offset) => {
      const read = labelled(text);
      if (read) add(read.label, read.value, first + offset + 1);
    });
  }
  for (const table of params.tables) {
    if (table.rows.some((row) => row.cells.length !== 2)) continue;
    for (const row of table.rows) {
      const label = plainText(row.cells[0] ?? [])
        .replace(/[:：]$/, '')
        .trim();
      // A header such as "| Field | Value |" names the columns, not a field.
      if (row === table.rows[0] && /^(?:field|key|name|item|property|label)?$/i.test(label)) continue;
      if (label.length <= 80) add(label, plainText(row.cells[1] ?? []), row.line);
    }
  }
  // A details list (`- **Severity:** SEV2` bullets) comes last, and only where it is unambiguous: a form
  // has its own fields (a pasted list in an answer is the answer's text); an item's wrapped lines are its
  // prose; and a label the bullets give two values (guidance above the answer, "SEV1 when every customer
  // is affected") is no field of theirs.
  if (!isForm) {
    const bullets = new Map<string, { values: Set<string>; label: string; value: string; line: number }>();
    for (const item of params.fieldItems) {
      const read = labelled(item.content.split('\n', 1)[0] ?? '');
      if (!read) continue;
      const kind = bulletKind(read.label, params.vocabulary);
      const bare = stripHtmlComments(read.value).trim();
      if (!bulletReads({ kind, value: bare, levels: params.levels, vocabulary: params.vocabulary })) continue;
      const same = bare.toLowerCase().replace(/\s+/g, ' ');
      const seen = bullets.get(kind);
      if (seen) seen.values.add(same);
      else
        bullets.set(kind, {
          values: new Set([same]),
          label: read.label,
          value: read.value,
          line: (item.map?.[0] ?? 0) + 1,
        });
    }
    for (const bullet of bullets.values()) if (bullet.values.size === 1) add(bullet.label, bullet.value, bullet.line);
  }
  return { fields, fieldLines };
}

/** What a bullet's label names: the severity (any of its labels), a time the app reads, or a field of its own. */
function bulletKind(label: string, vocabulary: Vocabulary): string {
  const key = label.trim().replace(/\s+/g, ' ').toLowerCase();
  if (isSeverityField(label, vocabulary)) return 'severity';
  if (isImpactStartField(label, vocabulary) || WINDOW_START_FIELD.test(key) || WINDOW_END_FIELD.test(key))
    return `time:${key}`;
  return key;
}

/**
 * A bullet's answer, as opposed to guidance written as a bullet ("SEV1 when every customer is affected",
 * "P1: add alerting on queue depth"): a severity is a level and nothing else (one or two words), a time
 * reads as a time, and any other field has a value.
 */
function bulletReads(params: {
  kind: string;
  value: string;
  levels: readonly SeverityLevel[];
  vocabulary: Vocabulary;
}): boolean {
  const { kind, value } = params;
  if (value === '' || NO_RESPONSE.test(value)) return false;
  if (kind === 'severity')
    return (
      value.split(/\s+/).length <= 2 &&
      matchSeverity({ text: value, levels: params.levels, vocabulary: params.vocabulary }).kind === 'level'
    );
  if (kind.startsWith('time:')) return parseTimestamp(value) !== null;
  return true;
}
