import type { Token } from './markdown.js';
import { foldText, phraseAtStart, phraseIn } from './languages/phrases.js';
import type { Vocabulary } from './languages/vocabulary.js';
import { TASK_MARKER } from './task-head.js';

/** Item texts that stand for text still to be written ("TBD", "....", "<action>", "issue number..."). */
const PLACEHOLDER =
  /^(?:tbd|tba|todo|n\/a|na|xxx|fixme|none|action|action item|item|owner|link|issue|\.{2,}|…)[.!:]?$/i;

/**
 * A task item that stands for text still to be written: no letter or digit ("...."), a stock filler
 * ("TBD", "N/A"), a prompt ending in an ellipsis ("issue number..."), or text wholly in emphasis or
 * brackets ("_describe_", "<action>", "[owner]"). Under an action-items heading such an item is skipped.
 */
export function isPlaceholder(params: { text: string; first: Token | null; vocabulary?: Vocabulary }): boolean {
  const text = params.text.trim();
  if (params.vocabulary && isFillIn(text, params.vocabulary)) return true;
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

/** An instruction is short: "Add follow-up tasks here", "Assign owners and due dates", "Verantwortliche und Fristen zuweisen". */
const MAX_INSTRUCTION_WORDS = 8;

/**
 * A fill-in the template's user replaces, in any enabled language — never a step, never a follow-up:
 * a numbered fill-in ("Action 1", "Action item 2:", "Maßnahme 1", "アクション1"), a bracketed one
 * ("[Symptom 1]", "<owner>"), or an instruction addressed to the user: an instruction verb with "here"
 * ("Add follow-up tasks here", "Hier eintragen") or with what the user is to supply ("Assign owners
 * and due dates").
 */
export function isFillIn(raw: string, vocabulary: Vocabulary): boolean {
  const text = raw.trim();
  if (text.length > 200) return false;
  if (/^[<[{].*[>\]}]$/.test(text) && !/[<[{]/.test(text.slice(1))) return true;
  const folded = foldText(text);
  const noun = phraseAtStart(folded, vocabulary.placeholderNouns);
  if (noun !== null && /^\s?\d{1,3}$/.test(folded.slice(noun.length))) return true;
  if (folded.split(' ').length > MAX_INSTRUCTION_WORDS || phraseIn(folded, vocabulary.instructionVerbs) === null)
    return false;
  return phraseIn(folded, vocabulary.hereWords) !== null || phraseIn(folded, vocabulary.instructionObjects) !== null;
}
