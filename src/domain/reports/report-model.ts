import { formatDeadline } from '../template/deadlines.js';
import type { StepStatus } from '../incident/status.js';
import { minutesBetween, type TimelineEntry } from '../incident/timeline.js';
import type { Step } from '../template/types.js';
import { trimChars, trimTrailing } from '../shared/trim.js';

/**
 * Everything a report template needs, as plain data (strings unescaped here; the renderer escapes).
 * Durations are minutes; the renderer also offers them as text.
 */
export interface ReportModel {
  title: string;
  /** UTC date of the impact start (else detection), YYYY-MM-DD: the report's file name starts with it. */
  date: string;
  slug: string;
  incident: { ref: string; url: string; repo: string; number: number };
  severity: string | null;
  status: 'draft';
  lead: string | null;
  roles: { lead: string | null; scribe: string | null; comms: string | null };
  summary: string | null;
  impact: string | null;
  impact_start: string | null;
  detected: string;
  acknowledged: string | null;
  mitigated: string | null;
  resolved: string | null;
  duration_minutes: number | null;
  time_to_acknowledge_minutes: number | null;
  time_to_mitigate_minutes: number | null;
  time_to_resolve_minutes: number | null;
  timeline: TimelineEntry[];
  checklist: Array<{
    text: string;
    section: string | null;
    rule: string | null;
    due: string | null;
    done: string | null;
    result: 'on time' | 'late' | 'done' | 'not done' | 'not applicable' | 'skipped' | 'open';
  }>;
  action_items: Array<{
    text: string;
    issue: string | null;
    url: string | null;
    state: 'open' | 'closed' | 'not opened';
  }>;
}

/** Lower case ASCII words joined by hyphens, at most 60 characters, never empty. */
// Latin letters that NFKD leaves whole (they are letters, not letter + accent).
const FOLD: Record<string, string> = {
  ø: 'o',
  Ø: 'o',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ß: 'ss',
  đ: 'd',
  Đ: 'd',
  ł: 'l',
  Ł: 'l',
  þ: 'th',
  Þ: 'th',
  ð: 'd',
  Ð: 'd',
};

export function slugOf(title: string): string {
  const dashed = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[øæœßđłþð]/gi, (c) => FOLD[c] ?? c)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  const ascii = trimChars(dashed, '-');
  const cut = ascii.length > 60 ? ascii.slice(0, 60).replace(/-[^-]*$/, '') || ascii.slice(0, 60) : ascii;
  return trimTrailing(cut, '-') || 'incident';
}

const RESULT: Record<StepStatus['state'], ReportModel['checklist'][number]['result']> = {
  'done-on-time': 'on time',
  'done-late': 'late',
  done: 'done',
  'not-done': 'not done',
  'not-applicable': 'not applicable',
  skipped: 'skipped',
  snoozed: 'not done',
  overdue: 'not done',
  pending: 'open',
  waiting: 'open',
  'due-soon': 'open',
};

export function buildReportModel(params: {
  title: string;
  repo: string;
  number: number;
  url: string;
  severity: string | null;
  roles: ReportModel['roles'];
  summary: string | null;
  impact: string | null;
  impactStart: string | null;
  detected: string;
  acknowledged: string | null;
  mitigated: string | null;
  resolved: string | null;
  timeline: TimelineEntry[];
  steps: readonly Step[];
  statuses: readonly StepStatus[];
  actionItems: ReportModel['action_items'];
}): ReportModel {
  const start = params.impactStart ?? params.detected;
  const byId = new Map(params.statuses.map((s) => [s.id, s]));
  return {
    title: params.title,
    date: start.slice(0, 10),
    slug: slugOf(params.title),
    incident: { ref: `${params.repo}#${params.number}`, url: params.url, repo: params.repo, number: params.number },
    severity: params.severity,
    status: 'draft',
    lead: params.roles.lead,
    roles: params.roles,
    summary: params.summary,
    impact: params.impact,
    impact_start: params.impactStart,
    detected: params.detected,
    acknowledged: params.acknowledged,
    mitigated: params.mitigated,
    resolved: params.resolved,
    duration_minutes: minutesBetween(start, params.resolved),
    time_to_acknowledge_minutes: minutesBetween(start, params.acknowledged),
    time_to_mitigate_minutes: minutesBetween(start, params.mitigated),
    time_to_resolve_minutes: minutesBetween(start, params.resolved),
    timeline: params.timeline,
    checklist: params.steps.map((step) => {
      const status = byId.get(step.id);
      return {
        text: step.text,
        section: step.section,
        rule: step.deadline ? formatDeadline(step.deadline) : null,
        due: status?.dueAt?.toISOString() ?? null,
        done: status?.doneAt?.toISOString() ?? null,
        result: status ? RESULT[status.state] : 'open',
      };
    }),
    action_items: params.actionItems,
  };
}
