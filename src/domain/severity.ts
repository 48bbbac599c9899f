/**
 * Severity: which configured level a piece of text names, and which source wins
 * (label > `/incident severity` command > body field, DESIGN.md).
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
const SEVERITY_FIELD = /^(?:incident\s+)?(?:severity|sev)(?:\s+level)?$/i;

/** Field labels that carry the severity: `Severity`, `Incident severity`, `Sev`, `Severity level`. */
export function isSeverityField(label: string): boolean {
  return SEVERITY_FIELD.test(label.trim());
}

/** Markup off, lower case, one space: `**_High_**` -> `high`. */
function normalise(text: string): string {
  return text
    .replace(/[*_~`]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
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
    .filter((level) => wordsOf(level).some((w) => new RegExp(`(?:^|[^a-z0-9])${escapeRe(w)}(?:$|[^a-z0-9])`).test(text)))
    .map((level) => level.name);
}

/** The level a field value names. Several levels at once is a placeholder, not a choice. */
export function matchSeverity(params: { text: string; levels: readonly SeverityLevel[] }): SeverityMatch {
  const raw = params.text.trim();
  if (raw === '' || NO_RESPONSE.test(raw)) return { kind: 'none' };
  const text = normalise(raw);
  const exact = params.levels.find((level) => wordsOf(level).includes(text));
  if (exact) return { kind: 'level', level: exact.name };
  const named = levelsMentioned(text, params.levels);
  if (named.length === 1 && named[0] !== undefined) return { kind: 'level', level: named[0] };
  if (named.length > 1) return { kind: 'none' };
  return { kind: 'unknown', text: raw };
}

const SCOPE_FILLER = new Set(['for', 'only', 'incident', 'incidents', 'severity', 'severities', 'sev', 'level', 'levels', 'and', 'or', 'if', 'the', 'is']);

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
  const m = /^\s*(?:only\s+)?(?:for|if)\s+(.{1,80}?)\s+(?:incidents?|severity)\b/i.exec(params.text);
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
  if (params.commandSeverity) return { level: params.commandSeverity, source: 'command' };
  if (params.bodySeverity) return { level: params.bodySeverity, source: 'body' };
  return { level: null, source: null };
}
