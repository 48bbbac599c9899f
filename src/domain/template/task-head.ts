import { inlinePieces, type InlinePiece, type Token } from './markdown.js';

/** GitHub strips raw `<input>` from rendered issues, so such an item can never be ticked. */
const RAW_CHECKBOX = /^<input\s[^>]*\btype\s*=\s*["']?checkbox\b[^>]*>/i;
export const TASK_MARKER = /^\[([ x])\](?=\s|$)/i;

export interface TaskHead {
  checked: boolean;
  raw: boolean;
  pieces: InlinePiece[];
}

/** Is the item a task item? Returns its pieces with the `[ ]` / `<input>` marker removed. */
export function taskHead(first: Token | null): TaskHead | null {
  if (!first) return null;
  // With a link definition labelled `x` ("[x]: https://..."), CommonMark reads `[x]` as a link; GitHub
  // still reads the item as ticked (its task list comes first). So does this: the marker is read from
  // the source, and the link it became is dropped.
  const children = first.children ?? [];
  const linked = children[0]?.type === 'link_open' ? TASK_MARKER.exec(first.content) : null;
  if (linked) {
    const close = children.findIndex((t) => t.type === 'link_close');
    const rest = inlinePieces({ children: children.slice(close + 1) } as Token);
    const [lead, ...others] = rest;
    const pieces = lead?.kind === 'text' ? [{ ...lead, content: lead.content.replace(/^\s+/, '') }, ...others] : rest;
    return { checked: linked[1] !== ' ', raw: false, pieces };
  }
  const pieces = inlinePieces(first);
  const head = pieces[0];
  if (!head) return null;
  if (head.kind === 'text') {
    const m = TASK_MARKER.exec(head.content);
    if (!m) return null;
    return {
      checked: m[1] !== ' ',
      raw: false,
      pieces: [{ kind: 'text', content: head.content.slice(m[0].length) }, ...pieces.slice(1)],
    };
  }
  if (head.kind === 'html' && RAW_CHECKBOX.test(head.content)) {
    return { checked: false, raw: true, pieces: pieces.slice(1) };
  }
  return null;
}
