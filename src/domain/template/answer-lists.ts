import { findDeadlinePhrase, parseDeadlineCode } from './deadlines.js';
import { lineOf } from './document-tree.js';
import { markOf } from './list-label.js';
import { plainText, type Token } from './markdown.js';
import { isSeverityField } from './severity.js';
import { taskHead } from './task-head.js';
import type { Choice } from './types.js';
import type { WalkState } from './walk-state.js';
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
    ':*_',
  ).trim();
}

/**
 * Is this list a pick-one field? Its label (the heading or `Label:` line right before it) says so with
 * a marker (`<!-- pick one -->`, "(choose one)", "(check all that apply)"), or it names a field whose
 * answer is a ticked box (severity, priority, "Detected by", "Impact", a question ending in "?") and
 * every item is a short task item without a deadline. Its items are then options, not steps.
 */
export function judgeList(list: Token | null, state: WalkState): Choice | null {
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
