import { z } from 'zod';
import { isoTime, safeUrl, text, zodError, type AlertReading } from './alert.js';

/**
 * Sentry's integration webhooks (https://docs.sentry.io/organization/integrations/integration-platform/webhooks/):
 * an issue alert (`event_alert`, action `triggered`) fires for an event of a Sentry issue, which is the
 * group; the `issue` resource's `resolved` action resolves it.
 */
const sentryEvent = z.looseObject({
  issue_id: z.union([z.string(), z.number()]).transform(String),
  title: text.optional(),
  message: text.optional(),
  culprit: text.optional(),
  level: text.optional(),
  datetime: z.unknown().optional(),
  web_url: z.unknown().optional(),
  event_id: text.optional(),
  tags: z.array(z.unknown()).max(200).optional(),
});

const sentryPayload = z.union([
  z.looseObject({
    action: z.literal('triggered'),
    data: z.looseObject({ event: sentryEvent, triggered_rule: text.optional() }),
  }),
  z.looseObject({
    action: z.enum(['resolved', 'unresolved', 'created', 'assigned', 'ignored', 'archived']),
    data: z.looseObject({
      issue: z.looseObject({
        id: z.union([z.string(), z.number()]).transform(String),
        title: text.optional(),
        level: text.optional(),
        permalink: z.unknown().optional(),
        firstSeen: z.unknown().optional(),
        lastSeen: z.unknown().optional(),
      }),
    }),
  }),
]);

/** Sentry's tags are `[key, value]` pairs. */
function tagLabels(tags: readonly unknown[] | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const tag of tags ?? []) {
    if (!Array.isArray(tag) || typeof tag[0] !== 'string' || typeof tag[1] !== 'string') continue;
    if (tag[0] !== '__proto__' && tag[0] !== '') labels[tag[0].slice(0, 128)] = tag[1].slice(0, 1_024);
  }
  return labels;
}

export function readSentry(payload: unknown): AlertReading {
  const parsed = sentryPayload.safeParse(payload);
  if (!parsed.success) return { ok: false, error: zodError('sentry', parsed.error) };
  const p = parsed.data;
  if (p.action === 'triggered') {
    const e = p.data.event;
    const labels = { ...tagLabels(e.tags), ...(e.level ? { level: e.level, severity: e.level } : {}) };
    const title = e.title ?? e.message ?? `Sentry issue ${e.issue_id}`;
    const url = safeUrl(e.web_url);
    return {
      ok: true,
      notification: {
        source: 'sentry',
        group: e.issue_id,
        status: 'firing',
        title,
        labels,
        alerts: [
          {
            id: e.event_id ?? e.issue_id,
            status: 'firing',
            title,
            summary: e.culprit ?? null,
            labels,
            startsAt: isoTime(e.datetime),
            endsAt: null,
            url,
          },
        ],
        url,
      },
    };
  }
  const issue = p.data.issue;
  const resolved = p.action === 'resolved';
  const labels: Record<string, string> = issue.level ? { level: issue.level, severity: issue.level } : {};
  const title = issue.title ?? `Sentry issue ${issue.id}`;
  const url = safeUrl(issue.permalink);
  return {
    ok: true,
    notification: {
      source: 'sentry',
      group: issue.id,
      status: resolved ? 'resolved' : 'firing',
      title,
      labels,
      // The issue stands for its events: a resolution resolves every event alert of the group.
      alerts: [
        {
          id: issue.id,
          status: resolved ? 'resolved' : 'firing',
          title,
          summary: null,
          labels,
          startsAt: isoTime(issue.firstSeen),
          endsAt: resolved ? isoTime(issue.lastSeen) : null,
          url,
        },
      ],
      url,
    },
  };
}
