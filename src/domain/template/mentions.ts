import type { InlinePiece } from './markdown.js';

const MENTION = /(?<![\w@`/])@([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})(?![\w/-])/gi;

/** The @logins a piece of text mentions, in order, once each. */
export function mentionsIn(pieces: readonly InlinePiece[]): string[] {
  const found: string[] = [];
  for (const piece of pieces) {
    if (piece.kind !== 'text') continue;
    for (const m of piece.content.matchAll(MENTION)) if (m[1] && !found.includes(m[1])) found.push(m[1]);
  }
  return found;
}
