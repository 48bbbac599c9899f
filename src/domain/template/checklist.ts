import {
  combineDeadlines,
  deadlineLookalikes,
  findDeadlinePhrase,
  headingDeadline,
  parseDeadlineCode,
  variantLabel,
} from './deadlines.js';
import { boundedMemo } from '../shared/bounded-memo.js';
import { sha256Hex } from '../shared/hash.js';
import { inlinePieces, plainText, stripHtmlComments, tokenize, type InlinePiece, type Token } from './markdown.js';
import { isSeverityField, matchSeverity, severityScope, stepSeverityScope, type SeverityLevel } from './severity.js';
import { impactStartOf, isImpactStartField } from './timestamps.js';
import type { ActionItem, Anchor, Choice, Deadline, Incident, ParseWarning, Step, Variant } from './types.js';
import { trimTrailing } from '../shared/trim.js';

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
const RAW_CHECKBOX = /^<input\s[^>]*\btype\s*=\s*["']?checkbox\b[^>]*>/i;
const TASK_MARKER = /^\[([ x])\](?=\s|$)/i;
const NO_RESPONSE = /^_no response_$/i;
const BOLD_LABEL = /^\s*(?:\*\*|__)([^*_\n]{1,80}?)(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)[ \t]*(\S.*)?$/;
const MENTION = /(?<![\w@`/])@([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})(?![\w/-])/gi;
/** An unbolded `Severity: High` / `Impact started: ...` line; read only for the fields the app uses. */
const PLAIN_LABEL = /^\s{0,3}([A-Z][A-Z ]{0,40}\??)\s?:[ \t]+(\S.*)$/i;

/**
 * Headings whose task items (and tables) are action items, besides `follow_ups.section`: what teams
 * call them. Folded like headings ("Follow-ups" -> "follow ups"); the singular "Follow-up" stays a phase.
 */
const ACTION_HEADINGS = [
  'action items',
  'follow ups',
  'follow up actions',
  'follow up items',
  'follow up tasks',
  'corrective actions',
];

/** A template's way to say "the boxes below answer a question": an HTML comment or a parenthetical. */
const PICK_ONE_MARK = /\b(?:pick|choose|select|check|tick)\s(?:one|1)\b|\bone\sof\b/i;
const PICK_ANY_MARK = /\b(?:pick|choose|select|check|tick)\s(?:any|all|several|many)\b|\ball\sthat\sapply\b/i;
/** Labels that ask a question whose answer is a ticked box, when written without a marker. */
const CHOICE_LABEL =
  /^(?:detected\sby|detection(?:\s(?:method|source))?|how\s(?:was|were)\s(?:it|this|the\sincident|the\sissue)\s(?:detected|discovered|found|reported)|impact(?:ed)?(?:\s(?:type|area|areas|on))?|affected(?:\s(?:areas|systems|services|components))?|root\scause(?:\s(?:category|type))?|category|incident\stype|trigger(?:ed\sby)?|customer\simpact)$/i;
/** Under a heading (which usually titles steps) only these are read as questions without a marker. */
const HEADING_CHOICE_LABEL =
  /^(?:detected\sby|detection(?:\s(?:method|source))?|how\s(?:was|were)\s(?:it|this|the\sincident|the\sissue)\s(?:detected|discovered|found|reported))$/i;
/** An option of a pick-one list is short: a longer item is a step that happens to follow a label. */
const MAX_OPTION_LENGTH = 80;
/** Item texts that stand for text still to be written ("TBD", "....", "<action>", "issue number..."). */
const PLACEHOLDER =
  /^(?:tbd|tba|todo|n\/a|na|xxx|fixme|none|action|action item|item|owner|link|issue|\.{2,}|…)[.!:]?$/i;

interface HeadingFrame {
  level: number;
  text: string;
  scope: string[] | null;
  postIncident: boolean;
  actionItems: boolean;
  deadline: Deadline | null;
}

interface Context {
  path: string[];
  section: string | null;
  severities: string[] | null;
  postIncident: boolean;
  actionItems: boolean;
  /** The deadline the nearest timing heading ("## First 15 minutes") gives steps without their own. */
  deadline: Deadline | null;
}

/** The block right before a list, which may make the list a pick-one field. */
interface ListLabel {
  text: string;
  line: number;
  kind: 'heading' | 'paragraph';
  /** From a marker: 'one' / 'any'; null when the label carries none. */
  mark: 'one' | 'any' | null;
}

interface TableRow {
  line: number;
  cells: InlinePiece[][];
}

interface Table {
  context: Context;
  rows: TableRow[];
}

interface ItemNode {
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

interface Heading {
  level: number;
  text: string;
  line: number;
  endLine: number;
}

function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

function contextOf(frames: readonly HeadingFrame[]): Context {
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
    deadline,
  };
}

function lineOf(token: Token): number {
  return (token.map?.[0] ?? 0) + 1;
}

function markOf(text: string): 'one' | 'any' | null {
  if (PICK_ONE_MARK.test(text)) return 'one';
  if (PICK_ANY_MARK.test(text)) return 'any';
  return null;
}

/** The text of HTML comments in a piece of source, for markers. */
function commentsIn(text: string): string {
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
function paragraphLabel(token: Token): ListLabel | null {
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
  if (!/[:?]$/.test(text)) return null;
  return { text: text.replace(/:$/, '').trim(), line, kind: 'paragraph', mark };
}

/** Walk the tokens once: headings, the tree of list items, top-level paragraphs, tables, list labels. */
function collect(tokens: readonly Token[], options: ParseOptions) {
  const blockStack: Token[] = [];
  const itemStack: ItemNode[] = [];
  const roots: ItemNode[] = [];
  const headings: Heading[] = [];
  const topParagraphs: Token[] = [];
  const tables: Table[] = [];
  const listLabels = new Map<Token, ListLabel>();
  const listItems = new Map<Token, ItemNode[]>();
  let frames: HeadingFrame[] = [];
  let context = contextOf(frames);
  const postIncident = options.postIncidentHeadings.map(fold).filter((p) => p !== '');
  const actionSections = [fold(options.actionItemsSection), ...ACTION_HEADINGS].filter((p) => p !== '');
  // The last block outside list items, while nothing but HTML comments has come after it.
  let lastLabel: ListLabel | null = null;
  let pendingMark: 'one' | 'any' | null = null;
  let table: Table | null = null;

  for (const token of tokens) {
    const outsideItems = itemStack.length === 0;
    if (token.nesting === 1) {
      blockStack.push(token);
      if (token.type === 'list_item_open') {
        const list = blockStack.at(-2) ?? null;
        const node: ItemNode = {
          open: token,
          list,
          context,
          first: null,
          quoted: [],
          children: [],
          stackIndex: blockStack.length - 1,
        };
        (itemStack.at(-1)?.children ?? roots).push(node);
        itemStack.push(node);
        if (list) {
          const siblings = listItems.get(list);
          if (siblings) siblings.push(node);
          else listItems.set(list, [node]);
        }
      } else if ((token.type === 'bullet_list_open' || token.type === 'ordered_list_open') && outsideItems) {
        if (lastLabel) listLabels.set(token, { ...lastLabel, mark: lastLabel.mark ?? pendingMark });
        lastLabel = null;
      } else if (token.type === 'table_open' && outsideItems) {
        table = { context, rows: [] };
      } else if (token.type === 'tr_open' && table) {
        table.rows.push({ line: lineOf(token), cells: [] });
      } else if (outsideItems && token.type !== 'heading_open' && token.type !== 'paragraph_open') {
        lastLabel = null;
      }
      if (outsideItems) pendingMark = null;
      continue;
    }
    if (token.nesting === -1) {
      blockStack.pop();
      if (token.type === 'list_item_close') itemStack.pop();
      if (token.type === 'table_close' && table) {
        tables.push(table);
        table = null;
      }
      continue;
    }
    if (token.type === 'html_block' && outsideItems) {
      const comments = commentsIn(token.content);
      if (comments !== '' && stripHtmlComments(token.content).trim() === '')
        pendingMark = markOf(comments) ?? pendingMark;
      else lastLabel = null;
      continue;
    }
    if (token.type !== 'inline') {
      if (outsideItems && token.nesting === 0) lastLabel = null;
      continue;
    }
    const parent = blockStack.at(-1);
    if (parent?.type === 'heading_open') {
      const level = Number(parent.tag.slice(1));
      const text = plainText(inlinePieces(token));
      const folded = fold(text);
      frames = frames.filter((f) => f.level < level);
      const isPost = postIncident.some((p) => folded.includes(p));
      frames.push({
        level,
        text,
        scope: severityScope({ text, levels: options.levels }),
        postIncident: isPost,
        actionItems: actionSections.some((a) => folded.includes(a)),
        deadline: headingDeadline({
          text,
          defaultAnchor: isPost || frames.some((f) => f.postIncident) ? 'resolved' : 'start',
        }),
      });
      context = contextOf(frames);
      headings.push({ level, text, line: lineOf(parent), endLine: parent.map?.[1] ?? lineOf(parent) });
      if (outsideItems) {
        const label = text.replace(/:$/, '').trim();
        const mark = markOf(`${commentsIn(token.content)} ${text}`);
        lastLabel = { text: label, line: lineOf(parent), kind: 'heading', mark };
      }
      continue;
    }
    if (table && (parent?.type === 'th_open' || parent?.type === 'td_open')) {
      table.rows.at(-1)?.cells.push(inlinePieces(token));
      continue;
    }
    const owner = itemStack.at(-1);
    if (!owner) {
      if (blockStack.length === 1 && parent?.type === 'paragraph_open') topParagraphs.push(token);
      if (parent?.type === 'paragraph_open') lastLabel = paragraphLabel(token);
      continue;
    }
    const between = blockStack.slice(owner.stackIndex + 1);
    if (owner.first === null && between.length === 1 && between[0]?.type === 'paragraph_open') owner.first = token;
    else if (between.some((b) => b.type === 'blockquote_open')) owner.quoted.push(token);
  }
  return { roots, headings, topParagraphs, tables, listLabels, listItems };
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
    // The grammar only calls a span invalid when it opens like a deadline (a number and a unit-like
    // word, "within", "every", `T+`, `EOD`), so a warning is due wherever the span sits.
    if (parsed.kind === 'invalid') params.warnings.push({ line: params.line, message: parsed.message });
  });
  return { candidates, used };
}

/** Code-span deadlines in the bullets below a step (not below its sub-steps, which have their own). */
function childDeadlines(params: { node: ItemNode; anchor: Anchor; warnings: ParseWarning[] }): Candidate[] {
  const found: Candidate[] = [];
  for (const child of params.node.children) {
    if (taskHead(child.first)) continue;
    if (child.first) {
      const { candidates } = codeDeadlines({
        pieces: inlinePieces(child.first),
        anchor: params.anchor,
        line: lineOf(child.open),
        warnings: params.warnings,
      });
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

/** Own code span > phrase in the step > phrase in its quoted notes > child bullets > timing heading > config rule. */
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
  const fromChildren = combineDeadlines(
    childDeadlines({ node: params.node, anchor: params.anchor, warnings: params.warnings }),
  );
  if (fromChildren) return fromChildren;
  if (params.node.context.deadline) return params.node.context.deadline;
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
const hashId = boundedMemo({
  limit: 16_384,
  compute: (input: string) => sha256Hex(input).slice(0, 12),
  keep: (input) => input.length <= 1_024,
});

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
  notes: ParseWarning[];
  choices: Choice[];
  listLabels: ReadonlyMap<Token, ListLabel>;
  listItems: ReadonlyMap<Token, readonly ItemNode[]>;
  /** An issue-form body: a textarea answer under an action-items field may be a plain list. */
  isForm: boolean;
  /** Lists already judged: the choice they became, or null when their items are steps. */
  judged: Map<Token, Choice | null>;
}

/**
 * A task item that stands for text still to be written: no letter or digit ("...."), a stock filler
 * ("TBD", "N/A"), a prompt ending in an ellipsis ("issue number..."), or text wholly in emphasis or
 * brackets ("_describe_", "<action>", "[owner]"). Under an action-items heading such an item is skipped.
 */
export function isPlaceholder(params: { text: string; first: Token | null }): boolean {
  const text = params.text.trim();
  if (!/[\p{L}\p{N}]/u.test(text)) return true;
  if (PLACEHOLDER.test(text) || /(?:\.\.\.|…)$/.test(text)) return true;
  if (/^[<[{].*[>\]}]$/.test(text) && !/[<[{]/.test(text.slice(1))) return true;
  return wholeEmphasis(params.first);
}

/** True when every word after the task marker sits inside emphasis (`- [ ] _describe the fix_`). */
function wholeEmphasis(first: Token | null): boolean {
  let depth = 0;
  let words = false;
  let index = 0;
  for (const child of first?.children ?? []) {
    const lead = index === 0;
    index += 1;
    if (child.type === 'em_open' || child.type === 'strong_open') depth += 1;
    else if (child.type === 'em_close' || child.type === 'strong_close') depth -= 1;
    else if (child.type === 'text' || child.type === 'code_inline') {
      const content = lead ? child.content.replace(TASK_MARKER, '') : child.content;
      if (content.trim() === '') continue;
      if (depth === 0) return false;
      words = true;
    } else if (child.type !== 'softbreak' && child.type !== 'hardbreak') return false;
  }
  return words;
}

/** The label without a marker parenthetical: "Severity (pick one)" -> "Severity". */
function choiceLabelText(text: string): string {
  return trimTrailing(
    text.replace(/\s?\([^()]{0,60}\)\s?$/, (aside) => (markOf(aside) ? '' : aside)),
    ':*_',
  ).trim();
}

/**
 * Is this list a pick-one field? Its label (the heading or `Label:` line right before it) says so with
 * a marker (`<!-- pick one -->`, "(choose one)", "(check all that apply)"), or it names a field whose
 * answer is a ticked box (severity, priority, "Detected by", "Impact", a question ending in "?") and
 * every item is a short task item without a deadline. Its items are then options, not steps.
 */
function judgeList(list: Token | null, state: WalkState): Choice | null {
  if (!list) return null;
  const known = state.judged.get(list);
  if (known !== undefined) return known;
  let choice: Choice | null = null;
  const label = state.listLabels.get(list);
  const items = state.listItems.get(list) ?? [];
  if (label && items.length > 0) {
    const text = choiceLabelText(label.text);
    const implicit =
      isSeverityField(text) ||
      (label.kind === 'heading' ? HEADING_CHOICE_LABEL.test(text) : CHOICE_LABEL.test(text) || /\?$/.test(text));
    const heads = items.map((item) => ({ item, head: taskHead(item.first) }));
    const optionLike = heads.every(({ head }) => {
      if (!head) return false;
      const optionText = plainText(head.pieces);
      if (optionText.length > MAX_OPTION_LENGTH) return false;
      if (
        head.pieces.some(
          (p) =>
            p.kind === 'code' && parseDeadlineCode({ code: p.content, defaultAnchor: 'start' }).kind === 'deadline',
        )
      )
        return false;
      return findDeadlinePhrase({ text: optionText, defaultAnchor: 'start' }).kind === 'none';
    });
    if (label.mark !== null || (implicit && optionLike)) {
      // Severity, detection and yes/no questions have one answer; "Impact", "Affected services" may have several.
      const multiple =
        label.mark === 'any' ||
        (label.mark === null && !isSeverityField(text) && !/^(?:detected\sby|detection|how\s)|\?$/i.test(text));
      choice = {
        label: text,
        line: label.line,
        multiple,
        options: heads.flatMap(({ item, head }) =>
          head ? [{ text: plainText(head.pieces), checked: head.checked, line: lineOf(item.open) }] : [],
        ),
      };
      state.choices.push(choice);
    }
  }
  state.judged.set(list, choice);
  return choice;
}

function walk(params: {
  nodes: readonly ItemNode[];
  depth: number;
  inheritedScope: string[] | null;
  state: WalkState;
}): void {
  const { state } = params;
  for (const node of params.nodes) {
    if (params.depth === 0 && judgeList(node.list, state)) continue;
    const head = taskHead(node.first);
    let scope = params.inheritedScope;
    if (!head && state.isForm && params.depth === 0 && node.context.actionItems && node.first) {
      formActionItem({ node, state });
      continue;
    }
    if (head) {
      const line = lineOf(node.open);
      const anchor: Anchor = node.context.postIncident ? 'resolved' : 'start';
      const { candidates, used } = codeDeadlines({ pieces: head.pieces, anchor, line, warnings: state.warnings });
      const textPieces = head.pieces.filter((_, i) => !used.has(i));
      const text = plainText(textPieces);
      if (head.raw) {
        state.warnings.push({
          line,
          message:
            'raw HTML checkbox: GitHub removes <input> from issues, so nobody can tick it; write "- [ ] " instead',
        });
      }
      // A placeholder would open a junk follow-up issue; as a step it is merely a step nobody ticks.
      const placeholder = text !== '' && node.context.actionItems && isPlaceholder({ text, first: node.first });
      if (placeholder) {
        state.notes.push({
          line,
          message: `"${text}" is a placeholder, not an action item: no follow-up issue is opened for it`,
        });
      } else if (text !== '' && node.context.actionItems) {
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
          deadline: stepDeadline({
            node,
            pieces: textPieces,
            candidates,
            text,
            anchor,
            options: state.options,
            warnings: state.warnings,
          }),
          severities: scope ?? node.context.severities,
          postIncident: node.context.postIncident,
        };
        if (node.first) boxLines.set(step, lineOf(node.first));
        state.steps.push(step);
        const prose = textPieces
          .filter((p) => p.kind === 'text')
          .map((p) => p.content)
          .join(' ');
        for (const message of deadlineLookalikes(prose)) state.warnings.push({ line, message });
      }
    }
    walk({ nodes: node.children, depth: params.depth + 1, inheritedScope: scope, state });
  }
}

/** A plain bullet in an issue form's "Action items" / "Follow-ups" answer: an action item like a task item. */
function formActionItem(params: { node: ItemNode; state: WalkState }): void {
  const pieces = inlinePieces(params.node.first as Token);
  const text = plainText(pieces);
  if (text === '') return;
  const line = lineOf(params.node.open);
  if (isPlaceholder({ text, first: params.node.first })) {
    params.state.notes.push({
      line,
      message: `"${text}" is a placeholder, not an action item: no follow-up issue is opened for it`,
    });
    return;
  }
  params.state.actionItems.push({
    id: params.state.ids.next('action', params.node.context, text),
    text,
    checked: false,
    line,
    mentions: mentionsIn(pieces),
  });
}

/**
 * Bounds that keep the status comment under GitHub's 65,536-character comment limit and follow-ups
 * under its 100 sub-issues per issue; real checklists are far smaller. What is cut is said, not lost:
 * the body itself is never changed.
 */
export const MAX_STEPS = 200;
export const MAX_ACTION_ITEMS = 100;
/** Notes say how a template was read; a hundred say it, more would only repeat it. */
export const MAX_NOTES = 100;

function capItems(state: WalkState): void {
  const cut = (kind: string, items: Array<{ line: number }>, max: number): void => {
    const first = items[max];
    if (!first) return;
    state.warnings.push({
      line: first.line,
      message: `only the first ${max} ${kind} are tracked (this list has ${items.length}); split the checklist or move the rest to another issue`,
    });
    items.length = max;
  };
  cut('steps', state.steps, MAX_STEPS);
  cut('action items', state.actionItems, MAX_ACTION_ITEMS);
}

/** The first MAX_NOTES notes in body order, then one that counts the rest. */
function capNotes(notes: ParseWarning[]): void {
  notes.sort((a, b) => a.line - b.line);
  const first = notes[MAX_NOTES];
  if (!first) return;
  const extra = notes.length - MAX_NOTES;
  notes.length = MAX_NOTES;
  notes.push({ line: first.line, message: `and ${extra} more notes from here on` });
}

/** `### Label` + value (issue forms), `**Label:** value` lines and two-column tables (templates) -> fields. */
function readFields(params: {
  lines: readonly string[];
  headings: readonly Heading[];
  topParagraphs: readonly Token[];
  tables: readonly Table[];
  itemLines: readonly number[];
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
  for (const paragraph of params.topParagraphs) {
    const first = paragraph.map?.[0] ?? 0;
    paragraph.content.split('\n').forEach((text, offset) => {
      const m = BOLD_LABEL.exec(text);
      if (m) {
        add(m[1] ?? '', m[2] ?? '', first + offset + 1);
        return;
      }
      // Unbolded labels are common prose ("Note: ..."): only the fields the app reads are taken.
      const plainLabel = text.length <= 400 ? PLAIN_LABEL.exec(stripHtmlComments(text)) : null;
      const label = plainLabel?.[1]?.trim() ?? '';
      if (plainLabel && (isSeverityField(label) || isImpactStartField(label)))
        add(label, plainLabel[2] ?? '', first + offset + 1);
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
  return { fields, fieldLines };
}

/** Header cells that name the column holding an action item's text, its owner and its state. */
const ACTION_COLUMN = /^(?:action(?:\sitems?)?s?|tasks?|items?|follow\s?ups?|what|description|remediation)$/i;
const STATE_COLUMN = /^(?:status|state|done)$/i;
const DONE_CELL = /^(?:done|closed|completed?|fixed|resolved|yes|\u2705|\u2714\uFE0F?|x|\[x\])$/iu;

/**
 * Action items kept in a table (`| Action | Owner | Issue |`) under an action-items heading, or in a
 * table whose first header cell says "Action": one item per body row, mentions from every cell, done
 * when a Status/Done cell says so. Placeholder rows are skipped.
 */
function tableActionItems(params: { table: Table; state: WalkState }): void {
  const [header, ...rows] = params.table.rows;
  if (!header) return;
  const names = header.cells.map((cell) => fold(plainText(cell)));
  let column = names.findIndex((n) => ACTION_COLUMN.test(n));
  if (column === -1 && params.table.context.actionItems && header.cells.length > 2) column = 0;
  if (column === -1 || (!params.table.context.actionItems && column !== 0)) return;
  const stateColumn = names.findIndex((n) => STATE_COLUMN.test(n));
  for (const row of rows) {
    const text = plainText(row.cells[column] ?? []);
    if (text === '' || isPlaceholder({ text, first: null })) continue;
    const stateCell = stateColumn === -1 ? '' : plainText(row.cells[stateColumn] ?? []);
    params.state.actionItems.push({
      id: params.state.ids.next('action', params.table.context, text),
      text,
      checked: DONE_CELL.test(stateCell),
      line: row.line,
      mentions: mentionsIn(row.cells.flat()),
    });
  }
}

/** A pick-one field's answer: the ticked options' texts. */
function choiceValue(choice: Choice): string {
  return choice.options
    .filter((o) => o.checked)
    .map((o) => o.text)
    .join(', ');
}

function readSeverity(params: {
  fields: Record<string, string>;
  fieldLines: Record<string, number>;
  choices: readonly Choice[];
  state: WalkState;
}): string | null {
  const { levels } = params.state.options;
  const known = levels.map((l) => l.name).join(', ');
  for (const choice of params.choices) {
    if (!isSeverityField(choice.label)) continue;
    for (const option of choice.options) {
      if (matchSeverity({ text: option.text, levels }).kind !== 'level') {
        params.state.warnings.push({
          line: option.line,
          message: `severity option "${option.text}" is not a configured level (${known})`,
        });
      }
    }
    const ticked = choice.options.filter((o) => o.checked).length;
    if (ticked > 1)
      params.state.warnings.push({
        line: choice.line,
        message: `${ticked} severities are ticked in "${choice.label}"; tick one`,
      });
  }
  const severityKey = Object.keys(params.fields).find((k) => isSeverityField(k));
  if (severityKey === undefined) return null;
  const match = matchSeverity({ text: params.fields[severityKey] ?? '', levels });
  if (match.kind === 'unknown') {
    params.state.warnings.push({
      line: params.fieldLines[severityKey] ?? 1,
      message: `severity "${match.text}" is not a configured level (${known})`,
    });
  }
  return match.kind === 'level' ? match.level : null;
}

function readImpactStart(params: {
  fields: Record<string, string>;
  fieldLines: Record<string, number>;
  state: WalkState;
}): string | null {
  const start = impactStartOf(params.fields);
  if (start) return start.toISOString();
  for (const [label, value] of Object.entries(params.fields)) {
    // A value without digits is the template's prompt ("YYYY-MM-DD HH:MM UTC"), not a time.
    if (!isImpactStartField(label) || !/\d/.test(value)) continue;
    params.state.warnings.push({
      line: params.fieldLines[label] ?? 1,
      message: `impact start "${value}" is not a time the app can read; write e.g. "2026-11-28 23:10 UTC", "2026-11-28 23:10 +01:00" or "2026-11-28 23:10 Europe/Berlin"`,
    });
  }
  return null;
}

/** Issue body -> Incident model. Total: any string gives a model (possibly empty) and warnings. */
export function parseIncident(params: { body: string; options: ParseOptions }): Incident {
  const body = params.body ?? '';
  const { roots, headings, topParagraphs, tables, listLabels, listItems } = collect(tokenize(body), params.options);
  const state: WalkState = {
    options: params.options,
    ids: new IdMaker(),
    steps: [],
    actionItems: [],
    warnings: [],
    notes: [],
    choices: [],
    listLabels,
    listItems,
    isForm: /^\s*### /.test(body.split(/\r\n|\r|\n/, 50).find((l) => l.trim() !== '') ?? ''),
    judged: new Map(),
  };
  walk({ nodes: roots, depth: 0, inheritedScope: null, state });
  for (const table of tables) tableActionItems({ table, state });
  state.actionItems.sort((a, b) => a.line - b.line);

  capItems(state);
  const itemLines = [
    ...state.steps.map((s) => s.line),
    ...state.actionItems.map((a) => a.line),
    ...state.choices.flatMap((c) => c.options.map((o) => o.line)),
  ];
  // Lines as CommonMark (and so markdown-it's line numbers) count them: \r\n, \n or a lone \r.
  const { fields, fieldLines } = readFields({
    lines: body.split(/\r\n|\r|\n/),
    headings,
    topParagraphs,
    tables,
    itemLines,
  });
  for (const choice of state.choices) {
    if (!Object.hasOwn(fields, choice.label) || fields[choice.label] === '') {
      fields[choice.label] = choiceValue(choice);
      fieldLines[choice.label] = choice.line;
    }
    const kind = choice.multiple ? 'field' : 'pick-one field';
    state.notes.push({
      line: choice.line,
      message: `"${choice.label}" is read as a ${kind} (${choice.options.length} options): its boxes are answers, not steps`,
    });
  }

  const severity = readSeverity({ fields, fieldLines, choices: state.choices, state });
  const impactStart = readImpactStart({ fields, fieldLines, state });
  state.warnings.sort((a, b) => a.line - b.line);
  capNotes(state.notes);
  return {
    severity,
    fields,
    steps: state.steps,
    actionItems: state.actionItems,
    warnings: state.warnings,
    impactStart,
    choices: state.choices,
    notes: state.notes,
  };
}
