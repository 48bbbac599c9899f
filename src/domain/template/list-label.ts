import { stripHtmlComments, type Token } from './markdown.js';
import type { ListLabel } from './document-tree.js';

export const BOLD_LABEL = /^\s*(?:\*\*|__)([^*_\n]{1,80}?)(?:[:：]\s*(?:\*\*|__)|(?:\*\*|__)\s*[:：])[ \t]*(\S.*)?$/;

/**
 * A template's way to say "the boxes below answer a question": an HTML comment or a parenthetical.
 * "Check all" and "tick all" alone are not one: "Check all of the following before closing:" opens
 * steps; "all that apply" marks a pick list ("escalate any that apply" does not: it is a step's words).
 */
const PICK_ONE_MARK = /\b(?:pick|choose|select|check|tick)\s(?:one|1)\b|\bone\sof\b/i;
const PICK_ANY_MARK = /\b(?:pick|choose|select)\s(?:any|all|several|many)\b|\ball\sthat\sapply\b/i;

export function markOf(text: string): 'one' | 'any' | null {
  if (PICK_ONE_MARK.test(text)) return 'one';
  if (PICK_ANY_MARK.test(text)) return 'any';
  return null;
}

/** The text of HTML comments in a piece of source, for markers. */
export function commentsIn(text: string): string {
  let found = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('<!--', at);
    if (open === -1) return found;
    const close = text.indexOf('-->', open + 4);
    found += ` ${text.slice(open + 4, close === -1 ? text.length : close)}`;
    if (close === -1) return found;
    at = close + 3;
  }
}

/** A paragraph's last line as a list label: `**Detected by:**`, `Detected by:`, `How was it found?`. */
export function paragraphLabel(token: Token): ListLabel | null {
  const lines = token.content.split('\n');
  const raw = lines.at(-1) ?? '';
  if (raw.length > 200) return null;
  const line = (token.map?.[0] ?? 0) + lines.length;
  const bare = stripHtmlComments(raw).trim();
  const mark = markOf(commentsIn(raw)) ?? markOf(bare);
  const bold = BOLD_LABEL.exec(bare);
  if (bold)
    return (bold[2] ?? '').trim() === '' ? { text: (bold[1] ?? '').trim(), line, kind: 'paragraph', mark } : null;
  const text = bare.replace(/[*_]/g, '').trim();
  if (!/[:?：？]$/.test(text)) return null;
  return { text: text.replace(/[:：]$/, '').trim(), line, kind: 'paragraph', mark };
}
