import type { CommentRecord } from '../domain/incident/loaded-incident.js';
import { hasMarker, readMarkerJson } from '../domain/incident/markers.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';

/** The app's own overdue comments among `comments`: when each was posted and the warning keys it carries. */
export function postedWarnings(
  comments: readonly CommentRecord[],
  botLogin: string,
): Array<{ at: string; keys: string[] }> {
  return comments.flatMap((c) => {
    if (c.author !== botLogin || !hasMarker(c.body, 'overdue')) return [];
    const data = readMarkerJson(c.body, 'overdue') as { keys?: unknown } | undefined;
    const keys = Array.isArray(data?.keys) ? data.keys.filter((k): k is string => typeof k === 'string') : [];
    return [{ at: c.createdAt, keys }];
  });
}

/**
 * Warning keys already posted, read from the app's own overdue comments (if a crash lost them from the
 * metadata). A warning posted before a step's snooze does not count: the snooze ends in a new warning.
 */
export function warnedInComments(params: {
  comments: readonly CommentRecord[];
  botLogin: string;
  snoozed: IncidentMetadata['snoozed'];
}): Record<string, string> {
  const warned: Record<string, string> = {};
  for (const { keys, at } of postedWarnings(params.comments, params.botLogin)) {
    for (const key of keys) {
      const since = params.snoozed[key.split('#')[0] ?? '']?.at;
      if (since === undefined || Date.parse(at) >= Date.parse(since)) warned[key] ??= at;
    }
  }
  return warned;
}
