import type { Vocabulary } from './languages/vocabulary.js';
import type { Anchor } from './types.js';
import type { SeverityLevel } from './severity.js';

/** A config rule giving a deadline to steps whose text contains `match` (case-insensitive). */
export interface DeadlineRule {
  match: string;
  deadline: string;
  anchor?: Anchor | null;
}

export interface ParseOptions {
  levels: readonly SeverityLevel[];
  /** Headings naming the post-incident phase (case-insensitive substrings; hyphens and spaces folded). */
  postIncidentHeadings: readonly string[];
  /** The heading whose task items are action items rather than steps. */
  actionItemsSection: string;
  deadlineRules: readonly DeadlineRule[];
  /** The words of the enabled languages (languages/). */
  vocabulary: Vocabulary;
}
