import { setImmediate as nextTurn, setTimeout as later } from 'node:timers';
import { mostUrgentIndex } from './most-urgent.js';

/**
 * Per-incident serialization: jobs with the same key run one at a time, in
 * arrival order; different keys run concurrently, at most `perLane` at once per lane (installation)
 * and `concurrency` in all. Lanes take turns; within a lane the most urgent waiting key goes first
 * (PRIORITY). A key or lane with nothing pending leaves no trace, so memory follows the work in
 * flight, not the number of incidents.
 *
 * Under a burst, arrivals come first: jobs start once nothing has arrived for `quietMs` after a turn of
 * the event loop that brought no new job, or once the oldest waiting key has waited `burstWaitMs`. Until
 * then the webhooks still arriving are acknowledged and their edits join the jobs already waiting (the app
 * batches the edits of one incident), so a burst costs one status write per incident instead of one per
 * tick. A job never starts inside `push`. The quiet is timed by a timer of node:timers (jest's fake timers
 * leave it alone), the burst's age with `performance.now()` (it is about the process, not incident time);
 * under fake timers that freeze it, only quiet starts jobs.
 */

/** How long a burst may hold jobs back: status comments stay within a second or so of the last tick. */
const BURST_WAIT_MS = 1_000;
/**
 * How long arrivals must pause before jobs start. The webhooks of one burst reach the process a few
 * milliseconds apart, even on loopback: each one's HTTP parsing and signature check share this event
 * loop, and its sender waits for the answers. A single quiet turn (microseconds) started jobs in those
 * gaps, so an incident whose job had started took a second pass for the rest of its burst (a third more
 * passes and status writes in the benchmark's bursts, docs/performance.md). Out of a burst, a job waits
 * this long more: nothing a person sees.
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
}

/** One installation's work: its waiting keys and how many of its keys run now. */
interface Lane {
  ready: ReadyKey[];
  running: number;
}

export interface PushOptions {
  /** Whose budget the job spends (the installation): lanes take turns, each with its own slots. */
  lane?: string;
  /** PRIORITY.*: within a lane, lower first; a waiting key takes the most urgent of its jobs' priorities. */
  priority?: number;
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
  /** Jobs pushed since the last look at the event loop; a look is scheduled while `looking`. */
  private arrivals = 0;
  private looking = false;
  /** When a turn last brought arrivals (`performance.now()`). */
  private lastArrival = Number.NEGATIVE_INFINITY;

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
            this.onError(error, key);
            reject(error);
          }
        },
      };
      this.queued += 1;
      this.arrivals += 1;
      const priority = options.priority ?? PRIORITY.normal;
      const jobs = this.keys.get(key);
      if (jobs) {
        jobs.push(pending);
        // Waiting (not running yet): it runs as soon as its most urgent job deserves.
        const waiting = this.lanes.get(options.lane ?? '')?.ready.find((r) => r.key === key);
        if (waiting && priority < waiting.priority) waiting.priority = priority;
      } else {
        this.keys.set(key, [pending]);
        const laneId = options.lane ?? '';
        let lane = this.lanes.get(laneId);
        if (!lane) {
          lane = { ready: [], running: 0 };
          this.lanes.set(laneId, lane);
          this.turn.push(laneId);
        }
        lane.ready.push({ key, since: performance.now(), priority, seq: this.seq++ });
        this.readyCount += 1;
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

  /** Jobs of this key waiting behind the running one (a newer pass is coming: an older refresh can be skipped). */
  waitingBehind(key: string): number {
    return Math.max(0, (this.keys.get(key)?.length ?? 0) - 1);
  }

  /** Keys of this lane waiting for a slot with at least this priority (PRIORITY.urgent: warnings, replies). */
  waitingIn(lane: string, priority: number = PRIORITY.urgent): number {
    return this.lanes.get(lane)?.ready.filter((r) => r.priority <= priority).length ?? 0;
  }

  /**
   * Keys wait for a burst to pause, not for a slot (a look or a quiet wait is scheduled). Real time ends
   * it: a harness on a virtual clock waits it out before it moves the clock.
   */
  holding(): boolean {
    return this.looking && this.readyCount > 0 && this.running < this.concurrency;
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

  /** A lane's keys wait in the order they came (only taken out, never reordered): its first is its oldest. */
  private oldestSince(): number | null {
    let oldest: number | null = null;
    for (const lane of this.lanes.values()) {
      const first = lane.ready[0];
      if (first && (oldest === null || first.since < oldest)) oldest = first.since;
    }
    return oldest;
  }

  /**
   * On the next turn of the event loop: start jobs, unless the burst is young and arrivals have not paused
   * for `quietMs` (`quiet`: a wait of that long saw none, whatever `performance.now()` says).
   */
  private look(quiet = false): void {
    if (this.looking) return;
    this.looking = true;
    nextTurn(() => {
      this.looking = false;
      if (this.readyCount === 0 || this.running >= this.concurrency) return;
      const now = performance.now();
      const young = now - (this.oldestSince() ?? now) < this.burstWaitMs;
      const arrived = this.arrivals > 0;
      this.arrivals = 0;
      if (arrived) this.lastArrival = now;
      const pause = quiet ? this.quietMs : now - this.lastArrival;
      if (!young || (!arrived && pause >= this.quietMs)) this.pump();
      else if (arrived) this.look();
      else this.waitForQuiet(this.quietMs - pause);
    });
  }

  /** The arrivals paused: look again when the pause is long enough, unless more arrive meanwhile. */
  private waitForQuiet(ms: number): void {
    this.looking = true;
    later(() => {
      this.looking = false;
      this.look(this.arrivals === 0);
    }, ms);
  }

  /** Takes the lanes in turn, one key each, while slots are free: no lane waits behind another's backlog. */
  private pump(): void {
    let progressed = true;
    while (progressed && this.running < this.concurrency && this.readyCount > 0) {
      progressed = false;
      for (const laneId of [...this.turn]) {
        if (this.running >= this.concurrency) break;
        const lane = this.lanes.get(laneId);
        if (!lane || lane.running >= this.perLane || lane.ready.length === 0) continue;
        const next = this.takeMostUrgent(lane);
        lane.running += 1;
        this.running += 1;
        this.readyCount -= 1;
        progressed = true;
        // This lane goes to the back of the turn order.
        this.turn = [...this.turn.filter((l) => l !== laneId), laneId];
        void this.drain(next.key, laneId);
      }
    }
  }

  private takeMostUrgent(lane: Lane): ReadyKey {
    const best = mostUrgentIndex(lane.ready, (r) => ({ rank: r.priority, seq: r.seq }));
    return lane.ready.splice(best, 1)[0] as ReadyKey;
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
