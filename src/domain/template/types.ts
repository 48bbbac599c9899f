/**
 * The incident model: what the parser produces from an issue body and what every other part of the
 * app reads. Plain data only, so it serialises as the CLI's `parse --json` contract.
 */

/** The moment a deadline counts from. */
export type Anchor = 'start' | 'acknowledged' | 'mitigated' | 'resolved';

export const ANCHORS = ['start', 'acknowledged', 'mitigated', 'resolved'] as const satisfies readonly Anchor[];

export type Variant = 'daytime' | 'off-hours';

/**
 * A deadline relative to its anchor. Minutes are whole or fractional minutes after the anchor.
 * - Plain `4 hrs`: min = max = 240.
 * - Range `1-2 days`: min = 1440 (due soon from here), max = 2880 (due here).
 * - `every 30 min`: min = max = every = 30 (first due one interval after the anchor, then each
 *   interval after the last status update).
 * - Variants `4 hrs` Daytime / `8 hrs` Off-hours: variants hold each; min/max span them, and the
 *   status function picks one by whether the anchor time falls in business hours.
 * - `immediately`: min = max = 0; the configured grace is added when the due time is computed.
 */
export interface Deadline {
  anchor: Anchor;
  minMinutes: number;
  maxMinutes: number;
  everyMinutes: number | null;
  variants: Record<Variant, number> | null;
  /**
   * Present only for "next business day" / "within 5 business days": the due time is the end of the
   * Nth business day after the anchor, as `business_hours` defines them (businessDueAt). Min and max
   * minutes then hold N calendar days, the earliest that can be.
   */
  businessDays?: number;
}

export interface Step {
  /** Stable across ticks and across edits elsewhere in the body. */
  id: string;
  /** Plain text of the item's own first paragraph, markup and the deadline code span removed. */
  text: string;
  checked: boolean;
  /** Nearest heading above the step, or null before any heading. */
  section: string | null;
  /** 0 for a top-level item; one more per enclosing list item. */
  depth: number;
  /** 1-based line of the item in the body. */
  line: number;
  deadline: Deadline | null;
  /** Severity level names the step applies to; null = every severity. */
  severities: string[] | null;
  /** True when the step sits under a post-incident heading (its deadline counts from resolution). */
  postIncident: boolean;
}

export interface ActionItem {
  /** Stable like a step id; follow-ups are keyed on it. */
  id: string;
  text: string;
  checked: boolean;
  line: number;
  /** Logins @mentioned in the item, without the @, in order, de-duplicated. */
  mentions: string[];
}

export interface ParseWarning {
  line: number;
  message: string;
}

/** A task list that answers a question ("Detected by:", a severity list): its boxes are options, not steps. */
export interface Choice {
  /** The label the list answers, without a marker ("Severity (pick one)" -> "Severity"). */
  label: string;
  /** Line of the label. */
  line: number;
  /** False for a pick-one field (severity, "Detected by", `<!-- pick one -->`). */
  multiple: boolean;
  options: Array<{ text: string; checked: boolean; line: number }>;
}

/** How the reader took one task list, and why (`check` prints it). */
export interface ListReading {
  /** Line of the list's first item. */
  line: number;
  /** The heading or lead-in right before the list, if any. */
  label: string | null;
  reading: 'steps' | 'answers' | 'mixed' | 'action items';
  why: string;
}

export interface Incident {
  /** Severity level read from the body's fields (labels and commands are applied later). */
  severity: string | null;
  /** Issue-form (`### Label` + value) and bold-label (`**Label:** value`) fields; empty = no value. */
  fields: Record<string, string>;
  steps: Step[];
  actionItems: ActionItem[];
  warnings: ParseWarning[];
  /** The impact start read from the fields (ISO 8601, UTC), or null; local times are converted. */
  impactStart: string | null;
  /** Pick-one and pick-any fields; their ticked options are also the field's value in `fields`. */
  choices: Choice[];
  /** What the reader decided that the author may want to know, none of it a problem (`check` prints them). */
  notes: ParseWarning[];
  /** How each task list was read (steps, answers, a mixed list, action items) and why. */
  lists: ListReading[];
}

/** Business hours decide the Daytime / Off-hours variant from the anchor time. */
export interface BusinessHours {
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timezone: string;
  /** ISO weekdays 1 (Monday) to 7 (Sunday). */
  days: number[];
  /** Minutes after local midnight, start inclusive, end exclusive. */
  startMinute: number;
  endMinute: number;
}
