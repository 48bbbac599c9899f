import { parseIncident, type ParseOptions } from './checklist.js';
import { deepFreeze } from './freeze.js';
import type { IncidentMetadata } from './metadata.js';
import { decideWarnings, type WarningDecision } from './overdue.js';
import { resolveSeverity, type SeverityLevel, type SeveritySource } from './severity.js';
import { computeStatus, type AnchorTimes, type StatusResult } from './status.js';
import { stepsAfterTicks } from './tick-diff.js';
import { trackTicks } from './tick-tracking.js';
import { impactStartOf } from './timestamps.js';
import type { BusinessHours, Incident, Step } from './types.js';

/** The issue as the app sees it: plain data, from a webhook payload or the REST API. */
export interface IssueSnapshot {
  number: number;
  /** The REST id (sub-issues are linked by id, not number). */
  id: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  assignees: string[];
  author: string;
  /** `User` or `Bot` (an alerting integration opening incidents). */
  authorType?: string;
  createdAt: string;
  closedAt: string | null;
  htmlUrl: string;
}

/** What the incident's config means for evaluation, already resolved from `.github/incident.yml`. */
export interface EvaluationRules {
  parse: ParseOptions;
  levels: readonly SeverityLevel[];
  businessHours: BusinessHours;
  graceMinutes: number;
  repeatMinutes: number | null;
  mitigatedLabels: readonly string[];
  resolvedLabels: readonly string[];
  acknowledgedLabels: readonly string[];
  resolveOnClose: boolean;
  /** Severity level -> minutes between status updates (`status_updates.every`). */
  statusEveryMinutes: Readonly<Record<string, number>>;
}

/** The status-update cadence as a recurring step, so it shows, warns and wakes like any other. */
export const CADENCE_STEP_ID = 'status-update-cadence';

function cadenceStep(minutes: number): Step {
  return {
    id: CADENCE_STEP_ID,
    text: 'Post a status update (/incident status ...)',
    checked: false,
    section: 'Status updates',
    depth: 0,
    line: 0,
    deadline: { anchor: 'start', minMinutes: minutes, maxMinutes: minutes, everyMinutes: minutes, variants: null },
    severities: null,
    postIncident: false,
  };
}

export type Phase = 'active' | 'acknowledged' | 'mitigated' | 'resolved';

export interface Evaluation {
  incident: Incident;
  /** The checklist's steps plus the status-update cadence when one applies. */
  steps: Step[];
  severity: string | null;
  severitySource: SeveritySource | null;
  phase: Phase;
  anchors: AnchorTimes;
  status: StatusResult;
  warnings: WarningDecision;
  metadata: IncidentMetadata;
  /** When the incident next needs the app without an event: a step changes state or a warning repeats. */
  nextWakeAt: Date | null;
}

function hasAny(labels: readonly string[], wanted: readonly string[]): boolean {
  const set = new Set(labels.map((l) => l.toLowerCase()));
  return wanted.some((w) => set.has(w.toLowerCase()));
}

/**
 * A lifecycle moment carried by a label: the first time the app sees the label it records the event
 * time; removing the label clears it. With no label configured, only a command can set it.
 */
function labelMoment(params: { recorded: string | null; labels: readonly string[]; wanted: readonly string[]; at: Date }): string | null {
  if (params.wanted.length === 0) return params.recorded;
  return hasAny(params.labels, params.wanted) ? (params.recorded ?? params.at.toISOString()) : null;
}

function earliest(...dates: Array<Date | null>): Date | null {
  return dates.reduce<Date | null>((best, d) => (d !== null && (best === null || d.getTime() < best.getTime()) ? d : best), null);
}

/** Bodies parsed recently, per parse options: one edit's new body is the next edit's old body. */
const PARSE_CACHE_ENTRIES = 256;
const parsedBodies = new WeakMap<ParseOptions, Map<string, Incident>>();

