import type { IssueSnapshot } from '../domain/incident/incident-state.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';

export type KnownStatus = { id: number; htmlUrl: string; updatedAt: string; metadata: IncidentMetadata };

/**
 * What the app knows of one incident between passes: its one record per incident (issue 27), so a pass
 * reads neither every comment to find the status comment (issue 13) nor what it wrote itself.
 * - `etag` and `status` are what the last read of the status comment returned: a 304 to
 *   `If-None-Match: etag` means `status` is still current.
 * - `written`: `status` is what this process wrote last and nothing the app wrote since came after it
 *   (a pass that wrote something else and not the status comment after it clears this). Only kept by a
 *   process that is alone (no REDIS_URL): then nobody else writes the status comment, and an edit or
 *   a deletion by anyone else arrives as an `issue_comment` webhook that forgets the entry (`forget`).
 * - `issue`: the issue as last read with its ETag, so a timer wake asks GitHub whether it changed (a 304 is
 *   free); or, in a process alone (`etag: null`), as the newest event showed it with nothing the app
 *   changed since: every change to an issue is an event this process receives, so a timer wake reads nothing.
 *   An issue event whose payload could not stand for the issue (same-second, late) never stands on it: its
 *   pass must see its own change, which the snapshot may predate (load-incident.ts, `nothingNewer`).
 *   (A lost webhook is corrected by the sweep, which hands over the issue as listed when it is newer.)
 */
export interface KnownStatusComment {
  id: number;
  etag: string | null;
  status: KnownStatus | null;
  written?: boolean;
  issue?: { etag: string | null; snapshot: IssueSnapshot };
}

/** Keyed by incident (`owner/repo#number`). An implementation may forget anything: the pass then looks again. */
export interface StatusCommentMemo {
  /** Whether a status this process wrote may stand for the comment without a read (one process only). */
  readonly keepsWritten: boolean;
  get(key: string): KnownStatusComment | undefined;
  set(key: string, value: KnownStatusComment): void;
  delete(key: string): void;
}

/**
 * In memory and bounded: least recently used first out. An entry holds the parsed metadata (a few KB)
 * and, after a timer wake's read, the issue; never a comment's body.
 */
export class InMemoryStatusCommentMemo implements StatusCommentMemo {
  readonly keepsWritten: boolean;
  private readonly max: number;
  private readonly entries = new Map<string, KnownStatusComment>();

  constructor(params: { max?: number; keepWritten?: boolean } = {}) {
    this.max = params.max ?? 10_000;
    this.keepsWritten = params.keepWritten ?? false;
  }

  get(key: string): KnownStatusComment | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: KnownStatusComment): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Someone other than the app edited or deleted a comment of the incident: if it is the status comment,
 * what the app remembers of it no longer holds: the next pass reads it again by its id (gone: looks for it).
 */
export function forgetStatusComment(memo: StatusCommentMemo, key: string, commentId: number): void {
  const known = memo.get(key);
  if (known?.id === commentId) memo.set(key, { ...known, etag: null, status: null, written: false });
}
