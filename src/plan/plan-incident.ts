import type { CommentOutcome } from '../domain/commands/apply.js';
import type { Evaluation, IssueSnapshot } from '../domain/incident/incident-state.js';
import { incidentView, isIncident, type IncidentView } from '../domain/incident/incident-view.js';
import type { Intent } from '../domain/incident/intents.js';
import type { LoadedIncident, PlanNeeds, ReportInputs, Trigger } from '../domain/incident/loaded-incident.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import type { IncidentSettings } from '../domain/incident/settings.js';
import { triggerComment } from '../domain/incident/trigger.js';
import type { CrossRepoRule } from '../domain/trust/cross-repo-consent.js';
import { crossRepoAsker } from './cross-repo-verdict.js';
import { decideAlert } from './decide-alert.js';
import { decideCommands } from './decide-commands.js';
import { decideFollowUps, type FollowUpDecision } from './decide-follow-ups.js';
import { evaluateTrigger } from './evaluate-trigger.js';
import { decideReads } from './decide-reads.js';
import { decideStatusPage, statusPageWrites, withStatusPageReads } from './decide-status-page.js';
import type { StatusPageDecision } from './plan-status-page.js';
import { decideReport, withIndexConsent, type ReportOutcome } from './decide-report.js';
import { decideWarning } from './decide-warning.js';
import { nextWake } from './next-wake.js';
import type { ReportDecision } from './plan-report.js';
import { recallRecord } from './recall-record.js';
import { severityLabel } from './severity-label.js';

export { acceptedCommands, commentDigest } from './accepted-commands.js';
export { postedWarnings } from './posted-warnings.js';

/** The decisions of one pass: the writes to make, or what to read first. */
export interface IncidentPlan {
  tracked: boolean;
  /** Writes, in order. */
  intents: Intent[];
  /** What to read before the plan can decide (then plan again with it); null when nothing. */
  needs: PlanNeeds | null;
  /** What settle.ts needs; null when the issue is not an incident. */
  context: PlanContext | null;
  /** When the incident next needs the app without an event (before the writes' outcomes are known). */
  nextWakeAt: Date | null;
}

export interface PlanContext {
  loaded: LoadedIncident;
  trigger: Trigger;
  settings: IncidentSettings;
  now: Date;
  /** The issue after this pass's commands (labels, assignees, state). */
  issue: IssueSnapshot;
  evaluation: Evaluation;
  view: IncidentView;
  /** The metadata the status comment held (after replay), to compare before writing. */
  stored: IncidentMetadata;
  /** The metadata before the outcomes of this pass's writes. */
  metadata: IncidentMetadata;
  commands: CommentOutcome | null;
  report: ReportDecision;
  followUpsNextAt: Date | null;
  /** What the status comment must say the app is waiting for (permissions), beyond refused writes. */
  notices: string[];
}

export interface PlanIncidentParams {
  loaded: LoadedIncident;
  trigger: Trigger;
  settings: IncidentSettings;
  now: Date;
  reportInputs?: ReportInputs | null;
  /** The server's INCIDENT_RESPONDER_ALLOW_CROSS_REPO pairs. */
  serverRules?: readonly CrossRepoRule[];
}

const NOT_AN_INCIDENT: IncidentPlan = { tracked: false, intents: [], needs: null, context: null, nextWakeAt: null };

/**
 * One pass over one incident, decided: `(loaded incident, trigger, settings, now)` -> the writes to make
 * (intents) and what the status comment will need once they are made. Pure: no I/O, no clock. It reads
 * as the sequence of its decisions, each a function of its own file in this folder; github/execute.ts
 * writes the intents and settle.ts turns their outcomes into the replies and the status comment.
 */
