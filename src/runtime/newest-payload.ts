import { sha256Hex } from '../domain/shared/hash.js';

/**
 * A webhook payload is the issue as of its event. When it is the newest state seen for the incident it
 * saves a read; otherwise the issue is read fresh from GitHub, so an older state never overwrites a newer
 * one. Bounded: forgetting only costs a read.
 *
 * `updated_at` has whole seconds, so time alone cannot order two events of one second. Body edits can
 * still be ordered: each carries the body it replaced (`changes.body.from`). Payloads of the second already
 * seen stand for the issue only when they continue the newest known body, in order, to bodies not yet seen
 * in that second. The last condition rules out a late edit that happens to start from a body the issue
 * returned to (A to B, then B to A, then the late A to B would look like a continuation): every payload of
 * the second leaves its bodies in `seen`, so a late event finds its own result there, put there by the
 * event that followed it, or that event is still to come and is handled after it.
 *
 * What remains: with three edits or more in a second that come back to a body (A to B, B to C, C to A),
 * delivered out of order (C to A first), the late A to B stands for the issue until B to C arrives and
 * finds C seen, so the issue is read. The pass in between works on a state the issue really had a moment
 * before. An event that replaces no body (a label, a close, a comment) ends following on for its second,
 * so such a moment never hides a label or a close from the app.
 */
const MAX_INCIDENTS = 100_000;
/** Incidents whose newest second is remembered with its bodies (the rest read on a same-second edit). */
const MAX_CHAINABLE = 1_024;
/** Bodies remembered for one second; more (a script editing in a loop) and the second reads instead. */
const MAX_SEEN = 32;
/** 132 bits of SHA-256 (hex): a collision cannot be found, so a body cannot be passed off as another. */
const DIGEST_CHARS = 33;

/** What one payload tells: the issue's `updated_at` (ms), the body it replaced (edits only) and its body. */
export interface PayloadStamp {
  at: number | null;
  bodyFrom: string | null;
  body: string | null;
}

/**
 * The newest second seen for an incident. `body`: the digest of the newest body known in it (null: not
 * known, so nothing of that second can follow on); `seen`: the digests of every body its payloads carried.
 */
export interface NewestMark {
  at: number;
  body: string | null;
  seen: readonly string[];
}

/** GitHub's `updated_at` has whole seconds. */
export const ISSUE_TIME_RESOLUTION_MS = 1_000;

export const bodyDigest = (body: string): string => sha256Hex(body).slice(0, DIGEST_CHARS);

/**
 * Whether the batch's last payload can stand for the issue, and the mark to keep after it. `before` is
 * null when nothing is remembered.
 */
export function newestVerdict(
  before: NewestMark | null,
  batch: readonly PayloadStamp[],
): { ok: boolean; after: NewestMark | null } {
  const times = batch.flatMap((s) => (s.at === null ? [] : [s.at]));
  if (times.length === 0) return { ok: false, after: before };
  const newest = Math.max(...times);
  const beforeAt = before?.at ?? -1;
  if (newest < beforeAt) return { ok: false, after: before };
  const top = batch.filter((s) => s.at === newest);
  const last = batch.at(-1);
  const sameSecond = newest === beforeAt;
  const digests = new Map<string, string>();
  const digest = (text: string): string => {
    const known = digests.get(text);
    if (known !== undefined) return known;
    const made = bodyDigest(text);
    digests.set(text, made);
    return made;
  };
  const seen: ReadonlySet<string> = new Set(sameSecond ? before?.seen : []);
  const ok =
    last?.at === newest &&
    last.body !== null &&
    (!sameSecond && top.length === 1
      ? true
      : follows({ top, from: sameSecond ? (before?.body ?? null) : undefined, seen, digest }));
  // Only body edits can be ordered: after any other event of the second, the rest of it is read.
  if (!top.every((s) => s.bodyFrom !== null)) return { ok, after: { at: newest, body: null, seen: [] } };
  // The second's bodies, this batch's added (a payload leaves its bodies whether it is used or not).
  const all = new Set(seen);
  for (const s of top) for (const text of [s.bodyFrom, s.body]) if (text !== null) all.add(digest(text));
  const chainable = all.size <= MAX_SEEN;
  return {
    ok,
    after: {
      at: newest,
      body: ok && chainable && typeof last?.body === 'string' ? digest(last.body) : null,
      seen: chainable ? [...all] : [],
    },
  };
}

