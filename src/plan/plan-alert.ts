import type { AlertNotification } from '../domain/alerts/alert.js';
import { alertGroupMarker } from '../domain/alerts/group-marker.js';
import { alertSeverity } from '../domain/alerts/severity.js';
import type { AlertSettings } from '../domain/alerts/settings.js';
import type { SeverityLevel } from '../domain/template/severity.js';
import { sourceName } from '../render/alert-lines.js';
import { inlineText, neutraliseMarkers, neutraliseReferences } from '../render/escape.js';

/** GitHub's limit on an issue body (https://docs.github.com/en/rest/issues/issues#create-an-issue, 65,536 characters). */
export const MAX_ISSUE_BODY_CHARS = 65_536;
/** GitHub refuses longer issue titles (256 characters, as its issue form enforces). */
export const MAX_ISSUE_TITLE_CHARS = 256;
/** GitHub's limit on a label's name (https://docs.github.com/en/rest/issues/labels#create-a-label: 50 characters). */
export const MAX_LABEL_CHARS = 50;
/** Alerts listed in the new issue's body (the status comment keeps the rest). */
const LISTED = 10;

/** The issue an alert group opens, as data: the one write of an alert pass. */
export interface NewAlertIssue {
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
}

/** What an alert pass does: open the group's incident, fold into the open one, or nothing (and why). */
export type AlertPlan =
  | { kind: 'open'; issue: NewAlertIssue; lead: string | null }
  | { kind: 'fold'; number: number; lead: string | null }
  | { kind: 'ignore'; why: string };

/** `{title}`, `{source}` and `{label.NAME}` replaced once, left to right: a value is never read as a placeholder. */
export function alertTitle(params: { format: string; notification: AlertNotification }): string {
  const { notification } = params;
  const value = (name: string): string => {
    if (name === 'title') return notification.title;
    if (name === 'source') return sourceName(notification.source);
    if (name.startsWith('label.')) {
      const label = name.slice('label.'.length);
      return notification.labels[label] ?? notification.alerts[0]?.labels[label] ?? '';
    }
    return `{${name}}`;
  };
  const title = params.format
    .replace(/\{([a-z]+(?:\.[\w.-]+)?)\}/g, (_, name: string) => value(name))
    .replace(/\s+/g, ' ')
    .trim();
  const plain = neutraliseReferences(title === '' ? notification.title : title);
  return plain.length > MAX_ISSUE_TITLE_CHARS ? `${plain.slice(0, MAX_ISSUE_TITLE_CHARS - 1)}…` : plain;
}

function labelsOf(params: {
  notification: AlertNotification;
  settings: AlertSettings;
  incidentLabel: string;
  severityLabel: string | undefined;
}): string[] {
  const { notification, settings } = params;
  const copied = settings.copyLabels.flatMap((name) => {
    const value = notification.labels[name] ?? notification.alerts[0]?.labels[name];
    if (!value) return [];
    const label = `${name}: ${value.replace(/\s+/g, ' ').trim()}`;
    return [label.length > MAX_LABEL_CHARS ? label.slice(0, MAX_LABEL_CHARS) : label];
  });
  const all = [params.incidentLabel, params.severityLabel, ...settings.labels, ...copied].filter(
    (l): l is string => typeof l === 'string' && l !== '',
  );
  return [...new Map(all.map((l) => [l.toLowerCase(), l])).values()];
}

function bodyOf(params: {
  notification: AlertNotification;
  groupId: string;
  severity: SeverityLevel | undefined;
  impactStart: string | null;
  template: { path: string; body: string | null; problem: string | null };
}): string {
  const { notification, template } = params;
  const head = [
    alertGroupMarker(params.groupId),
    `**Opened from an alert** (${sourceName(notification.source)}): ${inlineText(notification.title, 300)}`,
  ];
  if (params.severity) head.push(`**Severity:** ${params.severity.name}`);
  if (params.impactStart) head.push(`**Impact start:** ${params.impactStart}`);
  const alerts = notification.alerts.slice(0, LISTED).map((a) => {
    const summary = a.summary ? `: ${inlineText(a.summary, 300)}` : '';
    const link = a.url ? ` ([source](${a.url.replace(/[\s()[\]<>"'`\\]/g, encodeURIComponent)}))` : '';
    // The state opens the line: a bullet that opened with the alert's own text could read as one of the
    // incident's fields ("Severity: SEV1", "Impact started: ..."), which the alert sender must not set.
    return `- ${a.status === 'firing' ? '🔥' : '✅'} ${inlineText(a.title, 200)}${summary}${link}`;
  });
  if (notification.alerts.length > LISTED) alerts.push(`- …and ${notification.alerts.length - LISTED} more`);
  // Alert text is escaped by inlineText; the whole alert part is neutralised again, as any text the app echoes.
  const alertPart = neutraliseMarkers(neutraliseReferences([...head.slice(1), '', ...alerts].join('\n')));
  const templatePart =
    template.body ??
    `_The template \`${inlineText(template.path, 200)}\` could not be read (${inlineText(template.problem ?? 'missing', 300)}): add it, or set \`alerts.template\` in \`.github/incident.yml\`._`;
  const body = `${head[0]}\n${alertPart}\n\n---\n\n${templatePart}`;
  return body.length > MAX_ISSUE_BODY_CHARS ? body.slice(0, MAX_ISSUE_BODY_CHARS) : body;
}

/**
 * One alert pass, decided (pure): the group's open incident gets the notification folded in; without
 * one, a firing notification opens it from the template (checklist and deadlines included), labelled
 * with the incident label and the mapped severity; a resolved notification for no open incident opens
 * nothing.
 */
export function planAlert(params: {
  notification: AlertNotification;
  groupId: string;
  settings: AlertSettings;
  levels: readonly SeverityLevel[];
  incidentLabel: string;
  /** The group's open incident, found by its marker; null when none. */
  existing: { number: number } | null;
  template: { path: string; body: string | null; problem: string | null };
}): AlertPlan {
  const { notification, settings } = params;
  const value = settings.leadLabel
    ? (notification.labels[settings.leadLabel] ?? notification.alerts[0]?.labels[settings.leadLabel])
    : undefined;
  const lead = value !== undefined ? (settings.leads[value] ?? null) : null;
  if (params.existing) return { kind: 'fold', number: params.existing.number, lead };
  if (notification.status === 'resolved')
    return { kind: 'ignore', why: 'the group is resolved and has no open incident: nothing is opened' };
  const severityName = alertSeverity({
    notification,
    severityLabel: settings.severityLabel,
    severityMap: settings.severityMap,
    levels: params.levels,
  });
  const severity = params.levels.find((l) => l.name === severityName);
  const starts = notification.alerts.flatMap((a) => (a.startsAt ? [a.startsAt] : [])).sort();
  return {
    kind: 'open',
    lead,
    issue: {
      title: alertTitle({ format: settings.title, notification }),
      body: bodyOf({
        notification,
        groupId: params.groupId,
        severity,
        impactStart: starts[0] ?? null,
        template: params.template,
      }),
      labels: labelsOf({ notification, settings, incidentLabel: params.incidentLabel, severityLabel: severity?.label }),
      assignees: lead ? [lead] : [],
    },
  };
}
