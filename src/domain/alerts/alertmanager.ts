import { z } from 'zod';
import { sha256Hex } from '../shared/hash.js';
import {
  MAX_ALERTS_PER_NOTIFICATION,
  isoTime,
  labelMap,
  notificationStatus,
  safeUrl,
  text,
  zodError,
  type Alert,
  type AlertReading,
  type AlertSource,
} from './alert.js';

/**
 * Alertmanager's webhook, version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config).
 * Grafana's unified alerting contact point sends the same shape with a few fields more (./grafana.ts).
 */
export const alertmanagerAlert = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: labelMap,
  annotations: labelMap,
  startsAt: z.unknown().optional(),
  endsAt: z.unknown().optional(),
  generatorURL: z.unknown().optional(),
  fingerprint: text.optional(),
});

export const alertmanagerPayload = z.looseObject({
  version: z.string().optional(),
  groupKey: z.string().min(1).max(4_096),
  status: z.enum(['firing', 'resolved']),
  groupLabels: labelMap,
  commonLabels: labelMap,
  commonAnnotations: labelMap,
  externalURL: z.unknown().optional(),
  alerts: z.array(alertmanagerAlert).min(1).max(MAX_ALERTS_PER_NOTIFICATION),
});

/** Without a fingerprint, an alert is known by its labels (as Alertmanager computes one). */
const fingerprintOf = (labels: Record<string, string>): string =>
  sha256Hex(JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)))).slice(0, 16);

export function alertOfAlertmanager(alert: z.output<typeof alertmanagerAlert>, extraUrl?: unknown): Alert {
  return {
    id: alert.fingerprint ?? fingerprintOf(alert.labels),
    status: alert.status,
    title: alert.annotations.summary ?? alert.labels.alertname ?? 'Alert',
    summary: alert.annotations.description ?? alert.annotations.message ?? null,
    labels: alert.labels,
    startsAt: isoTime(alert.startsAt),
    endsAt: alert.status === 'resolved' ? isoTime(alert.endsAt) : null,
    url: safeUrl(extraUrl) ?? safeUrl(alert.generatorURL),
  };
}

export function readAlertmanager(payload: unknown, source: AlertSource = 'alertmanager'): AlertReading {
  const parsed = alertmanagerPayload.safeParse(payload);
  if (!parsed.success) return { ok: false, error: zodError(source, parsed.error) };
  const p = parsed.data;
  const alerts = p.alerts.map((a) => alertOfAlertmanager(a));
  return {
    ok: true,
    notification: {
      source,
      group: p.groupKey,
      status: notificationStatus(alerts),
      title:
        p.commonAnnotations.summary ??
        p.commonLabels.alertname ??
        p.groupLabels.alertname ??
        alerts[0]?.title ??
        'Alert',
      labels: p.commonLabels,
      alerts,
      url: safeUrl(p.externalURL),
    },
  };
}
