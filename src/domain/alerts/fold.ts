import { z } from 'zod';
import { sha256Hex } from '../shared/hash.js';
import type { AlertNotification } from './alert.js';

/**
 * What the incident remembers of its alert group, in the status comment's metadata: the distinct alerts
 * seen so far (by id, newest first), so a redelivered or repeated notification changes nothing and the
 * status comment can say "3 alerts". Read back from GitHub, so parsed like any untrusted input.
 */
export const MAX_KEPT_ALERTS = 20;
const MAX_KEPT_TEXT = 120;
const MAX_KEPT_URL = 400;
const MAX_KEPT_ID = 64;

const isoTime = z.string().datetime({ offset: true });
export const alertRecordSchema = z.object({
  id: z.string().max(MAX_KEPT_ID),
  status: z.enum(['firing', 'resolved']),
  title: z.string().max(MAX_KEPT_TEXT),
  startsAt: isoTime.nullable(),
  endsAt: isoTime.nullable(),
  url: z.string().max(MAX_KEPT_URL).nullable(),
  /** When the app first saw it (orders alerts without a start time). */
  seenAt: isoTime,
});
export const alertMemorySchema = z.object({
  source: z.string().max(32),
  /** Distinct alerts seen, including those no longer kept in `items`. */
  count: z.number().int().nonnegative(),
  items: z.array(alertRecordSchema).max(MAX_KEPT_ALERTS),
  /** The mitigation a refire was already reported for ("says so once"). */
  refireNotedFor: isoTime.nullable(),
});
export type AlertRecord = z.output<typeof alertRecordSchema>;
export type AlertMemory = z.output<typeof alertMemorySchema>;

const time = (iso: string | null): number => (iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY);
const newestFirst = (a: AlertRecord, b: AlertRecord): number =>
  time(b.startsAt ?? b.seenAt) - time(a.startsAt ?? a.seenAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The notification's alerts folded into what was remembered; a repeat of a notification changes nothing. */
export function foldAlerts(params: { memory: AlertMemory | null; notification: AlertNotification; now: Date }): {
  memory: AlertMemory;
  refired: boolean;
} {
  const { notification, now } = params;
  const memory: AlertMemory = params.memory ?? {
    source: notification.source,
    count: 0,
    items: [],
    refireNotedFor: null,
  };
  const items = new Map(memory.items.map((i) => [i.id, i]));
  let count = memory.count;
  let refired = false;
  for (const alert of notification.alerts) {
    // A long id (a sender's own key) is kept as its digest: the metadata has a size budget.
    const id = alert.id.length > MAX_KEPT_ID ? `#${sha256Hex(alert.id).slice(0, 32)}` : alert.id;
    const url = alert.url && alert.url.length <= MAX_KEPT_URL ? alert.url : null;
    const known = items.get(id);
    if (!known) count += 1;
    if (alert.status === 'firing' && (!known || known.status === 'resolved')) refired = true;
    items.set(id, {
      id,
      status: alert.status,
      title: alert.title.length > MAX_KEPT_TEXT ? `${alert.title.slice(0, MAX_KEPT_TEXT - 1)}…` : alert.title,
      // The first start seen stays: a later notification cannot move the impact start.
      startsAt: known?.startsAt ?? alert.startsAt,
      endsAt: alert.status === 'resolved' ? (alert.endsAt ?? known?.endsAt ?? now.toISOString()) : null,
      url: url ?? known?.url ?? null,
      seenAt: known?.seenAt ?? now.toISOString(),
    });
  }
  const sorted = [...items.values()].sort(newestFirst).slice(0, MAX_KEPT_ALERTS);
  return {
    memory: {
      source: memory.source,
      count: Math.max(count, sorted.length),
      items: sorted,
      refireNotedFor: memory.refireNotedFor,
    },
    refired,
  };
}

/** The earliest start among the alerts (the impact start), or null when none says. */
export function earliestStart(items: readonly AlertRecord[]): string | null {
  let best: string | null = null;
  for (const item of items)
    if (item.startsAt && (best === null || time(item.startsAt) < time(best))) best = item.startsAt;
  return best;
}

/** The latest end among resolved alerts (when the group was mitigated), or null. */
export function latestEnd(items: readonly AlertRecord[]): string | null {
  let best: string | null = null;
  for (const item of items) if (item.endsAt && (best === null || time(item.endsAt) > time(best))) best = item.endsAt;
  return best;
}
