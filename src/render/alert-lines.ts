import type { AlertMemory } from '../domain/alerts/fold.js';
import { inlineText } from './escape.js';
import { localTime } from './time.js';

/** How many alerts the status comment lists (the count covers them all). */
export const LISTED_ALERTS = 10;

const SOURCE_NAMES: Record<string, string> = {
  alertmanager: 'Alertmanager',
  grafana: 'Grafana',
  pagerduty: 'PagerDuty',
  opsgenie: 'Opsgenie',
  datadog: 'Datadog',
  sentry: 'Sentry',
  generic: 'an alert sender',
};

/** A link target that cannot end the markdown link early or open markup (already an http(s) URL). */
const linkTarget = (url: string): string =>
  url.replace(/[\s()[\]<>"'`\\]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);

export const sourceName = (source: string): string => SOURCE_NAMES[source] ?? inlineText(source, 40);

/**
 * The status comment's alert section: "3 alerts", newest first, each with its state, start and link.
 * Alert text is untrusted: escaped (no markup, no HTML, no mentions or references); links are the
 * sender's http(s) addresses only (domain/alerts/alert.ts), written as autolinks that cannot break out.
 */
export function renderAlertLines(params: { memory: AlertMemory; timeZone?: string }): string[] {
  const { memory } = params;
  const firing = memory.items.filter((i) => i.status === 'firing').length;
  const lines = [
    `**${memory.count} alert${memory.count === 1 ? '' : 's'}** from ${sourceName(memory.source)} (newest first; ${firing} firing):`,
  ];
  for (const item of memory.items.slice(0, LISTED_ALERTS)) {
    const state = item.status === 'firing' ? '🔥 firing' : '✅ resolved';
    const since = item.startsAt ? ` since ${localTime(new Date(item.startsAt), params.timeZone)}` : '';
    const link = item.url ? ` ([source](${linkTarget(item.url)}))` : '';
    lines.push(`- ${state}${since}: ${inlineText(item.title, 120)}${link}`);
  }
  const more = memory.count - Math.min(memory.items.length, LISTED_ALERTS);
  if (more > 0) lines.push(`- …and ${more} more`);
  return lines;
}
