import type { IncidentMetadata } from './metadata.js';

/**
 * The status comment's metadata has a size budget (issue #12, finding 7): it shares the comment with
 * the visible status, and a marker cut by GitHub's 65,536-character limit would make the app lose its
 * own comment. The metadata keeps ids, times and digests; texts it keeps only short (the texts live in
 * the issue, the follow-up issues and the comments).
 */
export const METADATA_BUDGET_CHARS = 24_000;
/** An action item's text while it settles: only shown nowhere, kept to recognise it in a dump. */
export const PENDING_TEXT_CHARS = 60;
/** Follow-up titles as the status comment lists them (the issue has the whole title). */
export const FOLLOW_UP_TITLE_CHARS = 120;

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Warnings of recurring steps: only the latest occurrence per step matters (older ones never warn again). */
export function pruneWarned(warned: Readonly<Record<string, string>>): Record<string, string> {
  const latest = new Map<string, number>();
  for (const key of Object.keys(warned)) {
    const hash = key.lastIndexOf('#');
    if (hash < 0) continue;
    const n = Number(key.slice(hash + 1));
    const id = key.slice(0, hash);
    if (Number.isFinite(n) && n > (latest.get(id) ?? -Infinity)) latest.set(id, n);
  }
  return Object.fromEntries(
    Object.entries(warned).filter(([key]) => {
      const hash = key.lastIndexOf('#');
      return hash < 0 || Number(key.slice(hash + 1)) === latest.get(key.slice(0, hash));
    }),
  );
}

const size = (m: IncidentMetadata): number => JSON.stringify(m).length;

/** The metadata within its budget: always pruned and bounded; past the budget, texts shrink further. */
export function fitMetadata(metadata: IncidentMetadata): IncidentMetadata {
  let m: IncidentMetadata = {
    ...metadata,
    warned: pruneWarned(metadata.warned),
    pendingItems: Object.fromEntries(
      Object.entries(metadata.pendingItems).map(([id, p]) => [id, { ...p, text: cut(p.text, PENDING_TEXT_CHARS) }]),
    ),
    followUps: Object.fromEntries(
      Object.entries(metadata.followUps).map(([id, f]) => [id, { ...f, title: cut(f.title, FOLLOW_UP_TITLE_CHARS) }]),
    ),
  };
  if (size(m) <= METADATA_BUDGET_CHARS) return m;
  // Over budget (hundreds of follow-ups or ticks): the pending texts go, then the tick credits, then the
  // titles shrink and the stored addresses go (rebuilt from repo and number when missing).
  m = {
    ...m,
    pendingItems: Object.fromEntries(Object.entries(m.pendingItems).map(([id, p]) => [id, { ...p, text: '' }])),
  };
  if (size(m) <= METADATA_BUDGET_CHARS) return m;
  // The alerts listed in the status comment: the newest five stay (the count stays whole).
  if (m.alerts && m.alerts.items.length > 5) m = { ...m, alerts: { ...m.alerts, items: m.alerts.items.slice(0, 5) } };
  if (size(m) <= METADATA_BUDGET_CHARS) return m;
  // Who ticked which box is a credit in the report, not state: the timeline then names nobody for ticks.
  m = { ...m, tickedBy: {} };
  if (size(m) <= METADATA_BUDGET_CHARS) return m;
  m = {
    ...m,
    followUps: Object.fromEntries(
      Object.entries(m.followUps).map(([id, f]) => [id, { ...f, title: cut(f.title, 40), url: null }]),
    ),
  };
  return m;
}
