import type { Step } from './types.js';

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

export function recordBoxLine(step: Step, line: number): void {
  boxLines.set(step, line);
}
