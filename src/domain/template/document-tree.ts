import type { InlinePiece, Token } from './markdown.js';
import type { Deadline } from './types.js';

/** The blocks of a body as the reader sees them: headings in force, list items as a tree, tables, list labels. */

export interface HeadingFrame {
  level: number;
  text: string;
  scope: string[] | null;
  postIncident: boolean;
  actionItems: boolean;
  /** Under a meeting agenda: time boxes there are not deadlines. */
  agenda: boolean;
  deadline: Deadline | null;
}

export interface Context {
  path: string[];
  section: string | null;
  severities: string[] | null;
  postIncident: boolean;
  actionItems: boolean;
  /** Under a meeting agenda: time boxes there are not deadlines. */
  agenda: boolean;
  /** The deadline the nearest timing heading ("## First 15 minutes") gives steps without their own. */
  deadline: Deadline | null;
}

/** The block right before a list, which may make the list a pick-one field. */
export interface ListLabel {
  text: string;
  line: number;
  kind: 'heading' | 'paragraph';
  /** From a marker: 'one' / 'any'; null when the label carries none. */
  mark: 'one' | 'any' | null;
}

export interface TableRow {
  line: number;
  cells: InlinePiece[][];
}

export interface Table {
  context: Context;
  rows: TableRow[];
}

export interface ItemNode {
  open: Token;
  /** The list the item belongs to. */
  list: Token | null;
  context: Context;
  /** The inline token of the item's own first paragraph. */
  first: Token | null;
  /** Inline tokens inside block quotes directly under the item (its "quoted notes"). */
  quoted: Token[];
  children: ItemNode[];
  /** Position of `open` in the block stack, to tell where later inline tokens sit. */
  stackIndex: number;
}

export interface Heading {
  level: number;
  text: string;
  line: number;
  endLine: number;
}

export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

export function contextOf(frames: readonly HeadingFrame[]): Context {
  const top = frames.at(-1);
  let severities: string[] | null = null;
  let deadline: Deadline | null = null;
  for (const frame of frames) {
    if (frame.scope) severities = frame.scope;
    if (frame.deadline) deadline = frame.deadline;
  }
  return {
    path: frames.map((f) => f.text),
    section: top ? top.text : null,
    severities,
    postIncident: frames.some((f) => f.postIncident),
    actionItems: frames.some((f) => f.actionItems),
    agenda: frames.some((f) => f.agenda),
    deadline,
  };
}

export function lineOf(token: Token): number {
  return (token.map?.[0] ?? 0) + 1;
}
