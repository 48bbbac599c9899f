import type { ParseWarning } from './types.js';
import type { WalkState } from './walk-state.js';

/**
 * Bounds that keep the status comment under GitHub's 65,536-character comment limit and follow-ups
 * under its 100 sub-issues per issue; real checklists are far smaller. What is cut is said, not lost:
 * the body itself is never changed.
 */
export const MAX_STEPS = 200;
export const MAX_ACTION_ITEMS = 100;
/** Notes say how a template was read; a hundred say it, more would only repeat it. */
export const MAX_NOTES = 100;

export function capItems(state: WalkState): void {
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
export function capNotes(notes: ParseWarning[]): void {
  notes.sort((a, b) => a.line - b.line);
  const first = notes[MAX_NOTES];
  if (!first) return;
  const extra = notes.length - MAX_NOTES;
  notes.length = MAX_NOTES;
  notes.push({ line: first.line, message: `and ${extra} more notes from here on` });
}
