import { boundedMemo } from '../domain/shared/bounded-memo.js';

/**
 * Untrusted text (issue bodies, comments, titles) rendered into the app's own comments, issues and
 * reports stays data: it cannot open an HTML comment (and so cannot forge the app's markers or hide
 * what follows), cannot ping people or teams, cannot auto-link issues (which would post a
 * cross-reference on them), and renders as the literal text the user typed.
 */

/** U+200B ZERO WIDTH SPACE: invisible, and enough to stop GitHub from reading `@name` or `#123`. */
const ZWSP = '\u200b';

/**
 * What GitHub reads as a mention or a reference: `@` before a name, `#` before a number, `GH` before
 * `-12` (also after markdown escaping, which turns `GH-12` into `GH\-12`). One pass over the text (the
 * whole status comment goes through it on every edit): the three never overlap, as none of them starts
 * inside another.
 */
const REFERENCE = /@(?=[\da-z])|#(?=\d)|\bGH(?=\\?-\d)/gi;

/** `@user`, `@org/team` -> not a mention; `#123`, `GH-123`, `owner/repo#1` -> not a reference. */
export function neutraliseReferences(text: string): string {
  return text.replace(REFERENCE, `$&${ZWSP}`);
}

/** No `<!--` or `-->` survives, so text can never start or end an HTML comment (our markers). */
export function neutraliseMarkers(text: string): string {
  return text.replace(/<!--/g, '&lt;!--').replace(/--!?>/g, '--&gt;');
}

/** Characters CommonMark may read as markup, escaped with a backslash. */
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()<>#+\-.!|~&]/g;

/** Escaped, cut to `maxLength`, references neutralised. */
function escapeText(text: string, maxLength: number): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  const cut = folded.length > maxLength ? `${folded.slice(0, maxLength - 1)}…` : folded;
  return neutraliseReferences(cut.replace(MARKDOWN_SPECIAL, '\\$&'));
}

/** Longer texts (a pasted log as a summary) are escaped each time rather than kept. */
const KEPT_CHARS = 512;

/**
 * The same step, section and role texts are rendered again on every status update: results are kept, one
 * memo per length limit (a handful are used), keyed by the text itself: the texts come from parses that
 * are kept too, so a lookup hashes nothing new.
 */
const escapedByLimit = new Map<number, (text: string) => string>();
/** Limits are constants at the call sites; should one ever be computed, the memos stay few. */
const MAX_LIMITS = 32;

/** One line of plain text for inline markdown: escaped, references neutralised, newlines folded. */
export function inlineText(text: string, maxLength = 300): string {
  let escaped = escapedByLimit.get(maxLength);
  if (!escaped) {
    if (escapedByLimit.size >= MAX_LIMITS) return escapeText(text, maxLength);
    escaped = boundedMemo({
      limit: 2_048,
      compute: (key: string) => escapeText(key, maxLength),
      keep: (key) => key.length <= KEPT_CHARS,
    });
    escapedByLimit.set(maxLength, escaped);
  }
  return escaped(text);
}
