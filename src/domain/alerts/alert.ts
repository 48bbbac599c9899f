import { z } from 'zod';
import type { AlertSource } from './sources.js';

/**
 * One model for every alert source: each source's webhook JSON is read onto it (one module per source)
 * and nothing past that reading knows where an alert came from. Every text here is untrusted (it comes
 * from whoever can post to the route or configure the sender): it is data, bounded, never a template or
 * a command.
 */
export { ALERT_SOURCES, isAlertSource, type AlertSource } from './sources.js';

/** More alerts than this in one notification is refused (Alertmanager's own `max_alerts` defaults to all). */
export const MAX_ALERTS_PER_NOTIFICATION = 1_000;
/** Longer texts are cut: a title, a summary, a label value. */
export const MAX_TEXT = 1_024;
export const MAX_LABELS = 64;
export const MAX_LABEL_NAME = 128;

export type AlertStatus = 'firing' | 'resolved';

export interface Alert {
  /** Stable across notifications (Alertmanager's fingerprint, the source's alert id). */
  id: string;
  status: AlertStatus;
  title: string;
  summary: string | null;
  labels: Readonly<Record<string, string>>;
  /** ISO times; null when the source does not say. */
  startsAt: string | null;
  endsAt: string | null;
  /** A link to the alert at its source (http or https only). */
  url: string | null;
}

/** One delivery from a source, about one group of alerts (Alertmanager's groupKey or its equivalent). */
export interface AlertNotification {
  source: AlertSource;
  group: string;
  /** Resolved only when every alert of the notification is. */
  status: AlertStatus;
  title: string;
  /** Labels every alert shares (the group's), for severity, copied labels and the lead. */
  labels: Readonly<Record<string, string>>;
  alerts: Alert[];
  url: string | null;
}

/** A source's payload read: the notification, or why it cannot be (a clear 400 for the sender). */
export type AlertReading = { ok: true; notification: AlertNotification } | { ok: false; error: string };

/** Cut to `max` characters without splitting a surrogate pair. */
export function cut(text: string, max = MAX_TEXT): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** A string field of unknown shape: text, cut; anything else is absent. */
export const text = z
  .unknown()
  .optional()
  .transform((v) =>
    typeof v === 'string' && v.trim() !== '' ? cut(v.trim()) : typeof v === 'number' ? String(v) : null,
  );

/** Labels (string -> string), bounded in count and length; non-string values are dropped. */
export const labelMap = z
  .unknown()
  .optional()
  .transform((v): Record<string, string> => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(v as Record<string, unknown>).slice(0, MAX_LABELS)) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
      if (key === '' || key === '__proto__') continue;
      out[cut(key, MAX_LABEL_NAME)] = cut(String(value));
    }
    return out;
  });

/** An http(s) link, or null: a `javascript:` or relative link from a payload is never rendered. */
export function safeUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2_048) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** An ISO time from an ISO string or epoch milliseconds/seconds; null for Go's zero time and anything unreadable. */
export function isoTime(value: unknown): string | null {
  let ms: number;
  if (typeof value === 'number') ms = value < 1e11 ? value * 1000 : value;
  else if (typeof value === 'string' && /^\d{9,13}$/.test(value.trim())) {
    const n = Number(value.trim());
    ms = n < 1e11 ? n * 1000 : n;
  } else if (typeof value === 'string') ms = Date.parse(value);
  else return null;
  // Alertmanager sends 0001-01-01T00:00:00Z for "no end yet".
  if (!Number.isFinite(ms) || ms <= 0) return null;
  return new Date(ms).toISOString();
}

/** The labels every alert shares. */
export function commonLabels(alerts: readonly Alert[]): Record<string, string> {
  const [first, ...rest] = alerts;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first.labels).filter(([k, v]) => rest.every((a) => a.labels[k] === v)));
}

/** The first issue of a zod result as one readable line. */
export function zodError(source: AlertSource, error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(the body)';
  return `not a ${source} payload: ${path}: ${issue?.message ?? 'invalid'}`;
}

export const notificationStatus = (alerts: readonly Alert[]): AlertStatus =>
  alerts.length > 0 && alerts.every((a) => a.status === 'resolved') ? 'resolved' : 'firing';
