import { findDeadlinePhrase, parseDeadlineCode } from './deadlines.js';
import { lineOf } from './document-tree.js';
import { markOf } from './list-label.js';
import { plainText, type Token } from './markdown.js';
import { isSeverityField, matchSeverity } from './severity.js';
import type { ItemNode, ListLabel } from './document-tree.js';
import { foldText, isPhrase, phraseAtEnd, phraseAtStart, phraseIn } from './languages/phrases.js';
import type { Vocabulary } from './languages/vocabulary.js';
import { taskHead, type TaskHead } from './task-head.js';
import type { Choice, ListReading } from './types.js';
import type { ListJudgement, WalkState } from './walk-state.js';
import { trimTrailing } from '../shared/trim.js';

/** Labels that ask a question whose answer is a ticked box, when written without a marker. */
const CHOICE_LABEL =
  /^(?:detected\sby|detection(?:\s(?:method|source))?|how\s(?:was|were)\s(?:it|this|the\sincident|the\sissue)\s(?:detected|discovered|found|reported)|impact(?:ed)?(?:\s(?:type|area|areas|on))?|affected(?:\s(?:areas|systems|services|components))?|root\scause(?:\s(?:category|type))?|category|incident\stype|trigger(?:ed\sby)?|customer\simpact)$/i;
/** Under a heading (which usually titles steps) only these are read as questions without a marker. */
const HEADING_CHOICE_LABEL =
  /^(?:detected\sby|detection(?:\s(?:method|source))?|how\s(?:was|were)\s(?:it|this|the\sincident|the\sissue)\s(?:detected|discovered|found|reported))$/i;
/** An option of a pick-one list is short: a longer item is a step that happens to follow a label. */
const MAX_OPTION_LENGTH = 80;

/** The label without a marker parenthetical: "Severity (pick one)" -> "Severity". */
function choiceLabelText(text: string): string {
  return trimTrailing(
    text.replace(/\s?\([^()]{0,60}\)\s?$/, (aside) => (markOf(aside) ? '' : aside)),
    ':*_：',
  ).trim();
}

/** An item that could be an answer: short, a task item, no deadline of its own. */
function optionLike(head: TaskHead | null): boolean {
  if (!head) return false;
  const optionText = plainText(head.pieces);
  if (optionText.length > MAX_OPTION_LENGTH) return false;
  if (
    head.pieces.some(
      (p) => p.kind === 'code' && parseDeadlineCode({ code: p.content, defaultAnchor: 'start' }).kind === 'deadline',
    )
  )
    return false;
  return findDeadlinePhrase({ text: optionText, defaultAnchor: 'start' }).kind === 'none';
}

type Cue = 'question' | 'choice' | 'state' | 'condition';

/**
 * What the label right before a list says about its items, in any enabled language. Headings usually
 * title steps ("## If the database is down", "## How to roll back"), so a heading counts only when it
 * ends in a question mark, offers a choice or ends in a condition; a lead-in line ("SLA status:",
 * "Was this preventable:") may also open with a question word or name a state.
 */
function cueOf(params: { text: string; kind: ListLabel['kind']; vocabulary: Vocabulary }): Cue | null {
  const { vocabulary } = params;
  const text = params.text.slice(0, 200);
  const folded = foldText(text);
  if (folded === '') return null;
  if (/[?？]\s*$/u.test(text)) return 'question';
  if (phraseIn(folded, vocabulary.choiceCues)) return 'choice';
  if (phraseAtEnd(folded, vocabulary.conditionCues)) return 'condition';
  if (params.kind === 'heading') return null;
  if (phraseAtStart(folded, vocabulary.questionCues)) return 'question';
  if (phraseAtEnd(folded, vocabulary.stateCues)) return 'state';
  return null;
}

const CUE_WHY: Record<Cue, string> = {
  question: 'its label asks a question',
  choice: 'its label offers a choice',
  state: 'its label records a state',
  condition: 'its label sets a condition',
};

/** An item that is an answer wherever it stands: "Yes", "No", "Partially", or an attestation ("I confirm ..."). */
function answerKind(text: string, vocabulary: Vocabulary): 'answer' | 'attestation' | null {
  const folded = foldText(text.slice(0, 200));
  if (folded === '') return null;
  if (isPhrase(folded, vocabulary.answerWords)) return 'answer';
  if (phraseAtStart(folded, vocabulary.attestationCues)) return 'attestation';
  return null;
}

/**
 * A task list is a list of steps unless it answers something. Its items are answers (options of a
 * field, not steps) when:
 * - its label carries a marker (`<!-- pick one -->`, "(choose one)", "(check all that apply)");
 * - its label names a field whose answer is a ticked box (severity, priority, "Detected by", "Impact",
 *   a lead-in ending in "?") and every item is short and without a deadline;
 * - every item is an answer word ("Yes" / "No" / "Partially") or a configured severity level;
 * - its label asks a question, offers a choice, records a state or sets a condition (cueOf): then item
 *   by item — short items without a deadline are answers, the others stay steps (a mixed list);
 * - an item attests something ("I confirm the timeline is complete"): that item, in any list.
 * Under an action-items heading none of the cues apply: those items are action items.
 */
