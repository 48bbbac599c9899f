import { setImmediate as nextTurn, setTimeout as later } from 'node:timers';
import { mostUrgentIndex } from './most-urgent.js';

/**
 * Per-incident serialization: jobs with the same key run one at a time, in
 * arrival order; different keys run concurrently, at most `perLane` at once per lane (installation)
 * and `concurrency` in all. Lanes take turns; within a lane the most urgent waiting key goes first
 * (PRIORITY). A key or lane with nothing pending leaves no trace, so memory follows the work in
 * flight, not the number of incidents.
 *
 * A key whose waiting jobs were all pushed with `hold` (a batch of issue edits that later edits may still
 * join) waits for its lane's burst to pause: it starts once its lane has had no new held job and no join
 * for a whole quiet wait (`quietMs` on a node:timers timer, so between one and two of them after the last
 * arrival), or once it has waited `burstWaitMs`. A job pushed behind its key's running job runs right
 * after it, held or not. Meanwhile the webhooks still arriving are acknowledged and their edits
 * join the jobs already waiting, so a burst costs one status write per incident instead of one per tick.
 * Other jobs (commands, alerts, deadline wakes) and other lanes never wait for a burst. A job never starts
 * inside `push`. The burst's age is read with `performance.now()` (it is about the process, not incident
 * time); the quiet needs no clock, so jest's fake timers, which freeze `performance.now()` and not
 * node:timers, still see held jobs start.
 */

/** How long a burst may hold jobs back: status comments stay within a second or so of the last tick. */
const BURST_WAIT_MS = 1_000;
/**
 * The quiet wait. The webhooks of one burst reach the process a few milliseconds apart, even on loopback:
 * each one's HTTP parsing and signature check share this event loop, and its sender waits for the
 * answers. Starting held jobs on the first turn of the event loop that brought nothing (microseconds)
 * started them in those gaps, so an incident whose job had started took a second pass for the rest of its
 * burst (a third more passes and status writes in the benchmark's bursts, docs/performance.md). A lone
 * edit's pass now starts 10 to 20 ms later.
 */
const BURST_QUIET_MS = 10;

/**
 * Job priorities within an installation's lane (lower runs first): a deadline's warning or a command's
 * reply before a status refresh.
 */
export const PRIORITY = { urgent: 0, normal: 1, refresh: 2 } as const;

interface Pending {
  run: () => Promise<void>;
}

interface ReadyKey {
  key: string;
  since: number;
  priority: number;
  seq: number;
  /** Every job waiting for the key was pushed with `hold`: it waits for its lane's burst to pause. */
  hold: boolean;
}

/** One installation's work: its waiting keys and how many of its keys run now. */
interface Lane {
  ready: ReadyKey[];
  running: number;
  /** A held job or a join came since the running quiet wait began (or the lane is newer than it). */
  stirred: boolean;
  /** A whole quiet wait saw no arrival in this lane, and none came since: its held keys may start. */
  quiet: boolean;
}

export interface PushOptions {
  /** Whose budget the job spends (the installation): lanes take turns, each with its own slots. */
  lane?: string;
  /** PRIORITY.*: within a lane, lower first; a waiting key takes the most urgent of its jobs' priorities. */
  priority?: number;
  /** Later work may still join this job (a batch of edits): it waits for its lane's burst to pause. */
  hold?: boolean;
}

export class KeyedQueue {
  private readonly concurrency: number;
  private readonly perLane: number;
  private readonly onError: (error: unknown, key: string) => void;
  /** Key -> jobs waiting behind the running one. A key is present while it has a job running or waiting. */
  private readonly keys = new Map<string, Pending[]>();
  /** Installation -> its waiting keys; a lane is present while it has work. */
  private readonly lanes = new Map<string, Lane>();
  /** Lanes in turn order: the next slot goes to the first lane with a free slot and a waiting key. */
  private turn: string[] = [];
  private readyCount = 0;
  private seq = 0;
  private running = 0;
  private queued = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly burstWaitMs: number;
  private readonly quietMs: number;
  /** Key -> its lane, while the key has jobs (a join names the key only). */
  private readonly laneOf = new Map<string, string>();
  /** A look is scheduled for the next turn of the event loop. */
  private looking = false;
  /** The quiet wait running, if any (held keys wait for their lane's burst to pause). */
  private quietWait: ReturnType<typeof later> | null = null;