export function planIncident(params: PlanIncidentParams): IncidentPlan {
  const { loaded, trigger, settings, now } = params;
  if (!isIncident(loaded.issue, settings.incidentLabels)) return NOT_AN_INCIDENT;
  const { stored, metadata: recalled } = recallRecord({ loaded, settings, commentId: triggerComment(trigger)?.id });
  const ran = decideCommands({ loaded, trigger, settings, metadata: recalled });
  const { commands } = ran;
  const alerted = decideAlert({ trigger, settings, issue: ran.issue, metadata: ran.metadata, now });
  const { issue } = alerted;
  const evaluation = evaluateTrigger({ trigger, settings, issue, metadata: alerted.metadata, now });
  const view = incidentView({ issue, evaluation });

  // Writes into other repositories: each unknown one is read before the plan decides.
  const targets = crossRepoAsker({ loaded, settings, serverRules: params.serverRules ?? [] });
  const crossRepo = targets.ask;
  const followUps = decideFollowUps({
    loaded,
    settings,
    evaluation,
    commands,
    metadata: evaluation.metadata,
    now,
    crossRepo,
  });
  const report = decideReport({
    loaded,
    settings,
    issue,
    evaluation,
    view,
    metadata: followUps.metadata,
    commands,
    reportInputs: params.reportInputs ?? null,
    crossRepo,
  });
  const commandIntents = withIndexConsent([...ran.intents, ...alerted.intents], report.verdict);
  const statusPage = decideStatusPage({ loaded, settings, issue, view, metadata: followUps.metadata, crossRepo });
  const reads = decideReads({
    loaded,
    settings,
    targets: targets.unknown,
    needsAuthorPermission: followUps.needsAuthorPermission,
    report,
    refreshesIndex: commandIntents.some((i) => i.kind === 'refresh-index'),
    warningsDue: evaluation.warnings.due.length > 0,
  });
  const needs = withStatusPageReads({ needs: reads, decision: statusPage, loaded });
  if (needs) return { tracked: true, intents: [], needs, context: null, nextWakeAt: null };

  return planWrites({
    ...params,
    stored,
    issue,
    evaluation,
    view,
    commands,
    commandIntents,
    followUps,
    report,
    statusPage,
  });
}

/**
 * The writes, once nothing is left to read: the commands' writes, follow-up issues, the report, the
 * severity label and the overdue warning, in that order; and what settle.ts needs after them.
 */
function planWrites(params: {
  loaded: LoadedIncident;
  trigger: Trigger;
  settings: IncidentSettings;
  now: Date;
  stored: IncidentMetadata;
  issue: IssueSnapshot;
  evaluation: Evaluation;
  view: IncidentView;
  commands: CommentOutcome | null;
  commandIntents: readonly Intent[];
  followUps: FollowUpDecision;
  report: ReportOutcome;
  statusPage: StatusPageDecision;
}): IncidentPlan {
  const { loaded, trigger, settings, now, stored, issue, evaluation, view, commands, followUps } = params;
  const decided = params.report.report;
  const reported = decided.kind === 'settled' || decided.kind === 'publish' ? decided.metadata : followUps.metadata;
  const warning = decideWarning({ loaded, settings, issue, evaluation, stored, metadata: reported, now });
  const page = statusPageWrites({ decision: params.statusPage, metadata: warning.metadata });
  const metadata = page.metadata;
  const intents: Intent[] = [
    ...params.commandIntents,
    ...followUps.intents,
    ...(decided.kind === 'publish' ? [decided.intent] : []),
    ...page.intents,
    ...[severityLabel({ evaluation, settings }), warning.intent].filter((i): i is Intent => i !== null),
  ];
  return {
    tracked: true,
    intents,
    needs: null,
    context: {
      loaded,
      trigger,
      settings,
      now,
      issue,
      evaluation,
      view,
      stored,
      metadata,
      commands,
      report: decided,
      followUpsNextAt: followUps.nextAt,
      notices: [...followUps.notices, ...deletedCommentNotice(trigger)],
    },
    nextWakeAt: nextWake({
      deadline: evaluation.nextWakeAt,
      followUps: followUps.nextAt,
      foldedUntil: metadata.foldedUntil,
    }),
  };
}

/**
 * A command comment deleted before its pass read it: an outcome, not a failure (issue #24). Its commands
 * are not run — GitHub no longer has them, and a queued copy is not trusted (issue #25) — and the status
 * comment says so.
 */
function deletedCommentNotice(trigger: Trigger): string[] {
  if (trigger.kind !== 'wake' || !trigger.deletedComment) return [];
  return [
    `A command comment by \`${trigger.deletedComment.author}\` was deleted before it was handled: its commands were not run. Post them again if they are still wanted.`,
  ];
}
