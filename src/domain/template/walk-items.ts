import { judgeList } from './answer-lists.js';
import { recordBoxLine } from './box-lines.js';
import { deadlineLookalikes } from './deadlines.js';
import { lineOf, type ItemNode } from './document-tree.js';
import { inlinePieces, plainText, type Token } from './markdown.js';
import { mentionsIn } from './mentions.js';
import { isFillIn, isPlaceholder } from './placeholder.js';
import { stepSeverityScope } from './severity.js';
import { codeDeadlines, stepDeadline } from './step-deadline.js';
import { taskHead } from './task-head.js';
import type { Anchor, Deadline, ParseWarning, Step } from './types.js';
import type { WalkState } from './walk-state.js';

/** Task items -> steps, action items or answers, depth first in body order. */
export function walk(params: {
  nodes: readonly ItemNode[];
  depth: number;
  inheritedScope: string[] | null;
  state: WalkState;
}): void {
  const { state } = params;
  for (const node of params.nodes) {
    if (params.depth === 0 && judgeList(node.list, state)?.answers.has(node)) continue;
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
      const { vocabulary } = state.options;
      const placeholder =
        text !== '' && node.context.actionItems && isPlaceholder({ text, first: node.first, vocabulary });
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
      } else if (text !== '' && isFillIn(text, vocabulary)) {
        state.notes.push({
          line,
          message: `"${text}" is a placeholder for the template's user to fill in, not a step`,
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
          deadline: agendaless({
            deadline: stepDeadline({
              node,
              pieces: textPieces,
              candidates,
              text,
              anchor,
              options: state.options,
              warnings: state.warnings,
            }),
            agenda: node.context.agenda,
            line,
            notes: state.notes,
          }),
          severities: scope ?? node.context.severities,
          postIncident: node.context.postIncident,
        };
        if (node.first) recordBoxLine(step, lineOf(node.first));
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
  if (isPlaceholder({ text, first: params.node.first, vocabulary: params.state.options.vocabulary })) {
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

/** A time box in a meeting agenda ("Share the agenda (2 min)") says how long to talk, not when it is due. */
function agendaless(params: {
  deadline: Deadline | null;
  agenda: boolean;
  line: number;
  notes: ParseWarning[];
}): Deadline | null {
  if (!params.agenda || params.deadline === null) return params.deadline;
  params.notes.push({ line: params.line, message: 'a time box in a meeting agenda, not a deadline' });
  return null;
}
