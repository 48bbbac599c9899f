/**
 * A webhook payload is the issue as of its event. When it is strictly newer than every state seen for
 * the incident it saves a read; an older or equally old one (a late, redelivered or same-second event:
 * `updated_at` has one-second resolution) is read fresh from GitHub, so an older state never overwrites
 * a newer one. Bounded: forgetting only costs a read.
 */
const MAX_INCIDENTS = 100_000;

/** The rule on its own (the Redis runtime keeps `before` in Redis): `newest` is -1 when no payload had a time. */
export function newestVerdict(before: number, batch: ReadonlyArray<number | null>): { ok: boolean; newest: number } {
  const last = batch.at(-1) ?? null;
  const others = batch.slice(0, -1).filter((t): t is number => t !== null);
  const ok = last !== null && last > before && others.every((t) => t < last);
  return { ok, newest: Math.max(-1, ...batch.filter((t): t is number => t !== null)) };
}

export class NewestPayloads {
  private readonly seen = new Map<string, number>();

  /** Whether the newest of a batch's payloads can stand for the issue, and remember the batch. */
  usable(key: string, batch: ReadonlyArray<number | null>): boolean {
    const { ok, newest } = newestVerdict(this.seen.get(key) ?? -1, batch);
    if (newest >= 0) this.remember(key, newest);
    return ok;
  }

  /** The newest `updated_at` seen for the incident, if any (the sweep skips what the app already handled). */
  newestSeen(key: string): number | null {
    return this.seen.get(key) ?? null;
  }

  private remember(key: string, at: number): void {
    if (this.seen.size >= MAX_INCIDENTS && !this.seen.has(key)) this.seen.clear();
    this.seen.set(key, Math.max(at, this.seen.get(key) ?? 0));
  }
}
