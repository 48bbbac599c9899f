import { z } from 'zod';
import {
  MAX_ALERTS_PER_NOTIFICATION,
  isoTime,
  labelMap,
  notificationStatus,
  safeUrl,
  text,
  zodError,
  commonLabels,
  type Alert,
  type AlertReading,
} from './alert.js';

/**
 * The `generic` source (docs/alerts.md): for any sender that can post JSON. One alert, or several in
 * `alerts`, about one `group`.
 */
const genericAlert = z.looseObject({
  id: text.optional(),
  status: z.enum(['firing', 'resolved']).default('firing'),
  title: text.optional(),
  summary: text.optional(),
  labels: labelMap.optional(),
  starts_at: z.unknown().optional(),
  ends_at: z.unknown().optional(),
  url: z.unknown().optional(),
});

const genericPayload = genericAlert.extend({
  group: z.string().min(1).max(1_024),
  title: z
    .string()
    .min(1, { message: 'the alert needs a title' })
    .transform((t) => t.slice(0, 1_024)),
  alerts: z.array(genericAlert).min(1).max(MAX_ALERTS_PER_NOTIFICATION).optional(),
});

export function readGeneric(payload: unknown): AlertReading {
  const parsed = genericPayload.safeParse(payload);
  if (!parsed.success) return { ok: false, error: zodError('generic', parsed.error) };
  const p = parsed.data;
  const toAlert = (a: z.output<typeof genericAlert>, fallbackId: string): Alert => ({
    id: a.id ?? fallbackId,
    status: a.status,
    title: a.title ?? p.title,
    summary: a.summary ?? null,
    labels: { ...(p.labels ?? {}), ...(a.labels ?? {}) },
    startsAt: isoTime(a.starts_at ?? p.starts_at),
    endsAt: a.status === 'resolved' ? isoTime(a.ends_at ?? p.ends_at) : null,
    url: safeUrl(a.url) ?? safeUrl(p.url),
  });
  const alerts = p.alerts ? p.alerts.map((a, i) => toAlert(a, `${p.group}#${i + 1}`)) : [toAlert(p, p.group)];
  return {
    ok: true,
    notification: {
      source: 'generic',
      group: p.group,
      status: p.alerts ? notificationStatus(alerts) : p.status,
      title: p.title,
      labels: p.alerts ? { ...(p.labels ?? {}), ...commonLabels(alerts) } : (p.labels ?? {}),
      alerts,
      url: safeUrl(p.url),
    },
  };
}
