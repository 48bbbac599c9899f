import type { WorkflowDispatchEvent } from '@octokit/webhooks-types';
import type { IncidentRef } from '../domain/incident/incident-ref.js';
import type { Trigger } from '../domain/incident/trigger.js';
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
  | { kind: 'skip'; why: string };

const ACTED_ON = 'issues, issue_comment, schedule, workflow_dispatch';

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
