import type { WorkflowDispatchEvent } from '@octokit/webhooks-types';
import type { IncidentRef } from '../domain/incident/incident-ref.js';
import type { Trigger } from '../domain/incident/trigger.js';
import { ALERT_SOURCES, isAlertSource, type AlertSource } from '../domain/alerts/alert.js';
import { reportPullIncident } from '../domain/reports/report-index-target.js';
import { intakeOf } from '../intake/index.js';

/** A `schedule` run's payload: the cron line, the repository, the workflow file. */
export interface ScheduleEvent {
  schedule?: string;
  workflow?: string;
}

/** What one workflow run does. */
export type ActionJob =
  | { kind: 'incident'; target: IncidentRef; trigger: Trigger; why: string }
  | { kind: 'sweep'; why: string }
  /** A report pull request the app opened was merged in this (the reports) repository: the index pass. */
  | { kind: 'index'; reportsRepo: { owner: string; repo: string }; incident: IncidentRef; why: string }
  /** A `repository_dispatch` of type `incident-alert`: `client_payload: { source, payload }` (docs/alerts.md). */
  | { kind: 'alert'; source: AlertSource | null; payload: unknown; why: string }
  /** A pull request that may change the config or a template: a check run on its head commit. */
  | { kind: 'check'; pull: number; headSha: string; why: string }
  | { kind: 'skip'; why: string };

/** The `repository_dispatch` type that carries an alert (the workflow template listens to it). */
export const ALERT_DISPATCH_TYPE = 'incident-alert';

const ACTED_ON = 'issues, issue_comment, pull_request, schedule, workflow_dispatch, repository_dispatch';

/**
 * The job a workflow event asks for: the one intake (src/intake/), as the App reads the same webhook.
 * The issue itself is not taken from the payload: a workflow run can start minutes after its event,
 * so the pass reads the issue as it is now (the App does the same for a payload it cannot tell is
 * the newest).
 */
export function jobOf(params: {
  eventName: string;
  payload: unknown;
  repository: { owner: string; repo: string };
  botLogin: string;
}): ActionJob {
  const { eventName } = params;
  if (eventName === 'schedule' || eventName === 'workflow_dispatch') {
    const why =
      eventName === 'schedule'
        ? `schedule ${(params.payload as ScheduleEvent).schedule ?? ''}`.trim()
        : `workflow_dispatch by ${(params.payload as WorkflowDispatchEvent).sender?.login ?? 'someone'}`;
    return { kind: 'sweep', why };
  }
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const payload = params.payload as {
      action?: string;
      pull_request?: { number?: number; head?: { sha?: string } };
    };
    const number = payload.pull_request?.number;
    const sha = payload.pull_request?.head?.sha;
    // Opened or pushed to: a check run on its head commit; closed: the reports-index pass if merged.
    if (['opened', 'synchronize', 'reopened'].includes(payload.action ?? '') && number && sha)
      return { kind: 'check', pull: number, headSha: sha, why: `${eventName}.${payload.action} #${number}` };
    return mergedReportJob(params);
  }
  if (eventName === 'repository_dispatch') return alertJob(params.payload);
  if (eventName !== 'issues' && eventName !== 'issue_comment')
    return { kind: 'skip', why: `the ${eventName} event is not one incident-responder acts on (${ACTED_ON})` };
  const intake = intakeOf({
    name: eventName,
    payload: params.payload,
    repository: params.repository,
    botLogin: params.botLogin,
  });
  if (intake.kind === 'incident')
    return { kind: 'incident', target: intake.target, trigger: intake.trigger, why: intake.why };
  if (intake.kind === 'skip') return intake;
  return { kind: 'skip', why: `${intake.why}: not one incident-responder acts on in a workflow (${ACTED_ON})` };
}

/** A merged report pull request the app opened: the reports-index pass; any other pull request event: nothing. */
function mergedReportJob(params: {
  eventName: string;
  payload: unknown;
  repository: { owner: string; repo: string };
  botLogin: string;
}): ActionJob {
  const payload = params.payload as {
    action?: string;
    number?: number;
    pull_request?: { merged?: boolean; body?: string | null; user?: { login?: string } | null };
  };
  const pull = payload.pull_request;
  const why = `${params.eventName}.${payload.action ?? ''} #${payload.number ?? '?'}`;
  if (payload.action !== 'closed' || !pull?.merged) return { kind: 'skip', why: `${why}: not a merge` };
  // Only a pull request the app opened, with its report marker: anyone can type a marker.
  // Before the token's login is known (''), the marker alone says whether to ask; then the author decides.
  const incident = reportPullIncident({
    author: pull.user?.login,
    body: pull.body,
    botLogin: params.botLogin === '' ? (pull.user?.login ?? '') : params.botLogin,
  });
  if (!incident) return { kind: 'skip', why: `${why}: not a report pull request of ${params.botLogin}` };
  return {
    kind: 'index',
    reportsRepo: params.repository,
    incident,
    why: `${why}: the report of ${incident.owner}/${incident.repo}#${incident.number} was merged`,
  };
}

/** A `repository_dispatch` of type `incident-alert`; a wrong source fails the run with why, never silently. */
function alertJob(event: unknown): ActionJob {
  const payload = event as { action?: unknown; client_payload?: { source?: unknown; payload?: unknown } };
  if (payload.action !== ALERT_DISPATCH_TYPE)
    return {
      kind: 'skip',
      why: `repository_dispatch of type ${String(payload.action).slice(0, 60)} is not ${ALERT_DISPATCH_TYPE}`,
    };
  const source = payload.client_payload?.source;
  if (typeof source !== 'string' || !isAlertSource(source))
    return {
      kind: 'alert',
      source: null,
      payload: undefined,
      why: `client_payload.source must be one of ${ALERT_SOURCES.join(', ')}`,
    };
  return {
    kind: 'alert',
    source,
    payload: payload.client_payload?.payload,
    why: `${ALERT_DISPATCH_TYPE} from ${source}`,
  };
}
