import { setImmediate as nextTurn } from 'node:timers';

/**
 * Per-incident serialization (DESIGN.md principle 4): jobs with the same key run one at a time, in
 * arrival order; different keys run concurrently, at most `concurrency` at once. A key with nothing
 * pending leaves no trace, so memory follows the work in flight, not the number of incidents.
 *
 * Under a burst, arrivals come first: a job starts on a turn of the event loop that brought no new
 * job, or once the oldest waiting key has waited `burstWaitMs`. Until then the webhooks still arriving
 * are acknowledged and their edits join the jobs already waiting (the app batches the edits of one
 * incident), so a burst costs one status write per incident instead of one per tick. Out of a burst
 * a job waits two turns of the event loop, well under a millisecond: a job never starts inside `push`.
 * The wait is measured with `performance.now()` (it is about the process, not incident time); under
 * fake timers that freeze it, only a quiet turn starts jobs.
 */

/** How long a burst may hold jobs back: status comments stay within a second or so of the last tick. */
const BURST_WAIT_MS = 1_000;

interface Pending {
  run: () => Promise<void>;
}

export class KeyedQueue {
  private readonly concurrency: number;
  private readonly onError: (error: unknown, key: string) => void;
  /** Key -> jobs waiting behind the running one. A key is present while it has a job running. */
  private readonly lanes = new Map<string, Pending[]>();
  /** Keys with work, waiting for a concurrency slot, with when they started waiting (oldest first). */
  private readonly ready: Array<{ key: string; since: number }> = [];
  private running = 0;
  private queued = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly burstWaitMs: number;
  /** Jobs pushed since the last look at the event loop; a look is scheduled while `looking`. */
  private arrivals = 0;
  private looking = false;

  constructor(params: { concurrency?: number; burstWaitMs?: number; onError?: (error: unknown, key: string) => void } = {}) {
    // Few jobs at once: GitHub asks integrations to make requests serially rather than concurrently
    // (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#avoid-concurrent-requests),
    // the throttle already spaces writes a second apart, and while a job waits for a slot the edits of
    // its incident keep joining it: under load, one status write carries several ticks.
    this.concurrency = params.concurrency ?? 4;
    this.burstWaitMs = params.burstWaitMs ?? BURST_WAIT_MS;
    this.onError = params.onError ?? (() => undefined);
  }

  /** Enqueue a job; the promise settles with it. Ignoring it is fine: failures go to `onError`. */
  push<T>(key: string, job: () => Promise<T>): Promise<T> {
    const result = new Promise<T>((resolve, reject) => {
      const pending: Pending = {
        run: async () => {
          try {
            resolve(await job());
          } catch (error) {
            this.onError(error, key);
            reject(error);
          }
        },
      };
      this.queued += 1;
      this.arrivals += 1;
      const lane = this.lanes.get(key);
      if (lane) {
        lane.push(pending);
      } else {
        this.lanes.set(key, [pending]);
        this.ready.push({ key, since: performance.now() });
        this.look();
      }
    });
    // Fire-and-forget callers must not turn a failed job into an unhandled rejection (a crash).
    result.catch(() => undefined);
    return result;
  }

  /** Work joined a job that is still waiting (the caller batches): a burst is still arriving. */
  joined(): void {
    this.arrivals += 1;
  }

  size(): number {
    return this.queued;
  }

  idle(): Promise<void> {
    if (this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** On the next turn of the event loop: start jobs, unless the turn brought more and the burst is young. */
  private look(): void {
    if (this.looking) return;
    this.looking = true;
    nextTurn(() => {
      this.looking = false;
      const oldest = this.ready[0];
      if (!oldest || this.running >= this.concurrency) return;
      const burst = this.arrivals > 0 && performance.now() - oldest.since < this.burstWaitMs;
      this.arrivals = 0;
      if (burst) this.look();
      else this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.concurrency && this.ready.length > 0) {
      const { key } = this.ready.shift() as { key: string };
      this.running += 1;
      void this.drain(key);
    }
  }

  /** Runs one key's jobs back to back, then frees its slot. */
  private async drain(key: string): Promise<void> {
    const lane = this.lanes.get(key) ?? [];
    while (lane.length > 0) {
      const next = lane[0] as Pending;
      await next.run();
      lane.shift();
      this.queued -= 1;
    }
    this.lanes.delete(key);
    this.running -= 1;
    this.look();
    if (this.queued === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
