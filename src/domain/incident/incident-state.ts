import { parseIncident, type ParseOptions } from '../template/checklist.js';
import {
  completedByEvents,
  doneEventsOf,
  recordFact,
  type DoneEvent,
  type DoneFact,
  type DoneWhenSettings,
} from '../template/done-when.js';
import { deepFreeze } from '../shared/freeze.js';
import type { IncidentMetadata } from './metadata.js';
import { decideWarnings, type WarningDecision } from './overdue.js';
import { resolveSeverity, type SeverityLevel, type SeveritySource } from '../template/severity.js';
import { computeStatus, type AnchorTimes, type StatusResult } from './status.js';
import { stepsAfterTicks } from './tick-diff.js';
import { trackTicks } from './tick-tracking.js';
import type { BusinessHours, Incident, Step } from '../template/types.js';
import { MIN_RECURRING_MINUTES } from './interval-floor.js';

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
  /** Which events complete which steps (`steps.done_when`). */
  doneWhen: DoneWhenSettings;
}

/** Recurring deadlines from a body are held to the floor (domain/incident/interval-floor.ts): `every 1 sec` must not flood. */

/** A recurring deadline held to the floor; other deadlines as they are. */
function flooredStep(step: Step): Step {
  const every = step.deadline?.everyMinutes;
  if (!step.deadline || every === null || every === undefined || every >= MIN_RECURRING_MINUTES) return step;
  const min = Math.max(step.deadline.minMinutes, MIN_RECURRING_MINUTES);
  return {
    ...step,
    deadline: {
      ...step.deadline,
      everyMinutes: MIN_RECURRING_MINUTES,
      minMinutes: min,
      maxMinutes: Math.max(step.deadline.maxMinutes, min),
    },
  };
}

/**
 * The checklist's steps with the status-update cadence: when the checklist has its own recurring
 * status-update step ("post a status update every 30 minutes") that applies, the configured cadence
 * drives that step and the two are one reminder; otherwise the cadence is a step of its own.
 */
