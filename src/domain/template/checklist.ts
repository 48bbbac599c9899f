import { capItems, capNotes } from './caps.js';
import { choiceValue, readImpactStart, readSeverity } from './field-readings.js';
import { readFields } from './fields.js';
import { IdMaker } from './item-ids.js';
import { tokenize } from './markdown.js';
import type { ParseOptions } from './parse-options.js';
import { collect } from './read-blocks.js';
import { tableActionItems } from './table-action-items.js';
import type { Incident } from './types.js';
import { walk } from './walk-items.js';
import type { WalkState } from './walk-state.js';

// The entry point's neighbours, re-exported so callers keep one import for the reader.
export type { DeadlineRule, ParseOptions } from './parse-options.js';
export { boxLineOf } from './box-lines.js';
export { MAX_ACTION_ITEMS, MAX_NOTES, MAX_STEPS } from './caps.js';
export { isPlaceholder } from './placeholder.js';

/** Issue body -> Incident model. Total: any string gives a model (possibly empty) and warnings. */
export function parseIncident(params: { body: string; options: ParseOptions }): Incident {
  const body = params.body ?? '';
  const { roots, headings, topParagraphs, fieldItems, tables, listLabels, listItems, headingWarnings } = collect(
    tokenize(body),
    params.options,
  );
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
    lists: [],
  };
  walk({ nodes: roots, depth: 0, inheritedScope: null, state });
  for (const table of tables) tableActionItems({ table, state });
  state.actionItems.sort((a, b) => a.line - b.line);

  capItems(state);
  // A heading's time box warns only when steps stand under it: a heading without steps makes nothing due.
  state.warnings.push(
    ...headingWarnings.filter((w) => headingHasSteps({ line: w.line, headings, steps: state.steps })),
  );
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
    fieldItems,
    tables,
    itemLines,
    vocabulary: params.options.vocabulary,
    levels: params.options.levels,
  });
  for (const choice of state.choices) {
    // Answers with no label before them ("- [x] Yes") answer no field: they are only not steps.
    const labelled = choice.label !== '';
    if (labelled && (!Object.hasOwn(fields, choice.label) || fields[choice.label] === '')) {
      fields[choice.label] = choiceValue(choice);
      fieldLines[choice.label] = choice.line;
    }
    const kind = choice.multiple ? 'field' : 'pick-one field';
    state.notes.push({
      line: choice.line,
      message: labelled
        ? `"${choice.label}" is read as a ${kind} (${choice.options.length} options): its boxes are answers, not steps`
        : `a list without a label is read as answers (${choice.options.length} options), not steps`,
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
    lists: state.lists,
  };
}

/** Whether a step stands between the heading at `line` and the next heading of the same or a higher level. */
function headingHasSteps(params: {
  line: number;
  headings: ReadonlyArray<{ level: number; line: number }>;
  steps: ReadonlyArray<{ line: number }>;
}): boolean {
  const heading = params.headings.find((h) => h.line === params.line);
  if (!heading) return true;
  const next = params.headings.find((h) => h.line > heading.line && h.level <= heading.level);
  const end = next?.line ?? Infinity;
  return params.steps.some((s) => s.line > heading.line && s.line < end);
}