/**
 * Do a second's payloads, in the order they came, each continue the one before (the first, the body known
 * for the second when `from` is given), each to a body the second has not seen?
 */
function follows(params: {
  top: readonly PayloadStamp[];
  from: string | null | undefined;
  seen: ReadonlySet<string>;
  digest: (text: string) => string;
}): boolean {
  const { top, seen, digest } = params;
  if (params.from === null) return false;
  const made = new Set<string>();
  let previous: string | null = null;
  for (const [i, s] of top.entries()) {
    if (s.bodyFrom === null || s.body === null) return false;
    if (i === 0) {
      if (params.from !== undefined && digest(s.bodyFrom) !== params.from) return false;
      made.add(digest(s.bodyFrom));
    } else if (s.bodyFrom !== previous) return false;
    const to = digest(s.body);
    if (seen.has(to) || made.has(to)) return false;
    made.add(to);
    previous = s.body;
  }
  return true;
}

/** A mark as kept in Redis: `at`, then the body's digest and the seen digests when a second can follow on. */
export function encodeNewestMark(mark: NewestMark): string {
  return mark.body === null ? String(mark.at) : [mark.at, mark.body, ...mark.seen].join(' ');
}

const DIGEST = new RegExp(`^[0-9a-f]{${DIGEST_CHARS}}$`);

/** The mark read back (untrusted): null when absent, 'malformed' when it is not one of ours. */
export function decodeNewestMark(text: string | null): NewestMark | null | 'malformed' {
  if (text === null) return null;
  const [at, body, ...seen] = text.split(' ');
  const time = Number(at);
  if (!/^\d+$/.test(at ?? '') || !Number.isSafeInteger(time)) return 'malformed';
  if (body === undefined) return { at: time, body: null, seen: [] };
  if (![body, ...seen].every((d) => DIGEST.test(d)) || seen.length > MAX_SEEN || !seen.includes(body))
    return 'malformed';
  return { at: time, body, seen };
}

export class NewestPayloads {
  /** Incident -> its newest `updated_at` (ms). */
  private readonly times = new Map<string, number>();
  /** Incident -> its newest second's bodies, for the most recently seen incidents only. */
  private readonly marks = new Map<string, NewestMark>();

  /** Whether the newest of a batch's payloads can stand for the issue, and remember the batch. */
  usable(key: string, batch: readonly PayloadStamp[]): boolean {
    const at = this.times.get(key);
    const mark = this.marks.get(key);
    const before = at === undefined ? null : mark?.at === at ? mark : { at, body: null, seen: [] };
    const { ok, after } = newestVerdict(before, batch);
    if (after && after.at !== before?.at) this.rememberTime(key, after.at);
    this.marks.delete(key);
    if (after?.body) {
      if (this.marks.size >= MAX_CHAINABLE) this.marks.delete(this.marks.keys().next().value as string);
      this.marks.set(key, after);
    }
    return ok;
  }

  /** The newest `updated_at` seen for the incident, if any (the sweep skips what the app already handled). */
  newestSeen(key: string): number | null {
    return this.times.get(key) ?? null;
  }

  private rememberTime(key: string, at: number): void {
    if (this.times.size >= MAX_INCIDENTS && !this.times.has(key)) this.times.clear();
    this.times.set(key, Math.max(at, this.times.get(key) ?? 0));
  }
}
