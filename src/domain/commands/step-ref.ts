import { containsPhrase } from '../template/done-when.js';
import type { NumberedStep } from './verb.js';

/**
 * STEP in `/incident skip STEP` and `/incident snooze STEP DURATION`: the number the status comment
 * shows, or a piece of the step's text (in quotes when it has spaces and a reason follows). A piece that
 * fits several steps is refused with their numbers, so nobody skips the wrong step by accident.
 */
export function splitStepRef(rest: string): { step: string; rest: string } | { error: string } {
  const text = rest.trim();
  if (text === '') return { error: 'the step is missing (its number in the status comment, or a piece of its text)' };
  const quote = text[0];
  if (quote === '"' || quote === "'" || quote === '“') {
    const close = text.indexOf(quote === '“' ? '”' : quote, 1);
    if (close < 0) return { error: 'the quoted step text has no closing quote' };
    const step = text.slice(1, close).trim();
    if (step === '') return { error: 'the quoted step text is empty' };
    return { step, rest: text.slice(close + 1).trim() };
  }
  const space = text.search(/\s/);
  return space < 0 ? { step: text, rest: '' } : { step: text.slice(0, space), rest: text.slice(space + 1).trim() };
}

const MAX_LISTED = 5;

export function resolveStep(params: { ref: string; steps: readonly NumberedStep[] }): NumberedStep | { error: string } {
  const { ref, steps } = params;
  if (/^#?\d{1,6}$/.test(ref)) {
    const number = Number(ref.replace('#', ''));
    const step = steps.find((s) => s.number === number);
    return step ?? { error: `there is no step ${number} (the status comment numbers the steps 1 to ${steps.length})` };
  }
  const lower = ref.toLowerCase();
  // Whole words first ("lead" is not "misleading"), then any piece of the text.
  let found = steps.filter((s) => containsPhrase(s.text, ref));
  if (found.length === 0) found = steps.filter((s) => s.text.toLowerCase().includes(lower));
  if (found.length === 1) return found[0] as NumberedStep;
  if (found.length === 0) return { error: "no step contains that text: use the step's number from the status comment" };
  const numbers = found.slice(0, MAX_LISTED).map((s) => s.number);
  return {
    error: `${found.length} steps contain that text (${numbers.join(', ')}${found.length > MAX_LISTED ? ', …' : ''}): use the step's number or more of its text, in quotes`,
  };
}
