import { evaluateIncident, type Evaluation, type IssueSnapshot } from '../domain/incident/incident-state.js';
import type { Trigger } from '../domain/incident/loaded-incident.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import type { IncidentSettings } from '../domain/incident/settings.js';
import { followUpChanged } from './decide-follow-ups.js';

/**
 * Decision 4, the incident's state after the trigger: steps, deadlines, severity, phase and the
 * warnings due, from the issue as the commands left it. Ticks and label-made facts are credited to
 * the trigger's actor (else the commenter).
 */
export function evaluateTrigger(params: {
  trigger: Trigger;
  settings: IncidentSettings;
  issue: IssueSnapshot;
  metadata: IncidentMetadata;
  now: Date;
}): Evaluation {
  const { trigger, now } = params;
  return evaluateIncident({
    issue: params.issue,
    rules: params.settings.rules,
    metadata: followUpChanged(params.metadata, trigger.followUp),
    bodyFrom: trigger.bodyFrom ?? null,
    opened: trigger.opened === true,
    eventAt: trigger.at ?? now,
    earlierEdits: trigger.earlierEdits,
    actor: trigger.actor ?? trigger.comment?.author ?? null,
    now,
  });
}