export function judgeList(list: Token | null, state: WalkState): ListJudgement | null {
  if (!list) return null;
  const known = state.judged.get(list);
  if (known !== undefined) return known;
  const judgement = judge(list, state);
  state.judged.set(list, judgement);
  return judgement;
}

function judge(list: Token, state: WalkState): ListJudgement | null {
  const { vocabulary, levels } = state.options;
  const label = state.listLabels.get(list);
  const items = state.listItems.get(list) ?? [];
  const heads = items.map((item) => ({ item, head: taskHead(item.first) }));
  const tasks = heads.filter((h): h is { item: ItemNode; head: TaskHead } => h.head !== null);
  if (tasks.length === 0) return null;
  const labelText = label ? choiceLabelText(label.text) : null;
  const actionItems = items[0]?.context.actionItems ?? false;
  const reading = (answers: ReadonlySet<ItemNode>, why: string): ListJudgement =>
    record({ state, list, label, labelText, heads, answers, why, taskCount: tasks.length });

  if (label && labelText !== null) {
    const implicit =
      isSeverityField(labelText, vocabulary) ||
      (label.kind === 'heading'
        ? HEADING_CHOICE_LABEL.test(labelText)
        : CHOICE_LABEL.test(labelText) || /[?？]$/.test(labelText));
    const allOptions = heads.every(({ head }) => optionLike(head));
    // A marker is the author's word: every item is an option, even one with a deadline.
    if (label.mark !== null) return reading(new Set(items), 'its label carries a pick marker');
    if (implicit && allOptions) return reading(new Set(items), 'its label names a field answered by ticking a box');
  }
  if (actionItems)
    return record({
      state,
      list,
      label,
      labelText,
      heads,
      answers: new Set(),
      why: 'under an action-items heading',
      taskCount: tasks.length,
      actionItems: true,
    });
  if (
    tasks.length === heads.length &&
    tasks.every(({ head }) => answerKind(plainText(head.pieces), vocabulary) === 'answer')
  )
    return reading(new Set(items), 'its items are answers ("yes", "no", "none", ...)');
  if (tasks.length >= 2 && tasks.length === heads.length) {
    if (
      tasks.every(({ head }) => {
        const text = plainText(head.pieces);
        return text.length <= 40 && matchSeverity({ text, levels, vocabulary }).kind === 'level';
      })
    )
      return reading(new Set(items), 'its items are severity levels');
  }
  const cue = label && labelText !== null ? cueOf({ text: labelText, kind: label.kind, vocabulary }) : null;
  const answers = new Set<ItemNode>();
  for (const { item, head } of tasks) {
    const kind = answerKind(plainText(head.pieces), vocabulary);
    if (kind === 'attestation' || (cue !== null && optionLike(head))) answers.add(item);
  }
  if (answers.size === 0)
    return record({
      state,
      list,
      label,
      labelText,
      heads,
      answers,
      why: cue
        ? `${CUE_WHY[cue]}, but every item is a step (long, or with a deadline)`
        : 'no question, choice, state or condition in its label',
      taskCount: tasks.length,
    });
  const why = cue ? CUE_WHY[cue] : 'its items attest something ("I confirm ...")';
  return reading(
    answers,
    answers.size === tasks.length
      ? why
      : cue
        ? `${why}; items with a deadline or longer than ${MAX_OPTION_LENGTH} characters stay steps`
        : `${why}; the other items are steps`,
  );
}

/** Records how a list was read (for `check`) and, when some items are answers, the field they answer. */
function record(params: {
  state: WalkState;
  list: Token;
  label: ListLabel | undefined;
  labelText: string | null;
  heads: ReadonlyArray<{ item: ItemNode; head: TaskHead | null }>;
  answers: ReadonlySet<ItemNode>;
  why: string;
  taskCount: number;
  actionItems?: boolean;
}): ListJudgement {
  const { state, label, labelText, answers } = params;
  const line = label?.line ?? lineOf(params.list);
  const kind: ListReading['reading'] = params.actionItems
    ? 'action items'
    : answers.size === 0
      ? 'steps'
      : answers.size < params.taskCount
        ? 'mixed'
        : 'answers';
  state.lists.push({ line: lineOf(params.list), label: labelText, reading: kind, why: params.why });
  if (answers.size === 0) return { choice: null, answers };
  const text = labelText ?? '';
  // Severity, detection and yes/no questions have one answer; "Impact", "Affected services" may have several.
  const multiple =
    label?.mark === 'any' ||
    (label?.mark === null &&
      !isSeverityField(text, state.options.vocabulary) &&
      !/^(?:detected\sby|detection|how\s)|\?$/i.test(text) &&
      !params.heads.every(
        ({ head }) => head && answerKind(plainText(head.pieces), state.options.vocabulary) === 'answer',
      ));
  const choice: Choice = {
    label: text,
    line,
    multiple: label === undefined ? false : multiple,
    options: params.heads.flatMap(({ item, head }) =>
      head && answers.has(item)
        ? [{ text: plainText(head.pieces), checked: head.checked, line: lineOf(item.open) }]
        : [],
    ),
  };
  state.choices.push(choice);
  return { choice, answers };
}