/** parseIncident, remembered for the same options object (callers keep one per loaded config). Frozen: shared. */
function parseCached(body: string, options: ParseOptions): Incident {
  let cache = parsedBodies.get(options);
  if (!cache) parsedBodies.set(options, (cache = new Map()));
  const hit = cache.get(body);
  if (hit) return hit;
  const incident = deepFreeze(parseIncident({ body, options }));
  if (cache.size >= PARSE_CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(body, incident);
  return incident;
}

/**
 * Everything the app decides about one incident at `now`, from GitHub state alone. Pure: the caller
 * loads the issue and the status comment's metadata, and writes what this returns.
 */
export function evaluateIncident(params: {
  issue: IssueSnapshot;
  rules: EvaluationRules;
  metadata: IncidentMetadata;
  /** `changes.body.from` of an `issues.edited` event: the body before this edit. */
  bodyFrom: string | null;
  /** True when this evaluation handles the issue's `opened` event (boxes ticked at creation were ticked then). */
  opened: boolean;
  /** Time of the event being handled (edit time for tick times); `now` for timers and sweeps. */
  eventAt: Date;
  /** Body edits that came just before this one and are handled with it, oldest first. */
  earlierEdits?: ReadonlyArray<{ from: string; to: string; at: Date }>;
  now: Date;
}): Evaluation {
  const { issue, rules, now } = params;
  const incident = parseCached(issue.body, rules.parse);
  // The bodies before and between the edits differ from this one by ticks, as a rule: their steps
  // come from this parse with those boxes flipped, and only a body that differs otherwise is parsed.
  const seen = new Map<string, readonly Step[]>([[issue.body, incident.steps]]);
  const stepsOf = (body: string): readonly Step[] => {
    let steps = seen.get(body);
    if (!steps) seen.set(body, (steps = stepsAfterTicks({ base: { body: issue.body, steps: incident.steps }, body }) ?? parseCached(body, rules.parse).steps));
    return steps;
  };
  const before = params.bodyFrom === null ? null : stepsOf(params.bodyFrom);
  // Edits handled together with this one (a burst): each gives its ticks their own times, in order.
  let tickState: Pick<IncidentMetadata, 'checkedAt' | 'checkedUnknown'> = params.metadata;
  for (const edit of params.earlierEdits ?? []) {
    tickState = trackTicks({ before: stepsOf(edit.from), after: stepsOf(edit.to), state: tickState, at: edit.at, newIssue: false });
  }
  const ticks = trackTicks({ before, after: incident.steps, state: tickState, at: params.eventAt, newIssue: params.opened });

  const { metadata } = params;
  const at = params.eventAt;
  // Acknowledgement is never taken back; mitigation and resolution follow their labels.
  const acknowledgedAt = metadata.acknowledgedAt ?? (hasAny(issue.labels, rules.acknowledgedLabels) ? at.toISOString() : null);
  const mitigatedAt = labelMoment({ recorded: metadata.mitigatedAt, labels: issue.labels, wanted: rules.mitigatedLabels, at });
  const resolvedByLabel = rules.resolvedLabels.length > 0 ? labelMoment({ recorded: metadata.resolvedAt, labels: issue.labels, wanted: rules.resolvedLabels, at }) : null;
  // Closing resolves; reopening clears it (an open issue is resolved only by its label).
  const closedAt = rules.resolveOnClose && issue.state === 'closed' && issue.closedAt !== null ? new Date(issue.closedAt) : null;
  const resolvedAt = earliest(resolvedByLabel ? new Date(resolvedByLabel) : null, closedAt)?.toISOString() ?? null;

  const anchors: AnchorTimes = {
    start: (metadata.impactStartAt ? new Date(metadata.impactStartAt) : null) ?? impactStartOf(incident.fields) ?? new Date(issue.createdAt),
    acknowledged: acknowledgedAt ? new Date(acknowledgedAt) : null,
    mitigated: mitigatedAt ? new Date(mitigatedAt) : null,
    resolved: resolvedAt ? new Date(resolvedAt) : null,
  };
  const { level, source } = resolveSeverity({ labels: issue.labels, levels: rules.levels, commandSeverity: metadata.commandSeverity, bodySeverity: incident.severity });
  const cadence = level === null ? undefined : rules.statusEveryMinutes[level];
  const steps = cadence === undefined ? incident.steps : [...incident.steps, cadenceStep(cadence)];
  const checkedAt = Object.fromEntries(Object.entries(ticks.checkedAt).map(([id, at]) => [id, new Date(at)]));
  const status = computeStatus({
    steps,
    severity: level,
    anchors,
    checkedAt,
    lastStatusUpdateAt: params.metadata.lastStatusUpdateAt ? new Date(params.metadata.lastStatusUpdateAt) : null,
    businessHours: rules.businessHours,
    graceMinutes: rules.graceMinutes,
    now,
  });
  const warnings = decideWarnings({ status, warned: params.metadata.warned, repeatMinutes: rules.repeatMinutes, now });
  const phase: Phase = anchors.resolved ? 'resolved' : anchors.mitigated ? 'mitigated' : anchors.acknowledged ? 'acknowledged' : 'active';
  const next: IncidentMetadata = {
    ...metadata,
    checkedAt: ticks.checkedAt,
    checkedUnknown: ticks.checkedUnknown,
    warned: warnings.warned,
    acknowledgedAt: anchors.acknowledged?.toISOString() ?? null,
    mitigatedAt: anchors.mitigated?.toISOString() ?? null,
    resolvedAt: anchors.resolved?.toISOString() ?? null,
  };
  return {
    incident,
    steps,
    severity: level,
    severitySource: source,
    phase,
    anchors,
    status,
    warnings,
    metadata: next,
    nextWakeAt: earliest(status.nextChangeAt, warnings.nextRepeatAt),
  };
}
