import { z } from 'zod';
import { isoTime, safeUrl, text, zodError, type AlertReading } from './alert.js';

/**
 * Datadog's webhooks integration (https://docs.datadoghq.com/integrations/webhooks/) posts a payload the
 * user writes from its variables; docs/alerts.md gives the one read here. The monitor's aggregation key
 * (one monitor and group) is the group; the `Recovered` transition resolves.
 */
const datadogPayload = z.looseObject({
  id: text.optional(),
  alert_id: text.optional(),
  aggreg_key: text.optional(),
  title: text.optional(),
  body: text.optional(),
  transition: text.optional(),
  priority: text.optional(),
  date: z.unknown().optional(),
  last_updated: z.unknown().optional(),
  link: z.unknown().optional(),
  tags: z.unknown().optional(),
});

/** `$TAGS` is "key:value,key2:value2": the ones with a value become labels. */
function tagLabels(tags: unknown): Record<string, string> {
  if (typeof tags !== 'string') return {};
  const labels: Record<string, string> = {};
  for (const tag of tags.split(',').slice(0, 64)) {
    const colon = tag.indexOf(':');
    if (colon <= 0) continue;
    const key = tag.slice(0, colon).trim().slice(0, 128);
    if (key !== '' && key !== '__proto__')
      labels[key] = tag
        .slice(colon + 1)
        .trim()
        .slice(0, 1_024);
  }
  return labels;
}

export function readDatadog(payload: unknown): AlertReading {
  const parsed = datadogPayload.safeParse(payload);
  if (!parsed.success) return { ok: false, error: zodError('datadog', parsed.error) };
  const p = parsed.data;
  const group = p.aggreg_key ?? p.alert_id;
  if (!group) return { ok: false, error: 'not a datadog payload: aggreg_key (or alert_id) is missing' };
  const resolved = /^recovered$/i.test(p.transition ?? '');
  const labels = tagLabels(p.tags);
  if (p.priority) labels.priority = p.priority;
  if (p.priority && labels.severity === undefined) labels.severity = p.priority;
  const title = p.title ?? `Datadog monitor ${p.alert_id ?? group}`;
  const url = safeUrl(p.link);
  return {
    ok: true,
    notification: {
      source: 'datadog',
      group,
      status: resolved ? 'resolved' : 'firing',
      title,
      labels,
      alerts: [
        {
          id: p.alert_id ?? group,
          status: resolved ? 'resolved' : 'firing',
          title,
          summary: p.body ?? null,
          labels,
          startsAt: resolved ? null : isoTime(p.date),
          endsAt: resolved ? (isoTime(p.last_updated) ?? isoTime(p.date)) : null,
          url,
        },
      ],
      url,
    },
  };
}