export function stepsWithCadence(params: {
  steps: readonly Step[];
  level: string | null;
  rules: Pick<EvaluationRules, 'statusEveryMinutes' | 'doneWhen'>;
}): Step[] {
  const steps = params.steps.map(flooredStep);
  const cadence = params.level === null ? undefined : params.rules.statusEveryMinutes[params.level];
  if (cadence === undefined) return steps;
  const every = Math.max(cadence, MIN_RECURRING_MINUTES);
  const applies = (s: Step) => s.severities === null || params.level === null || s.severities.includes(params.level);
  const own = steps.findIndex(
    (s) =>
      s.deadline?.everyMinutes != null &&
      applies(s) &&
      doneEventsOf({ text: s.text, settings: params.rules.doneWhen }).includes('status'),
  );
  const base = steps[own];
  if (own < 0 || !base?.deadline) return [...steps, cadenceStep(every)];
  const merged = {
    ...base,
    deadline: { ...base.deadline, minMinutes: every, maxMinutes: every, everyMinutes: every, variants: null },
  };
  return steps.map((s, i) => (i === own ? merged : s));
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
  /** Step id -> the event that completed it (steps done by what responders did, not by their box). */
  doneBy: Record<string, DoneFact>;
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
function labelMoment(params: {
  recorded: string | null;
  labels: readonly string[];
  wanted: readonly string[];
  at: Date;
}): string | null {
  if (params.wanted.length === 0) return params.recorded;
  return hasAny(params.labels, params.wanted) ? (params.recorded ?? params.at.toISOString()) : null;
}

function earliest(...dates: Array<Date | null>): Date | null {
  return dates.reduce<Date | null>(
    (best, d) => (d !== null && (best === null || d.getTime() < best.getTime()) ? d : best),
    null,
  );
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
  /** Who caused the event being handled (the webhook's sender), when known: ticks and facts are credited to them. */
  actor?: string | null;
  now: Date;
}): Evaluation {
  const { issue, rules, now } = params;
  const actor = params.actor ?? null;
  const incident = parseCached(issue.body, rules.parse);
  // The bodies before and between the edits differ from this one by ticks, as a rule: their steps
  // come from this parse with those boxes flipped, and only a body that differs otherwise is parsed.
  const seen = new Map<string, readonly Step[]>([[issue.body, incident.steps]]);
  const stepsOf = (body: string): readonly Step[] => {
    let steps = seen.get(body);
    if (!steps)
      seen.set(
        body,
        (steps =
          stepsAfterTicks({ base: { body: issue.body, steps: incident.steps }, body }) ??
          parseCached(body, rules.parse).steps),
      );
    return steps;
  };
  const before = params.bodyFrom === null ? null : stepsOf(params.bodyFrom);
  // Edits handled together with this one (a burst): each gives its ticks their own times, in order.
  let tickState: Pick<IncidentMetadata, 'checkedAt' | 'checkedUnknown'> = params.metadata;
  for (const edit of params.earlierEdits ?? []) {
    tickState = trackTicks({
      before: stepsOf(edit.from),
      after: stepsOf(edit.to),
      state: tickState,
      at: edit.at,
      newIssue: false,
    });
  }
  const ticks = trackTicks({
    before,
    after: incident.steps,
    state: tickState,
    at: params.eventAt,
    newIssue: params.opened,
  });

  const { metadata } = params;
  const at = params.eventAt;
  const tickedBy = { ...metadata.tickedBy };
  if (actor !== null)
    for (const id of Object.keys(ticks.checkedAt)) if (metadata.checkedAt[id] === undefined) tickedBy[id] = actor;
  for (const id of Object.keys(tickedBy)) if (ticks.checkedAt[id] === undefined) delete tickedBy[id];
  // Acknowledgement is never taken back; mitigation and resolution follow their labels.
  const acknowledgedAt =
    metadata.acknowledgedAt ?? (hasAny(issue.labels, rules.acknowledgedLabels) ? at.toISOString() : null);
  const mitigatedAt = labelMoment({
    recorded: metadata.mitigatedAt,
    labels: issue.labels,
    wanted: rules.mitigatedLabels,
    at,
  });
  const resolvedByLabel =
    rules.resolvedLabels.length > 0
      ? labelMoment({ recorded: metadata.resolvedAt, labels: issue.labels, wanted: rules.resolvedLabels, at })
      : null;
  // Closing resolves; reopening clears it (an open issue is resolved only by its label).
  const closedAt =
    rules.resolveOnClose && issue.state === 'closed' && issue.closedAt !== null ? new Date(issue.closedAt) : null;
  const resolvedAt = earliest(resolvedByLabel ? new Date(resolvedByLabel) : null, closedAt)?.toISOString() ?? null;

  const anchors: AnchorTimes = {
    start:
      (metadata.impactStartAt ? new Date(metadata.impactStartAt) : null) ??
      (incident.impactStart ? new Date(incident.impactStart) : null) ??
      new Date(issue.createdAt),
    acknowledged: acknowledgedAt ? new Date(acknowledgedAt) : null,
    mitigated: mitigatedAt ? new Date(mitigatedAt) : null,
    resolved: resolvedAt ? new Date(resolvedAt) : null,
  };
  const { level, source } = resolveSeverity({
    labels: issue.labels,
    levels: rules.levels,
    commandSeverity: metadata.commandSeverity,
    bodySeverity: incident.severity,
  });
  const steps = stepsWithCadence({ steps: incident.steps, level, rules });
  const facts = recordedFacts({
    facts: metadata.facts as Partial<Record<DoneEvent, DoneFact>>,
    issue,
    severity: level,
    source,
    anchors,
    metadata,
    at,
    actor,
  });
  const doneBy = completedByEvents({ steps, facts, settings: rules.doneWhen });
  const checkedAt = Object.fromEntries(Object.entries(ticks.checkedAt).map(([id, at]) => [id, new Date(at)]));
  for (const [id, fact] of Object.entries(doneBy)) checkedAt[id] = new Date(fact.at);
  const status = computeStatus({
    steps: steps.map((s) => (doneBy[s.id] ? { ...s, checked: true } : s)),
    skipped: metadata.skipped,
    snoozedUntil: Object.fromEntries(Object.entries(metadata.snoozed).map(([id, s]) => [id, new Date(s.until)])),
    severity: level,
    anchors,
    checkedAt,
    lastStatusUpdateAt: params.metadata.lastStatusUpdateAt ? new Date(params.metadata.lastStatusUpdateAt) : null,
    businessHours: rules.businessHours,
    graceMinutes: rules.graceMinutes,
    now,
  });
  const warnings = decideWarnings({ status, warned: params.metadata.warned, repeatMinutes: rules.repeatMinutes, now });
  const phase: Phase = anchors.resolved
    ? 'resolved'
    : anchors.mitigated
      ? 'mitigated'
      : anchors.acknowledged
        ? 'acknowledged'
        : 'active';
  const next: IncidentMetadata = {
    ...metadata,
    checkedAt: ticks.checkedAt,
    checkedUnknown: ticks.checkedUnknown,
    tickedBy,
    facts,
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
    doneBy,
    nextWakeAt: earliest(status.nextChangeAt, warnings.nextRepeatAt),
  };
}

