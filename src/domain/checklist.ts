import { combineDeadlines, findDeadlinePhrase, parseDeadlineCode, variantLabel } from './deadlines.js';
import { boundedMemo } from './bounded-memo.js';
import { sha256Hex } from './hash.js';
import { inlinePieces, plainText, tokenize, type InlinePiece, type Token } from './markdown.js';
import { isSeverityField, matchSeverity, severityScope, stepSeverityScope, type SeverityLevel } from './severity.js';
import type { ActionItem, Anchor, Deadline, Incident, ParseWarning, Step, Variant } from './types.js';

/** A config rule giving a deadline to steps whose text contains `match` (case-insensitive). */
export interface DeadlineRule {
  match: string;
  deadline: string;
  anchor?: Anchor | null;
}

export interface ParseOptions {
  levels: readonly SeverityLevel[];
  /** Headings naming the post-incident phase (case-insensitive substrings; hyphens and spaces folded). */
  postIncidentHeadings: readonly string[];
  /** The heading whose task items are action items rather than steps. */
  actionItemsSection: string;
  deadlineRules: readonly DeadlineRule[];
}

/** GitHub strips raw `<input>` from rendered issues, so such an item can never be ticked. */
const RAW_CHECKBOX = /^<input\b[^>]*\btype\s*=\s*["']?checkbox\b[^>]*>/i;
const TASK_MARKER = /^\[([ xX])\](?=\s|$)/;
const NO_RESPONSE = /^_no response_$/i;
const BOLD_LABEL = /^\s*(?:\*\*|__)([^*_\n]{1,80}?)(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)[ \t]*(.*)$/;
const MENTION = /(?<![\w@`/])@([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})(?![\w/-])/gi;

interface HeadingFrame {
  level: number;
  text: string;
  scope: string[] | null;
  postIncident: boolean;
  actionItems: boolean;
}

interface Context {
  path: string[];
  section: string | null;
  severities: string[] | null;
  postIncident: boolean;
  actionItems: boolean;
}

interface ItemNode {
  open: Token;
  context: Context;
  /** The inline token of the item's own first paragraph. */
  first: Token | null;
  /** Inline tokens inside block quotes directly under the item (its "quoted notes"). */
  quoted: Token[];
  children: ItemNode[];
  /** Position of `open` in the block stack, to tell where later inline tokens sit. */
  stackIndex: number;
}

interface Heading {
  level: number;
  text: string;
  line: number;
  endLine: number;
}

function fold(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
}

function contextOf(frames: readonly HeadingFrame[]): Context {
  const top = frames.at(-1);
  let severities: string[] | null = null;
  for (const frame of frames) if (frame.scope) severities = frame.scope;
  return {
    path: frames.map((f) => f.text),
    section: top ? top.text : null,
    severities,
    postIncident: frames.some((f) => f.postIncident),
    actionItems: frames.some((f) => f.actionItems),
  };
}

function lineOf(token: Token): number {
  return (token.map?.[0] ?? 0) + 1;
}

/** Walk the tokens once: headings, the tree of list items, and top-level paragraphs. */
function collect(tokens: readonly Token[], options: ParseOptions) {
  const blockStack: Token[] = [];
  const itemStack: ItemNode[] = [];
  const roots: ItemNode[] = [];
  const headings: Heading[] = [];
  const topParagraphs: Token[] = [];
  let frames: HeadingFrame[] = [];
  let context = contextOf(frames);
  const postIncident = options.postIncidentHeadings.map(fold).filter((p) => p !== '');
  const actionSection = fold(options.actionItemsSection);

  for (const token of tokens) {
    if (token.nesting === 1) {
      blockStack.push(token);
      if (token.type === 'list_item_open') {
        const node: ItemNode = { open: token, context, first: null, quoted: [], children: [], stackIndex: blockStack.length - 1 };
        (itemStack.at(-1)?.children ?? roots).push(node);
        itemStack.push(node);
      }
      continue;
    }
    if (token.nesting === -1) {
      blockStack.pop();
      if (token.type === 'list_item_close') itemStack.pop();
      continue;
    }
    if (token.type !== 'inline') continue;
    const parent = blockStack.at(-1);
    if (parent?.type === 'heading_open') {
      const level = Number(parent.tag.slice(1));
      const text = plainText(inlinePieces(token));
      const folded = fold(text);
      frames = frames.filter((f) => f.level < level);
      frames.push({
        level,
        text,
        scope: severityScope({ text, levels: options.levels }),
        postIncident: postIncident.some((p) => folded.includes(p)),
        actionItems: actionSection !== '' && folded.includes(actionSection),
      });
      context = contextOf(frames);
      headings.push({ level, text, line: lineOf(parent), endLine: parent.map?.[1] ?? lineOf(parent) });
      continue;
    }
    const owner = itemStack.at(-1);
    if (!owner) {
      if (blockStack.length === 1 && parent?.type === 'paragraph_open') topParagraphs.push(token);
      continue;
    }
    const between = blockStack.slice(owner.stackIndex + 1);
    if (owner.first === null && between.length === 1 && between[0]?.type === 'paragraph_open') owner.first = token;
    else if (between.some((b) => b.type === 'blockquote_open')) owner.quoted.push(token);
  }
  return { roots, headings, topParagraphs };
}

interface TaskHead {
  checked: boolean;
  raw: boolean;
  pieces: InlinePiece[];
}

/** Is the item a task item? Returns its pieces with the `[ ]` / `<input>` marker removed. */
function taskHead(first: Token | null): TaskHead | null {
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
    return { checked: m[1] !== ' ', raw: false, pieces: [{ kind: 'text', content: head.content.slice(m[0].length) }, ...pieces.slice(1)] };
  }
  if (head.kind === 'html' && RAW_CHECKBOX.test(head.content)) {
    return { checked: false, raw: true, pieces: pieces.slice(1) };
  }
  return null;
}

interface Candidate {
  deadline: Deadline;
  variant: Variant | null;
}

/** Deadline code spans of a paragraph, each with the Daytime / Off-hours label that follows it. */
function codeDeadlines(params: {
  pieces: readonly InlinePiece[];
  anchor: Anchor;
  line: number;
  warnings: ParseWarning[];
}): { candidates: Candidate[]; used: Set<number> } {
  const candidates: Candidate[] = [];
  const used = new Set<number>();
  params.pieces.forEach((piece, index) => {
    if (piece.kind !== 'code') return;
    const parsed = parseDeadlineCode({ code: piece.content, defaultAnchor: params.anchor });
    if (parsed.kind === 'deadline') {
      const after = params.pieces
        .slice(index + 1, index + 3)
        .map((p) => p.content)
        .join('');
      candidates.push({ deadline: parsed.deadline, variant: variantLabel(after) });
      used.add(index);
      return;
    }
    const atStart = params.pieces.slice(0, index).every((p) => p.content.trim() === '');
    if (parsed.kind === 'invalid' && (atStart || /^\s*(?:every|within)\b/i.test(piece.content))) {
      params.warnings.push({ line: params.line, message: parsed.message });
    }
  });
  return { candidates, used };
}

/** Code-span deadlines in the bullets below a step (not below its sub-steps, which have their own). */
function childDeadlines(params: { node: ItemNode; anchor: Anchor; warnings: ParseWarning[] }): Candidate[] {
  const found: Candidate[] = [];
  for (const child of params.node.children) {
    if (taskHead(child.first)) continue;
    if (child.first) {
      const { candidates } = codeDeadlines({ pieces: inlinePieces(child.first), anchor: params.anchor, line: lineOf(child.open), warnings: params.warnings });
      found.push(...candidates);
    }
    found.push(...childDeadlines({ node: child, anchor: params.anchor, warnings: params.warnings }));
  }
  return found;
}

function ruleDeadline(params: { text: string; anchor: Anchor; rules: readonly DeadlineRule[] }): Deadline | null {
  const text = params.text.toLowerCase();
  for (const rule of params.rules) {
    if (rule.match.trim() === '' || !text.includes(rule.match.toLowerCase())) continue;
    const parsed = parseDeadlineCode({ code: rule.deadline, defaultAnchor: rule.anchor ?? params.anchor });
    if (parsed.kind === 'deadline') return rule.anchor ? { ...parsed.deadline, anchor: rule.anchor } : parsed.deadline;
  }
  return null;
}

/** Own code span > phrase in the step > phrase in its quoted notes > child bullets > config rule. */
function stepDeadline(params: {
  node: ItemNode;
  pieces: readonly InlinePiece[];
  candidates: readonly Candidate[];
  text: string;
  anchor: Anchor;
  options: ParseOptions;
  warnings: ParseWarning[];
}): Deadline | null {
  const own = combineDeadlines(params.candidates);
  if (own) return own;
  const phrase = findDeadlinePhrase({ text: params.text, defaultAnchor: params.anchor });
  if (phrase.kind === 'deadline') return phrase.deadline;
  const notes = params.node.quoted.map((t) => plainText(inlinePieces(t))).join(' ');
  const quoted = notes === '' ? null : findDeadlinePhrase({ text: notes, defaultAnchor: params.anchor });
  if (quoted?.kind === 'deadline') return quoted.deadline;
  const fromChildren = combineDeadlines(childDeadlines({ node: params.node, anchor: params.anchor, warnings: params.warnings }));
  if (fromChildren) return fromChildren;
  return ruleDeadline({ text: params.text, anchor: params.anchor, rules: params.options.deadlineRules });
}

function mentionsIn(pieces: readonly InlinePiece[]): string[] {
  const found: string[] = [];
  for (const piece of pieces) {
    if (piece.kind !== 'text') continue;
    for (const m of piece.content.matchAll(MENTION)) if (m[1] && !found.includes(m[1])) found.push(m[1]);
  }
  return found;
}

/** Every edit of an incident re-parses the same items: the ids of recent keys are kept (an id is a pure function of its key). */
const hashId = boundedMemo({ limit: 16_384, compute: (input: string) => sha256Hex(input).slice(0, 12), keep: (input) => input.length <= 1_024 });

/** Ids hash where an item is and what it says, never whether it is ticked or where it is in the body. */
class IdMaker {
  private readonly seen = new Map<string, number>();

  next(kind: string, context: Context, text: string): string {
    const key = `${kind}\u0000${context.path.join('\u001f')}\u0000${text.toLowerCase()}`;
    const occurrence = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, occurrence);
    return hashId(`${key}\u0000${occurrence}`);
  }
}

/**
 * The line of each parsed step's first paragraph, where its box is: usually the item's own line
 * (`step.line`), later when the item opens with another block (a heading, code, a table). Kept beside
 * the model rather than in it, for the tick fast path (tick-diff.ts), which reads boxes from the source.
 */
const boxLines = new WeakMap<Step, number>();

/** The line of a step's box, for a step that came from parseIncident. */
export function boxLineOf(step: Step): number | undefined {
  return boxLines.get(step);
}

interface WalkState {
  options: ParseOptions;
  ids: IdMaker;
  steps: Step[];
  actionItems: ActionItem[];
  warnings: ParseWarning[];
}

function walk(params: { nodes: readonly ItemNode[]; depth: number; inheritedScope: string[] | null; state: WalkState }): void {
  const { state } = params;
  for (const node of params.nodes) {
    const head = taskHead(node.first);
    let scope = params.inheritedScope;
    if (head) {
      const line = lineOf(node.open);
      const anchor: Anchor = node.context.postIncident ? 'resolved' : 'start';
      const { candidates, used } = codeDeadlines({ pieces: head.pieces, anchor, line, warnings: state.warnings });
      const textPieces = head.pieces.filter((_, i) => !used.has(i));
      const text = plainText(textPieces);
      if (head.raw) {
        state.warnings.push({
          line,
          message: 'raw HTML checkbox: GitHub removes <input> from issues, so nobody can tick it; write "- [ ] " instead',
        });
      }
      if (text !== '' && node.context.actionItems) {
        state.actionItems.push({
          id: state.ids.next('action', node.context, text),
          text,
          checked: head.checked,
          line,
          mentions: mentionsIn(textPieces),
        });
      } else if (text !== '') {
        scope = stepSeverityScope({ text, levels: state.options.levels }) ?? scope;
        const step: Step = {
          id: state.ids.next('step', node.context, text),
          text,
          checked: head.checked,
          section: node.context.section,
          depth: params.depth,
          line,
          deadline: stepDeadline({ node, pieces: textPieces, candidates, text, anchor, options: state.options, warnings: state.warnings }),
          severities: scope ?? node.context.severities,
          postIncident: node.context.postIncident,
        };
        if (node.first) boxLines.set(step, lineOf(node.first));
        state.steps.push(step);
      }
    }
    walk({ nodes: node.children, depth: params.depth + 1, inheritedScope: scope, state });
  }
}

/**
 * Bounds that keep the status comment under GitHub's 65,536-character comment limit and follow-ups
 * under its 100 sub-issues per issue; real checklists are far smaller. What is cut is said, not lost:
 * the body itself is never changed.
 */
export const MAX_STEPS = 200;
export const MAX_ACTION_ITEMS = 100;

function capItems(state: WalkState): void {
  const cut = (kind: string, items: Array<{ line: number }>, max: number): void => {
    const first = items[max];
    if (!first) return;
    state.warnings.push({ line: first.line, message: `only the first ${max} ${kind} are tracked (this list has ${items.length}); split the checklist or move the rest to another issue` });
    items.length = max;
  };
  cut('steps', state.steps, MAX_STEPS);
  cut('action items', state.actionItems, MAX_ACTION_ITEMS);
}

/** `### Label` + value (issue forms) and `**Label:** value` lines (templates) -> fields. */
function readFields(params: {
  lines: readonly string[];
  headings: readonly Heading[];
  topParagraphs: readonly Token[];
  itemLines: readonly number[];
}): { fields: Record<string, string>; fieldLines: Record<string, number> } {
  const fields: Record<string, string> = {};
  const fieldLines: Record<string, number> = {};
  const add = (label: string, value: string, line: number): void => {
    const key = label.trim();
    if (key === '' || Object.hasOwn(fields, key)) return;
    fields[key] = NO_RESPONSE.test(value.trim()) ? '' : value.trim();
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
  for (const paragraph of params.topParagraphs) {
    const first = paragraph.map?.[0] ?? 0;
    paragraph.content.split('\n').forEach((text, offset) => {
      const m = BOLD_LABEL.exec(text);
      if (m) add(m[1] ?? '', m[2] ?? '', first + offset + 1);
    });
  }
  return { fields, fieldLines };
}

/** Issue body -> Incident model. Total: any string gives a model (possibly empty) and warnings. */
export function parseIncident(params: { body: string; options: ParseOptions }): Incident {
  const body = params.body ?? '';
  const { roots, headings, topParagraphs } = collect(tokenize(body), params.options);
  const state: WalkState = { options: params.options, ids: new IdMaker(), steps: [], actionItems: [], warnings: [] };
  walk({ nodes: roots, depth: 0, inheritedScope: null, state });

  capItems(state);
  const itemLines = [...state.steps.map((s) => s.line), ...state.actionItems.map((a) => a.line)];
  // Lines as CommonMark (and so markdown-it's line numbers) count them: \r\n, \n or a lone \r.
  const { fields, fieldLines } = readFields({ lines: body.split(/\r\n|\r|\n/), headings, topParagraphs, itemLines });

  let severity: string | null = null;
  const severityKey = Object.keys(fields).find((k) => isSeverityField(k));
  if (severityKey !== undefined) {
    const match = matchSeverity({ text: fields[severityKey] ?? '', levels: params.options.levels });
    if (match.kind === 'level') severity = match.level;
    if (match.kind === 'unknown') {
      const known = params.options.levels.map((l) => l.name).join(', ');
      state.warnings.push({ line: fieldLines[severityKey] ?? 1, message: `severity "${match.text}" is not a configured level (${known})` });
    }
  }
  state.warnings.sort((a, b) => a.line - b.line);
  return { severity, fields, steps: state.steps, actionItems: state.actionItems, warnings: state.warnings };
}
