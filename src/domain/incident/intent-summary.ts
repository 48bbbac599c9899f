import type { Intent, IntentOutcome } from './intents.js';

/**
 * An intent as one log entry: its kind and what identifies it (a label, a warning's step keys, a reply's
 * key, a report's path), never the text written. Shadow mode logs these for the writes it skips; a
 * normal pass logs them for the writes it made, so the two can be compared.
 */
export type IntentSummary = { kind: Intent['kind'] } & Record<string, string | number | boolean | string[] | null>;

export function summarizeIntent(intent: Intent): IntentSummary {
  switch (intent.kind) {
    case 'add-label':
    case 'remove-label':
      return { kind: intent.kind, label: intent.label };
    case 'assign':
      return { kind: intent.kind, login: intent.login, role: intent.role };
    case 'unassign':
      return { kind: intent.kind, login: intent.login };
    case 'close':
      return { kind: intent.kind };
    case 'create-follow-ups':
      return {
        kind: intent.kind,
        target: `${intent.target.owner}/${intent.target.repo}`,
        items: intent.items.map((item) => item.id),
      };
    case 'publish-report':
      return {
        kind: intent.kind,
        target: `${intent.report.target.owner}/${intent.report.target.repo}`,
        path: intent.report.path,
      };
    case 'refresh-index':
      return { kind: intent.kind, ok: intent.decision.ok };
    case 'publish-status-page':
      return {
        kind: intent.kind,
        target: `${intent.target.owner}/${intent.target.repo}`,
        files: Object.keys(intent.files).sort(),
      };
    case 'post-warning':
      return { kind: intent.kind, keys: [...intent.keys] };
    case 'react':
      return { kind: intent.kind, commentId: intent.commentId };
    case 'reply':
      return { kind: intent.kind, key: String(intent.key) };
    case 'upsert-status':
      return { kind: intent.kind, create: intent.commentId === null, refresh: intent.refresh === true };
  }
}

/**
 * Lateness of each step a posted warning named: from its deadline to `postedAt` (ms). Refused warnings
 * were not posted and count nothing.
 */
export function warningLateness(params: {
  intents: readonly Intent[];
  outcomes: ReadonlyMap<Intent, IntentOutcome>;
  postedAt: Date;
}): number[] {
  return params.intents.flatMap((intent) =>
    intent.kind === 'post-warning' && params.outcomes.get(intent)?.ok === true
      ? (intent.dueAt ?? []).map((at) => params.postedAt.getTime() - Date.parse(at))
      : [],
  );
}
