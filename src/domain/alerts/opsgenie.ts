import { z } from 'zod';
import { isoTime, labelMap, text, zodError, type AlertReading } from './alert.js';

/**
 * Opsgenie's outgoing webhook integration (https://support.atlassian.com/opsgenie/docs/integrate-opsgenie-with-outgoing-webhooks/):
 * an `action` on one alert. Its alias (Opsgenie's de-duplication key) is the group; `Close` resolves.
 */
const opsgeniePayload = z.looseObject({
  action: z.string().min(1).max(64),
  alert: z.looseObject({
    alertId: z.string().min(1).max(256),
    alias: text.optional(),
    message: text.optional(),
    description: text.optional(),
    priority: text.optional(),
    entity: text.optional(),
    source: text.optional(),
    tags: z.array(z.unknown()).max(100).optional(),
    details: labelMap.optional(),
    createdAt: z.unknown().optional(),
    updatedAt: z.unknown().optional(),
  }),
});

export function readOpsgenie(payload: unknown): AlertReading {
  const parsed = opsgeniePayload.safeParse(payload);
  if (!parsed.success) return { ok: false, error: zodError('opsgenie', parsed.error) };
  const { action, alert } = parsed.data;
  const resolved = action === 'Close';
  const labels: Record<string, string> = { ...(alert.details ?? {}) };
  if (alert.priority) labels.priority = alert.priority;
  // Opsgenie's priorities (P1-P5) are its severity.
  if (alert.priority && labels.severity === undefined) labels.severity = alert.priority;
  if (alert.entity) labels.entity = alert.entity;
  if (alert.source) labels.source = alert.source;
  const title = alert.message ?? `Opsgenie alert ${alert.alertId}`;
  return {
    ok: true,
    notification: {
      source: 'opsgenie',
      group: alert.alias ?? alert.alertId,
      status: resolved ? 'resolved' : 'firing',
      title,
      labels,
      alerts: [
        {
          id: alert.alertId,
          status: resolved ? 'resolved' : 'firing',
          title,
          summary: alert.description ?? null,
          labels,
          startsAt: isoTime(alert.createdAt),
          endsAt: resolved ? isoTime(alert.updatedAt) : null,
          url: null,
        },
      ],
      url: null,
    },
  };
}
