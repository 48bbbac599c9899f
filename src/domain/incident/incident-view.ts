import type { Evaluation, IssueSnapshot } from './incident-state.js';
import type { IncidentMetadata } from './metadata.js';

/**
 * The incident as people read it, decided once per pass: the status comment, the warnings and the
 * report all read this view, so they can never disagree (a form's Summary shown in the status comment
 * is the summary the report has).
 */
export interface IncidentView {
  summary: string | null;
  impact: string | null;
  /** When the impact started, when it differs from when the issue was opened (else null). */
  impactStart: string | null;
  detected: string;
  severity: string | null;
  roles: IncidentMetadata['roles'];
  acknowledged: string | null;
  mitigated: string | null;
  resolved: string | null;
}

/** A field's value, unless it is empty or an untouched template placeholder (`_One sentence..._`). */
export function fieldText(fields: Readonly<Record<string, string>>, label: RegExp): string | null {
  const key = Object.keys(fields).find((k) => label.test(k.trim()));
  const value = key === undefined ? '' : (fields[key] ?? '').trim();
  if (value === '' || /^_[^_]*_$/.test(value) || /^\*[^*]*\*$/.test(value)) return null;
  return value;
}

export function incidentView(params: { issue: IssueSnapshot; evaluation: Evaluation }): IncidentView {
  const { issue, evaluation } = params;
  const { metadata, anchors } = evaluation;
  const detected = new Date(issue.createdAt).toISOString();
  const start = anchors.start.toISOString();
  return {
    summary: metadata.summary ?? fieldText(evaluation.incident.fields, /^summary$/i),
    impact: metadata.impact ?? fieldText(evaluation.incident.fields, /^impact$/i),
    impactStart: start === detected ? null : start,
    detected,
    severity: evaluation.severity,
    roles: metadata.roles,
    acknowledged: metadata.acknowledgedAt,
    mitigated: metadata.mitigatedAt,
    resolved: anchors.resolved?.toISOString() ?? null,
  };
}

/** Who an overdue warning mentions: the lead, else the assignees, else the author (from `reminders.mention`). */
export function mentionFor(params: {
  issue: Pick<IssueSnapshot, 'assignees' | 'author'>;
  mode: 'lead' | 'assignees' | 'author' | 'none';
  lead: string | null;
}): string[] {
  if (params.mode === 'none') return [];
  const chain: string[][] = [
    params.lead ? [params.lead] : [],
    [...params.issue.assignees],
    params.issue.author ? [params.issue.author] : [],
  ];
  const start = params.mode === 'lead' ? 0 : params.mode === 'assignees' ? 1 : 2;
  return chain.slice(start).find((logins) => logins.length > 0) ?? [];
}

export function isIncident(issue: Pick<IssueSnapshot, 'labels'>, labels: readonly string[]): boolean {
  const set = new Set(issue.labels.map((l) => l.toLowerCase()));
  return labels.some((l) => set.has(l.toLowerCase()));
}
