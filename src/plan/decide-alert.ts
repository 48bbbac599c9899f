import { applyAlertNotification } from '../domain/alerts/apply.js';
import type { IssueSnapshot } from '../domain/incident/incident-state.js';
import type { Intent } from '../domain/incident/intents.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import type { IncidentSettings } from '../domain/incident/settings.js';
import type { Trigger } from '../domain/incident/trigger.js';
import { renderAlertRefire } from '../render/alert-refire.js';

/**
 * Decision 2b, a notification of the incident's alert group: its alerts fold into the record (shown in
 * the status comment), a resolved group records the incident as mitigated (never closed: a person
 * resolves), and a refire after mitigation is said once.
 */
export function decideAlert(params: {
  trigger: Trigger;
  settings: IncidentSettings;
  issue: IssueSnapshot;
  metadata: IncidentMetadata;
  now: Date;
}): { metadata: IncidentMetadata; issue: IssueSnapshot; intents: Intent[] } {
  const { trigger, settings, now } = params;
  if (trigger.kind !== 'alert') return { metadata: params.metadata, issue: params.issue, intents: [] };
  const applied = applyAlertNotification({
    metadata: params.metadata,
    labels: params.issue.labels,
    notification: trigger.alert.notification,
    lead: trigger.alert.lead,
    mitigatedLabel: settings.rules.mitigatedLabels[0],
    now,
  });
  let issue = params.issue;
  const intents: Intent[] = [];
  if (applied.addLabel) {
    issue = { ...issue, labels: [...issue.labels, applied.addLabel] };
    intents.push({ kind: 'add-label', label: applied.addLabel, origin: { kind: 'app' } });
  }
  if (applied.refire) {
    const key = `alert-refire-${applied.refire.mitigatedAt}`;
    intents.push({
      kind: 'reply',
      key,
      body: renderAlertRefire({
        key,
        ...applied.refire,
        source: trigger.alert.notification.source,
        timeZone: settings.timeZone,
      }),
      origin: { kind: 'app' },
    });
  }
  return { metadata: applied.metadata, issue, intents };
}
