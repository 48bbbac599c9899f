import type { IncidentMetadata } from '../domain/incident/metadata.js';

/**
 * What the app knows of one incident's status comment between passes, so a pass reads that one comment
 * (conditionally) instead of listing every comment to find it (issue 13). `etag` and `status` are what
 * the last read returned; a 304 to `If-None-Match: etag` means `status` is still current. After the app
 * writes the comment its ETag is unknown (`etag: null`) and the next pass reads it in full.
 */
export interface KnownStatusComment {
  id: number;
  etag: string | null;
  status: { id: number; htmlUrl: string; updatedAt: string; metadata: IncidentMetadata } | null;
}

/** Keyed by incident (`owner/repo#number`). An implementation may forget anything: the pass then looks again. */
export interface StatusCommentMemo {
  get(key: string): KnownStatusComment | undefined;
  set(key: string, value: KnownStatusComment): void;
  delete(key: string): void;
}

/**
 * In memory and bounded: least recently used first out. An entry holds the parsed metadata (a few KB),
 * never the comment's body, so 10,000 incidents stay within tens of MB.
 */
export class InMemoryStatusCommentMemo implements StatusCommentMemo {
  private readonly max: number;
  private readonly entries = new Map<string, KnownStatusComment>();

  constructor(params: { max?: number } = {}) {
    this.max = params.max ?? 10_000;
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
