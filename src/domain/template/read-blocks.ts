import { severityScope } from './severity.js';
import { headingBudget } from './heading-budget.js';
import { foldText, phraseIn } from './languages/phrases.js';
import type { ParseWarning } from './types.js';
import { inlinePieces, plainText, stripHtmlComments, type Token } from './markdown.js';
import {
  contextOf,
  fold,
  lineOf,
  type Heading,
  type HeadingFrame,
  type ItemNode,
  type ListLabel,
  type Table,
} from './document-tree.js';
import { commentsIn, markOf, paragraphLabel } from './list-label.js';
import type { ParseOptions } from './parse-options.js';
import { TASK_MARKER } from './task-head.js';

/** How many `<details>` are open after a piece of HTML (comments are no markup). */
function foldedAfter(depth: number, html: string): number {
  const bare = stripHtmlComments(html);
  const opened = bare.match(/<details\b/gi)?.length ?? 0;
  const closed = bare.match(/<\/details\s*>/gi)?.length ?? 0;
  return Math.max(0, depth + opened - closed);
}

/** Walk the tokens once: headings, the tree of list items, top-level paragraphs, tables, list labels. */
export function collect(tokens: readonly Token[], options: ParseOptions) {
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
  const actionSections = [fold(options.actionItemsSection)].filter((p) => p !== '');
  const { vocabulary } = options;
  const headingWarnings: ParseWarning[] = [];
  // The last block outside list items, while nothing but HTML comments has come after it.
  let lastLabel: ListLabel | null = null;
  let pendingMark: 'one' | 'any' | null = null;
  let table: Table | null = null;
  // `<details>` blocks open at the document level: what a template folds away is guidance, not its answers.
  let detailsDepth = 0;
  // Bullet lists at the document level, outside `<details>`: where a details list's fields may be.
  const fieldLists = new Set<Token>();

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
        // Not under action items, the post-incident phase or an agenda: bullets there are work and notes.
        const plain = !context.actionItems && !context.postIncident && !context.agenda;
        if (token.type === 'bullet_list_open' && blockStack.length === 1 && detailsDepth === 0 && plain)
          fieldLists.add(token);
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
      if (blockStack.length === 0) detailsDepth = foldedAfter(detailsDepth, token.content);
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
      // The config's English headings match as substrings (as they always have); the languages' as words.
      const words = foldText(text.slice(0, 200));
      const isPost =
        postIncident.some((p) => folded.includes(p)) || phraseIn(words, vocabulary.postIncidentHeadings) !== null;
      const agenda = phraseIn(words, vocabulary.agendaHeadings) !== null;
      const budget = agenda
        ? null
        : headingBudget({
            text,
            defaultAnchor: isPost || frames.some((f) => f.postIncident) ? 'resolved' : 'start',
            vocabulary,
          });
      if (budget?.warning) headingWarnings.push({ line: lineOf(parent), message: budget.warning });
      frames.push({
        level,
        text,
        scope: severityScope({ text, levels: options.levels }),
        postIncident: isPost,
        actionItems:
          actionSections.some((a) => folded.includes(a)) || phraseIn(words, vocabulary.actionHeadings) !== null,
        agenda,
        deadline: budget?.deadline ?? null,
      });
      context = contextOf(frames);
      headings.push({ level, text, line: lineOf(parent), endLine: parent.map?.[1] ?? lineOf(parent) });
      if (outsideItems) {
        const label = text.replace(/[:：]$/, '').trim();
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
      if (blockStack.length === 1 && parent?.type === 'paragraph_open') {
        topParagraphs.push(token);
        // `<details>` opened or closed inside a paragraph folds what follows as a block of its own does.
        for (const child of token.children ?? [])
          if (child.type === 'html_inline') detailsDepth = foldedAfter(detailsDepth, child.content);
      }
      if (parent?.type === 'paragraph_open') lastLabel = paragraphLabel(token);
      continue;
    }
    const between = blockStack.slice(owner.stackIndex + 1);
    if (owner.first === null && between.length === 1 && between[0]?.type === 'paragraph_open') owner.first = token;
    else if (between.some((b) => b.type === 'blockquote_open')) owner.quoted.push(token);
  }
  // A details list's items: boxless bullets of a document-level list (`- **Severity:** SEV2`).
  // A task's source starts with its box: matched on the source, the cheap way (a 65,536-character
  // checklist has hundreds of items, each already read as a task by walk-items.ts).
  const fieldItems = roots.flatMap((node) =>
    node.list && fieldLists.has(node.list) && node.first && !TASK_MARKER.test(node.first.content) ? [node.first] : [],
  );
  return { roots, headings, topParagraphs, fieldItems, tables, listLabels, listItems, headingWarnings };
}
