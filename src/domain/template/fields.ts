import { BOLD_LABEL } from './list-label.js';
import { plainText, stripHtmlComments, type Token } from './markdown.js';
import type { Heading, Table } from './document-tree.js';
import type { Vocabulary } from './languages/vocabulary.js';
import { isSeverityField } from './severity.js';
import { isImpactStartField } from './timestamps.js';
import { isPlainWindowField } from './window-fields.js';

const NO_RESPONSE = /^_no response_$/i;
/** An unbolded `Severity: High` / `Impact started: ...` / `End: ...` line; read only for the fields the app uses. */
const PLAIN_LABEL = /^\s{0,3}([A-Z][A-Z ]{0,40}\??)\s?:[ \t]+(\S.*)$/i;

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
    const label = plainLabel?.[1]?.trim() ?? '';
    return plainLabel &&
      (isSeverityField(label, params.vocabulary) || isImpactStartField(label) || isPlainWindowField(label))
      ? { label, value: plainLabel[2] ?? '' }
      : null;
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
        .replace(/:$/, '')
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
    const bullets = new Map<string, { values: Set<string>; value: string; line: number }>();
    for (const item of params.fieldItems) {
      const read = labelled(item.content.split('\n', 1)[0] ?? '');
      if (!read) continue;
      const key = read.label.trim();
      const seen = bullets.get(key);
      if (seen) seen.values.add(read.value.trim());
      else
        bullets.set(key, { values: new Set([read.value.trim()]), value: read.value, line: (item.map?.[0] ?? 0) + 1 });
    }
    for (const [label, bullet] of bullets) if (bullet.values.size === 1) add(label, bullet.value, bullet.line);
  }
  return { fields, fieldLines };
}
