import type { Token } from './markdown.js';
import type { ItemNode, ListLabel } from './document-tree.js';
import type { IdMaker } from './item-ids.js';
import type { ParseOptions } from './parse-options.js';
import type { ActionItem, Choice, ListReading, ParseWarning, Step } from './types.js';

/** What one reading of a body gathers as it walks the items. */
export interface WalkState {
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
  /** Lists already judged: the field their answers became, and which items are answers. */
  judged: Map<Token, ListJudgement | null>;
  /** How each task list was read, for `check`. */
  lists: ListReading[];
}

/** A list's answers (items that are not steps) and the field they answer; no answers = a list of steps. */
export interface ListJudgement {
  choice: Choice | null;
  answers: ReadonlySet<ItemNode>;
}
