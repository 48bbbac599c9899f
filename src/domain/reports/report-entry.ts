import { z } from 'zod';
import { minutesBetween } from '../incident/timeline.js';

/**
 * One incident as the reports index reads it back from a committed report's YAML front matter.
 * Report files are untrusted (anyone who can push to the reports repository writes them): the front
 * matter is loaded as data and validated here; a file that does not fit is skipped with a reason,
 * never half-read. Keys the index does not use are ignored, so custom report templates may add their own.
 *
 * Times are recomputed from the timestamps (start = impact start, else detection), exactly as the
 * report model computes them, rather than parsed back from the rendered "3 hrs 30 min" texts.
 */

/** A report file larger than this is skipped: reports are a few kilobytes. */
export const MAX_REPORT_CHARS = 1_000_000;

const isoTime = z.iso.datetime({ offset: true });
const optionalTime = isoTime
  .nullable()
  .optional()
  .transform((v) => v ?? null);
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => v ?? null);
/** Only GitHub-style https links are kept; anything else renders as text without a link. */
const safeUrl = z
  .string()
  .regex(/^https:\/\/[^\s<>()"'`\\]+$/)
  .max(500)
  .nullable()
  .optional()
  .catch(null)
  .transform((v) => v ?? null);

export const STEP_RESULTS = ['on time', 'late', 'done', 'not done', 'not applicable', 'open'] as const;
export type StepResult = (typeof STEP_RESULTS)[number];

const stepSchema = z.object({
  text: z.string().min(1).max(2_000),
  section: optionalText(500),
  result: z.enum(STEP_RESULTS),
});

const actionItemSchema = z.object({
  text: z.string().max(2_000),
  issue: optionalText(300),
  url: safeUrl,
  state: z.enum(['open', 'closed', 'not opened']),
  /** Proposed: when the follow-up issue was opened and closed (ISO); not in the report yet. */
  opened: optionalTime,
  closed: optionalTime,
});

export const reportFrontMatterSchema = z.object({
  title: z.string().min(1).max(1_000),
  incident: optionalText(300),
  incident_url: safeUrl,
  severity: optionalText(100),
  impact_start: optionalTime,
  detected: isoTime,
  acknowledged: optionalTime,
  mitigated: optionalTime,
  resolved: optionalTime,
  /** Proposed: the report model has them, the report template does not write them yet. */
  checklist: z
    .array(stepSchema)
    .max(1_000)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  action_items: z
    .array(actionItemSchema)
    .max(1_000)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});

export type ReportFrontMatter = z.output<typeof reportFrontMatterSchema>;

export interface ReportEntry {
  /** Repository-relative path of the report file. */
  path: string;
  title: string;
  incident: string | null;
  incidentUrl: string | null;
  severity: string | null;
  /** Impact start, else detection (ISO). */
  start: string;
  acknowledged: string | null;
  mitigated: string | null;
  resolved: string | null;
  timeToAcknowledge: number | null;
  timeToMitigate: number | null;
  /** Start to resolution: the report's "duration" and "time to resolve" are this same span. */
  timeToResolve: number | null;
  /** null: the report does not carry its checklist. */
  steps: Array<{ text: string; result: StepResult }> | null;
  followUps: Array<{
    text: string;
    issue: string | null;
    url: string | null;
    state: 'open' | 'closed' | 'not opened';
    opened: string | null;
    closed: string | null;
  }> | null;
}

export type ReportEntryResult = { ok: true; entry: ReportEntry } | { ok: false; reason: string };

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid front matter';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  // zod's "Invalid input: expected string, received undefined" says less than "missing".
  return `${where}${/received undefined$/.test(issue.message) ? 'missing' : issue.message}`;
}

/** Validates loaded front matter (already YAML-parsed data) into an entry, or says why not. */
export function reportEntryOf(params: { path: string; data: unknown }): ReportEntryResult {
  const parsed = reportFrontMatterSchema.safeParse(params.data);
  if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error) };
  const fm = parsed.data;
  const start = fm.impact_start ?? fm.detected;
  return {
    ok: true,
    entry: {
      path: params.path,
      title: fm.title,
      incident: fm.incident,
      incidentUrl: fm.incident_url,
      severity: fm.severity === null || fm.severity.trim() === '' ? null : fm.severity.trim(),
      start,
      acknowledged: fm.acknowledged,
      mitigated: fm.mitigated,
      resolved: fm.resolved,
      timeToAcknowledge: minutesBetween(start, fm.acknowledged),
      timeToMitigate: minutesBetween(start, fm.mitigated),
      timeToResolve: minutesBetween(start, fm.resolved),
      steps: fm.checklist?.map((s) => ({ text: s.text, result: s.result })) ?? null,
      followUps:
        fm.action_items?.map((a) => ({
          text: a.text,
          issue: a.issue,
          url: a.url,
          state: a.state,
          opened: a.opened,
          closed: a.closed,
        })) ?? null,
    },
  };
}
