/**
 * The alert sources the route accepts (docs/alerts.md), apart from their readers: the route checks a
 * source before it loads them (and zod with them).
 */
export const ALERT_SOURCES = [
  'alertmanager',
  'grafana',
  'pagerduty',
  'opsgenie',
  'datadog',
  'sentry',
  'generic',
] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export const isAlertSource = (value: string): value is AlertSource =>
  (ALERT_SOURCES as readonly string[]).includes(value);
