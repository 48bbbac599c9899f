import { z } from 'zod';
import { alertmanagerAlert, alertmanagerPayload, alertOfAlertmanager } from './alertmanager.js';
import { notificationStatus, safeUrl, text, zodError, type AlertReading } from './alert.js';

/**
 * Grafana's unified alerting webhook contact point
 * (https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/):
 * Alertmanager's version 4 shape plus a title, a message, and per alert the dashboard and panel links.
 */
const grafanaPayload = alertmanagerPayload.extend({
  title: text.optional(),
  alerts: z
    .array(alertmanagerAlert.extend({ dashboardURL: z.unknown().optional(), panelURL: z.unknown().optional() }))
    .min(1)
    .max(1_000),
});

export function readGrafana(payload: unknown): AlertReading {
  const parsed = grafanaPayload.safeParse(payload);
  if (!parsed.success) return { ok: false, error: zodError('grafana', parsed.error) };
  const p = parsed.data;
  // The panel is where a responder looks first; the rule's own page otherwise.
  const alerts = p.alerts.map((a) => alertOfAlertmanager(a, a.panelURL ?? a.dashboardURL));
  return {
    ok: true,
    notification: {
      source: 'grafana',
      group: p.groupKey,
      status: notificationStatus(alerts),
      // Grafana's title starts with the state ("[FIRING:2] ..."), which changes: the rule's name is steadier.
      title: p.commonAnnotations.summary ?? p.commonLabels.alertname ?? p.title ?? alerts[0]?.title ?? 'Alert',
      labels: p.commonLabels,
      alerts,
      url: safeUrl(p.externalURL),
    },
  };
}