/**
 * The done-when events this pass can see happened: a severity (label, body or command), the lifecycle
 * moments, a follow-up issue or a report. Commands record their own (with their line) when accepted;
 * this adds what labels, closing and the app's own writes did, credited to whoever caused the event.
 */
export function recordedFacts(params: {
  facts: Partial<Record<DoneEvent, DoneFact>>;
  issue: IssueSnapshot;
  severity: string | null;
  source: SeveritySource | null;
  anchors: AnchorTimes;
  metadata: Pick<IncidentMetadata, 'followUps' | 'report'>;
  at: Date;
  actor: string | null;
}): Partial<Record<DoneEvent, DoneFact>> {
  const { issue, anchors } = params;
  let facts = params.facts;
  const at = params.at.toISOString();
  if (params.severity !== null && params.source !== null) {
    const via =
      params.source === 'body'
        ? `severity ${params.severity} in the issue`
        : params.source === 'label'
          ? `severity label (${params.severity})`
          : `severity ${params.severity}`;
    facts = recordFact(facts, 'severity', {
      at: params.source === 'body' ? issue.createdAt : at,
      by: params.source === 'body' ? issue.author : params.actor,
      via,
    });
  }
  const moment = (event: DoneEvent, when: Date | null, via: string) => {
    if (when !== null) facts = recordFact(facts, event, { at: when.toISOString(), by: params.actor, via });
  };
  moment('acknowledged', anchors.acknowledged, 'acknowledged label');
  moment('mitigated', anchors.mitigated, 'mitigated label');
  moment('resolved', anchors.resolved, issue.state === 'closed' ? 'issue closed' : 'resolved label');
  const followUp = Object.values(params.metadata.followUps)[0];
  if (followUp)
    facts = recordFact(facts, 'follow-up', { at, by: null, via: `follow-up ${followUp.repo}#${followUp.number}` });
  const report = params.metadata.report;
  if (report) facts = recordFact(facts, 'report', { at, by: null, via: `report ${report.repo}#${report.number}` });
  return facts;
}

/**
 * The steps as the status comment numbers them (1, 2, ... in its order: the checklist, then the
 * status-update cadence), for commands that name a step by number or text.
 */
export function numberedSteps(params: {
  issue: IssueSnapshot;
  rules: EvaluationRules;
  commandSeverity: string | null;
}): Array<{ id: string; number: number; text: string }> {
  const incident = parseCached(params.issue.body, params.rules.parse);
  const { level } = resolveSeverity({
    labels: params.issue.labels,
    levels: params.rules.levels,
    commandSeverity: params.commandSeverity,
    bodySeverity: incident.severity,
  });
  return stepsWithCadence({ steps: incident.steps, level, rules: params.rules }).map((s, i) => ({
    id: s.id,
    number: i + 1,
    text: s.text,
  }));
}