  constructor(
    params: {
      concurrency?: number;
      perLane?: number;
      burstWaitMs?: number;
      quietMs?: number;
      onError?: (error: unknown, key: string) => void;
    } = {},
  ) {
    // Few jobs at once per installation: GitHub asks integrations to make requests serially rather than
    // concurrently (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#avoid-concurrent-requests),
    // writes are spaced per installation (write-pacer.ts), and while a job waits for a slot the edits
    // of its incident keep joining it. Installations do not share slots: one waiting on its write
    // spacing or its rate limit never holds another's work (issue 13).
    this.concurrency = params.concurrency ?? 64;
    this.perLane = params.perLane ?? Math.min(4, this.concurrency);
    this.burstWaitMs = params.burstWaitMs ?? BURST_WAIT_MS;
    this.quietMs = params.quietMs ?? BURST_QUIET_MS;
    this.onError = params.onError ?? (() => undefined);
  }

  /** Enqueue a job; the promise settles with it. Ignoring it is fine: failures go to `onError`. */
  push<T>(key: string, job: () => Promise<T>, options: PushOptions = {}): Promise<T> {
    const result = new Promise<T>((resolve, reject) => {
      const pending: Pending = {
        run: async () => {
          try {
            resolve(await job());
          } catch (error) {
            reject(error);
            // A throwing error handler (a logger that fails) must not stop the key's other jobs or keep
            // its slot: the queue would hold the incident's work forever.
            try {
              this.onError(error, key);
            } catch {
              // The job's own promise already carries its failure.
            }
          }
        },
      };
      this.queued += 1;
      const priority = options.priority ?? PRIORITY.normal;
      const hold = options.hold === true;
      const laneId = this.laneOf.get(key) ?? options.lane ?? '';
      let lane = this.lanes.get(laneId);
      if (!lane) {
        lane = { ready: [], running: 0, stirred: true, quiet: false };
        this.lanes.set(laneId, lane);
        this.turn.push(laneId);
      }
      if (hold) this.arrived(lane);
      const jobs = this.keys.get(key);
      if (jobs) {
        jobs.push(pending);
        // Waiting (not running yet): it runs as soon as its most urgent job deserves.
        const waiting = lane.ready.find((r) => r.key === key);
        if (waiting) {
          if (priority < waiting.priority) waiting.priority = priority;
          if (!hold) waiting.hold = false;
        }
      } else {
        this.keys.set(key, [pending]);
        this.laneOf.set(key, laneId);
        lane.ready.push({ key, since: performance.now(), priority, seq: this.seq++, hold });
        this.readyCount += 1;
      }
      this.look();
    });
    // Fire-and-forget callers must not turn a failed job into an unhandled rejection (a crash).
    result.catch(() => undefined);
    return result;
  }

  /** Work joined the job still waiting for `key` (the caller batches): its lane's burst is still arriving. */
  joined(key: string): void {
    const laneId = this.laneOf.get(key);
    const lane = laneId === undefined ? undefined : this.lanes.get(laneId);
    if (lane) this.arrived(lane);
  }

  private arrived(lane: Lane): void {
    lane.stirred = true;
    lane.quiet = false;
  }

  size(): number {
    return this.queued;
  }

  /** Jobs of this key waiting behind the running one (a newer pass is coming: an older refresh can be skipped). */
  waitingBehind(key: string): number {
    return Math.max(0, (this.keys.get(key)?.length ?? 0) - 1);
  }

