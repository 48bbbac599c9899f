import type { IncidentMetadata } from '../incident/metadata.js';
import type { AlertNotification } from './alert.js';
import { earliestStart, foldAlerts, latestEnd } from './fold.js';

/**
 * A notification of the incident's alert group, applied to what the incident remembers (pure): the
 * distinct alerts seen; the impact start, the earliest `startsAt`, unless one was set; a resolved group
 * records the incident as mitigated (never resolved, never closed: a person resolves); a refire after
 * that mitigation is reported once.
 */
export function applyAlertNotification(params: {
  metadata: IncidentMetadata;
  labels: readonly string[];
  notification: AlertNotification;
  /** The lead `alerts.leads` names for the group, recorded when the incident has none yet. */
  lead?: string | null;
  /** The label that carries mitigation (milestones.mitigated.labels[0]); undefined when none is configured. */
  mitigatedLabel: string | undefined;
  now: Date;
}): { metadata: IncidentMetadata; addLabel: string | null; refire: { at: string; mitigatedAt: string } | null } {
  const { notification, now } = params;
  const folded = foldAlerts({ memory: params.metadata.alerts, notification, now });
  let metadata: IncidentMetadata = { ...params.metadata, alerts: folded.memory };
  if (metadata.impactStartAt === null) {
    const start = earliestStart(folded.memory.items);
    if (start && start <= now.toISOString()) metadata = { ...metadata, impactStartAt: start };
  }
  if (params.lead && metadata.roles.lead === null)
    metadata = { ...metadata, roles: { ...metadata.roles, lead: params.lead } };
  let addLabel: string | null = null;
  let refire: { at: string; mitigatedAt: string } | null = null;
  if (notification.status === 'resolved') {
    if (metadata.mitigatedAt === null)
      metadata = { ...metadata, mitigatedAt: latestEnd(folded.memory.items) ?? now.toISOString() };
    const label = params.mitigatedLabel;
    const has = label !== undefined && params.labels.some((l) => l.toLowerCase() === label.toLowerCase());
    if (label !== undefined && !has) addLabel = label;
  } else if (folded.refired && metadata.mitigatedAt !== null && folded.memory.refireNotedFor !== metadata.mitigatedAt) {
    refire = { at: now.toISOString(), mitigatedAt: metadata.mitigatedAt };
    metadata = { ...metadata, alerts: { ...folded.memory, refireNotedFor: metadata.mitigatedAt } };
  }
  return { metadata, addLabel, refire };
}
