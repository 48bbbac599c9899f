import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

/**
 * One markdown-it instance for issue bodies. CommonMark plus GFM tables and strikethrough (markdown-it's
 * default preset), raw HTML on so `<input type="checkbox">` reaches us as a token, no linkify (we only
 * read text). markdown-it caps nesting (maxNesting), which keeps 32,000 `> ` markers from recursing.
 */
const md = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
// Link targets are never read or rendered (only text is), so skip their URL normalisation: it parsed and
// punycode-encoded every URL and was a tenth of the parse time of a link-heavy body.
md.normalizeLink = (url: string): string => url;

export type { Token };

export function tokenize(body: string): Token[] {
  return md.parse(body, {});
}

export interface InlinePiece {
  kind: 'text' | 'code' | 'html';
  content: string;
}

/** The inline children flattened to text, code spans and raw HTML, markup dropped, breaks as spaces. */
export function inlinePieces(inline: Token): InlinePiece[] {
  const pieces: InlinePiece[] = [];
  for (const child of inline.children ?? []) {
    switch (child.type) {
      case 'text':
        pieces.push({ kind: 'text', content: child.content });
        break;
      case 'code_inline':
        pieces.push({ kind: 'code', content: child.content });
        break;
      case 'softbreak':
      case 'hardbreak':
        pieces.push({ kind: 'text', content: ' ' });
        break;
      case 'html_inline':
        pieces.push({ kind: 'html', content: child.content });
        break;
      case 'image':
        pieces.push({ kind: 'text', content: child.content });
        break;
      default:
        break;
    }
  }
  return pieces;
}

/** Pieces are never changed once made, and a list's judgement reads an item's up to four times. */
const plainTexts = new WeakMap<readonly InlinePiece[], string>();

/** Plain text of pieces: code spans keep their content, raw HTML is dropped. */
export function plainText(pieces: readonly InlinePiece[]): string {
  let text = plainTexts.get(pieces);
  if (text !== undefined) return text;
  text = '';
  for (const piece of pieces) if (piece.kind !== 'html') text += piece.content;
  text = text.replace(/\s+/g, ' ').trim();
  plainTexts.set(pieces, text);
  return text;
}

/** Text without HTML comments (`<!-- ... -->`; an unclosed one runs to the end). One pass, no regular expression. */
export function stripHtmlComments(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('<!--', at);
    if (open === -1) return out + text.slice(at);
    out += text.slice(at, open);
    const close = text.indexOf('-->', open + 4);
    if (close === -1) return out;
    at = close + 3;
  }
}