  /** Keys of this lane waiting for a slot with at least this priority (PRIORITY.urgent: warnings, replies). */
  waitingIn(lane: string, priority: number = PRIORITY.urgent): number {
    return this.lanes.get(lane)?.ready.filter((r) => r.priority <= priority).length ?? 0;
  }

  /**
   * Held keys wait for their lane's burst to pause (a quiet wait runs). Real time ends it: a harness on a
   * virtual clock waits it out before it moves the clock.
   */
  holding(): boolean {
    return this.quietWait !== null;
  }

  /** Keys waiting for a slot, by priority, over every lane (the queue-depth metric). */
  waitingByPriority(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const lane of this.lanes.values())
      for (const r of lane.ready) counts.set(r.priority, (counts.get(r.priority) ?? 0) + 1);
    return counts;
  }

  idle(): Promise<void> {
    if (this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** On the next turn of the event loop: start what may start. */
  private look(): void {
    if (this.looking) return;
    this.looking = true;
    nextTurn(() => {
      this.looking = false;
      this.pump();
    });
  }

  /** May this lane's waiting key start now, or does it wait for the lane's burst to pause? */
  private startable(lane: Lane, ready: ReadyKey, now: number): boolean {
    return !ready.hold || lane.quiet || this.quietMs <= 0 || now - ready.since >= this.burstWaitMs;
  }

  /** A quiet wait: lanes that saw no arrival during it are quiet; then look again. */
  private waitForQuiet(): void {
    if (this.quietWait) return;
    for (const lane of this.lanes.values()) lane.stirred = false;
    this.quietWait = later(() => {
      this.quietWait = null;
      for (const lane of this.lanes.values()) if (!lane.stirred) lane.quiet = true;
      this.pump();
    }, this.quietMs);
  }

  /**
   * Takes the lanes in turn, one key each, while slots are free: no lane waits behind another's backlog.
   * A lane whose waiting keys are all held for its burst is passed over until a quiet wait ends.
   */
  private pump(): void {
    const now = performance.now();
    let held = false;
    let progressed = true;
    while (progressed && this.running < this.concurrency && this.readyCount > 0) {
      progressed = false;
      for (const laneId of [...this.turn]) {
        if (this.running >= this.concurrency) break;
        const lane = this.lanes.get(laneId);
        if (!lane || lane.running >= this.perLane || lane.ready.length === 0) continue;
        const next = this.takeMostUrgent(lane, now);
        if (!next) {
          held = true;
          continue;
        }
        lane.running += 1;
        this.running += 1;
        this.readyCount -= 1;
        progressed = true;
        // This lane goes to the back of the turn order.
        this.turn = [...this.turn.filter((l) => l !== laneId), laneId];
        void this.drain(next.key, laneId);
      }
    }
    if (held) this.waitForQuiet();
  }

  /** The lane's most urgent key that may start now, taken out of its waiting keys. */
  private takeMostUrgent(lane: Lane, now: number): ReadyKey | null {
    const best = mostUrgentIndex(lane.ready, (r) =>
      this.startable(lane, r, now) ? { rank: r.priority, seq: r.seq } : null,
    );
    return best < 0 ? null : (lane.ready.splice(best, 1)[0] as ReadyKey);
  }

  /** Runs one key's jobs back to back, then frees its slot. */
  private async drain(key: string, laneId: string): Promise<void> {
    const jobs = this.keys.get(key) ?? [];
    while (jobs.length > 0) {
      const next = jobs[0] as Pending;
      await next.run();
      jobs.shift();
      this.queued -= 1;
    }
    this.keys.delete(key);
    this.laneOf.delete(key);
    this.running -= 1;
    const lane = this.lanes.get(laneId);
    if (lane) {
      lane.running -= 1;
      if (lane.running === 0 && lane.ready.length === 0) {
        this.lanes.delete(laneId);
        this.turn = this.turn.filter((l) => l !== laneId);
      }
    }
    this.look();
    if (this.queued === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
