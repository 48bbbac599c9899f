/**
 * Every comment, issue and PR body the app writes carries a hidden marker
 * `<!-- incident-responder:KIND DATA -->`. Markers let the app find its own
 * writes again (find before create), and the status comment keeps its metadata as JSON in DATA.
 * A marker only counts in a body written by the app itself: callers also check the author, because
 * anyone can type a marker into a comment.
 */
export const MARKER_PREFIX = 'incident-responder';

export type MarkerKind = 'status' | 'overdue' | 'reply' | 'follow-up' | 'report' | 'index' | 'maintenance';

/** JSON that is safe inside an HTML comment: `<` and `>` are escaped, so `-->` cannot appear. */
function commentSafeJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
}

export function marker(kind: MarkerKind, data?: unknown): string {
  return data === undefined
    ? `<!-- ${MARKER_PREFIX}:${kind} -->`
    : `<!-- ${MARKER_PREFIX}:${kind} ${commentSafeJson(data)} -->`;
}

/**
 * The marker that opens a body. Only there does it count: every body the app writes starts with its
 * marker, while a marker further down is text someone else put there — a quote of an outsider's issue
 * posted by a sibling workflow that shares the Action's `github-actions[bot]` login (issue #25,
 * finding 5), or a comment that pastes one of the app's comments.
 */
const OPENING_MARKER_RE = /^<!-- incident-responder:([a-z-]+)(?: (.*?))? -->/s;

/** The marker of `kind` that opens a body: its raw DATA text (or null when it has none), or undefined if absent. */
export function readMarker(body: string | null | undefined, kind: MarkerKind): { data: string | null } | undefined {
  if (!body) return undefined;
  const m = OPENING_MARKER_RE.exec(body);
  if (m) return m[1] === kind ? { data: m[2] ?? null } : undefined;
  // A marker opening the body but never closed (a comment cut at GitHub's size limit by an older
  // version): still the app's comment of that kind, with data nobody can read. Finding it lets the app
  // repair the comment in place instead of posting another one on every event.
  const open = `<!-- ${MARKER_PREFIX}:${kind} `;
  if (body.startsWith(open) && !body.includes(' -->')) return { data: null };
  return undefined;
}

export function hasMarker(body: string | null | undefined, kind: MarkerKind): boolean {
  return readMarker(body, kind) !== undefined;
}

/** Parsed DATA of a marker, or undefined when absent or not JSON. */
export function readMarkerJson(body: string | null | undefined, kind: MarkerKind): unknown {
  const found = readMarker(body, kind);
  if (!found?.data) return undefined;
  try {
    return JSON.parse(found.data);
  } catch {
    return undefined;
  }
}
