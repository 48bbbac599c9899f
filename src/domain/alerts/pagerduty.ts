import { z } from 'zod';
import { isoTime, safeUrl, text, zodError, type AlertReading } from './alert.js';

/**
 * PagerDuty's v3 webhooks (https://developer.pagerduty.com/docs/webhooks-overview): one event about one
 * PagerDuty incident, which is the group. `incident.resolved` resolves it; every other incident event
 * (triggered, reopened, escalated, ...) keeps it firing.
 */
const pagerdutyPayload = z.looseObject({
  event: z.looseObject({
    event_type: z.string().regex(/^incident\./, { message: 'only incident events open or fold into incidents' }),
    occurred_at: z.unknown().optional(),
    data: z.looseObject({
      id: z.string().min(1).max(256),
      title: text.optional(),
      html_url: z.unknown().optional(),
      status: text.optional(),
      urgency: text.optional(),
      created_at: z.unknown().optional(),
      priority: z.looseObject({ summary: text.optional() }).nullish(),
      service: z.looseObject({ summary: text.optional() }).nullish(),
    }),
  }),
});

export function readPagerDuty(payload: unknown): AlertReading {
  const parsed = pagerdutyPayload.safeParse(payload);
  if (!parsed.success) return { ok: false, error: zodError('pagerduty', parsed.error) };
  const { event } = parsed.data;
  const d = event.data;
  const resolved = event.event_type === 'incident.resolved' || d.status === 'resolved';
  const labels: Record<string, string> = {};
  if (d.priority?.summary) labels.priority = d.priority.summary;
  if (d.urgency) labels.urgency = d.urgency;
  if (d.service?.summary) labels.service = d.service.summary;
  // PagerDuty has no severity: its priority (P1...) is the nearest, else the urgency.
  if (d.priority?.summary ?? d.urgency) labels.severity = (d.priority?.summary ?? d.urgency) as string;
  const url = safeUrl(d.html_url);
  return {
    ok: true,
    notification: {
      source: 'pagerduty',
      group: d.id,
      status: resolved ? 'resolved' : 'firing',
      title: d.title ?? `PagerDuty incident ${d.id}`,
      labels,
      alerts: [
        {
          id: d.id,
          status: resolved ? 'resolved' : 'firing',
          title: d.title ?? `PagerDuty incident ${d.id}`,
          summary: null,
          labels,
          startsAt: isoTime(d.created_at),
          endsAt: resolved ? isoTime(event.occurred_at) : null,
          url,
        },
      ],
      url,
    },
  };
}
