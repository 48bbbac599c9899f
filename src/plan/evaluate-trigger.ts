import { evaluateIncident, type Evaluation, type IssueSnapshot } from '../domain/incident/incident-state.js';
import { triggerComment, type Trigger } from '../domain/incident/trigger.js';
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
  const event = trigger.kind === 'issue' ? trigger : null;
  return evaluateIncident({
    issue: params.issue,
    rules: params.settings.rules,
    metadata: followUpChanged(params.metadata, trigger),
    bodyFrom: event?.bodyFrom ?? null,
    opened: event?.opened === true || (trigger.kind === 'alert' && trigger.opened),
    eventAt: (trigger.kind === 'issue' || trigger.kind === 'comment' ? trigger.at : undefined) ?? now,
    earlierEdits: event?.earlierEdits,
    actor: event?.actor ?? triggerComment(trigger)?.author ?? null,
    now,
  });
}
