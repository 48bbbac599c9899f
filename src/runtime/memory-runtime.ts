import { NewestPayloads, type PayloadStamp } from './newest-payload.js';
import type { Clock } from './clock.js';
import { DeliveryDedupe } from './delivery-dedupe.js';
import { KeyedQueue, PRIORITY, type PushOptions } from './job-queue.js';
import type { Sweeper } from './sweep.js';
import type { ConfigChange, IncidentRuntime, RuntimeHealth } from './runtime.js';
import { Scheduler } from './scheduler.js';
import type { WritePacing } from './write-pacer.js';

/** A failed job runs again this often in all (a write whose answer was lost, a 5xx, a reset: issue 24). */
export const JOB_ATTEMPTS = 3;
/** Before its second attempt a job waits this long, then four times as long before each next one. */
const RETRY_BASE_MS = 1_000;

/**
 * A failure the same pass may get past a moment later: a 5xx, a reset or a timeout (no status), a rate
 * limit. A refusal (4xx) would only be refused again.
 */
function uncertain(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status !== 'number' || status >= 500 || status === 429;
}

/**
 * The runtime of one process (the default without REDIS_URL): the in-memory queue, scheduler and
 * de-duplication, unchanged. Work stays in the process, so a waiting job can still be joined.
 */
export class MemoryRuntime<W> implements IncidentRuntime<W> {
  readonly backend = 'memory' as const;
  readonly joinable = true;
  readonly queue: KeyedQueue;
  readonly scheduler: Scheduler;
  private readonly dedupe: DeliveryDedupe;
  private readonly newest = new NewestPayloads();
  /** The work each armed incident wakes with. */
  private readonly armed = new Map<string, W>();
  private readonly listeners: Array<(change: ConfigChange) => void> = [];
  private perform: ((work: W) => Promise<void>) | null = null;

  private readonly placement: ((work: W) => PushOptions) | undefined;
  private readonly clock: Clock;
  /** Cooldowns by key: until when (ms); expired ones are dropped as new ones are claimed. */
  private readonly cooldowns = new Map<string, number>();
  private readonly onError: (error: unknown, key: string) => void;

  constructor(params: {
    clock: Clock;
    onError: (error: unknown, key: string) => void;
    placement?: (work: W) => PushOptions;
    /** The queue's quiet wait for a burst (job-queue.ts's default when absent). */
    quietMs?: number;
  }) {
    this.placement = params.placement;
    this.clock = params.clock;
    this.onError = params.onError;
    this.queue = new KeyedQueue({ quietMs: params.quietMs });
    this.dedupe = new DeliveryDedupe({ clock: params.clock });
    this.scheduler = new Scheduler({
      clock: params.clock,
      wake: (key) => {
        const work = this.armed.get(key);
        this.armed.delete(key);
        if (work) void this.enqueue({ key, work });
      },
    });
  }

  /** In memory the queue is the process's own. */
  get local(): KeyedQueue {
    return this.queue;
  }

  waitingAhead(params: { lane: string; key: string }): { urgent: number; behind: number } {
    return { urgent: this.queue.waitingIn(params.lane, PRIORITY.urgent), behind: this.queue.waitingBehind(params.key) };
  }

  connected(): Promise<boolean> {
    return Promise.resolve(true);
  }

  writePacer(local: WritePacing): WritePacing {
    return local;
  }

  probe(): Promise<RuntimeHealth> {
    return Promise.resolve(this.ready());
  }

  /** Alone, what this process armed is all there is. */
  isArmed(): Promise<boolean> {
    return Promise.resolve(true);
  }

  /** Alone, the queue lives and dies with the process: nothing comes back. */
  onRecovered(): void {
    // Nothing to tell.
  }

  /** Alone, the sweeper keeps its own timer. */
  startSweep(params: { sweeper: Sweeper }): () => void {
    params.sweeper.start();
    return () => params.sweeper.stop();
  }

  stop(): void {
    this.scheduler.stop();
  }

  joined(key: string): void {
    this.queue.joined(key);
  }

  start(perform: (work: W) => Promise<void>): void {
    this.perform = perform;
  }

  enqueue(params: { key: string; work: W }): Promise<void> {
    const perform = this.perform;
    if (!perform) return Promise.reject(new Error('the runtime has not been started'));
    this.push({ key: params.key, work: params.work, perform, attempt: 1 });
    return Promise.resolve();
  }

  /**
   * A failed job goes back into the queue (counted by `queue.size()`, so a drain waits for it) and runs
   * the whole pass again after a pause: the pass finds what GitHub already applied before it writes, so
   * nothing is made twice. The webhook was answered long ago: nobody else would retry it.
   */
  private push(params: { key: string; work: W; perform: (work: W) => Promise<void>; attempt: number }): void {
    const { key, work, perform, attempt } = params;
    const run =
      attempt === 1
        ? () => perform(work)
        : async () => {
            const ms = RETRY_BASE_MS * 4 ** (attempt - 2);
            // Process time, not incident time (as job-queue.ts's burst wait): GitHub recovering from a
            // fault takes real seconds whatever clock the incidents run on (the simulator's is virtual).
            await new Promise<void>((resolve) => setTimeout(resolve, ms));
            return perform(work);
          };
    // The next attempt is queued while this one still runs: a drain never sees the queue empty between.
    const job = async (): Promise<void> => {
      try {
        await run();
      } catch (error) {
        if (attempt >= JOB_ATTEMPTS || !uncertain(error)) throw error;
        this.push({ ...params, attempt: attempt + 1 });
      }
    };
    this.queue.push(key, job, this.placement?.(work)).catch((error: unknown) => this.onError(error, key));
  }

  arm(params: { key: string; at: Date | null; work: W }): Promise<void> {
    if (params.at) this.armed.set(params.key, params.work);
    else this.armed.delete(params.key);
    this.scheduler.arm(params.key, params.at);
    return Promise.resolve();
  }

  seen(delivery: string): Promise<boolean> {
    return Promise.resolve(this.dedupe.has(delivery));
  }

  remember(deliveries: readonly string[]): Promise<void> {
    for (const delivery of deliveries) this.dedupe.remember(delivery);
    return Promise.resolve();
  }

  newestUsable(key: string, stamps: readonly PayloadStamp[]): Promise<boolean> {
    return Promise.resolve(this.newest.usable(key, stamps));
  }

  publishConfigChange(change: ConfigChange): Promise<void> {
    for (const listener of this.listeners) listener(change);
    return Promise.resolve();
  }

  onConfigChange(listener: (change: ConfigChange) => void): void {
    this.listeners.push(listener);
  }

  claimCooldown(params: { key: string; ms: number }): Promise<{ claimed: true } | { claimed: false; until: Date }> {
    const now = this.clock.now().getTime();
    for (const [key, until] of this.cooldowns) if (until <= now) this.cooldowns.delete(key);
    const until = this.cooldowns.get(params.key);
    if (until !== undefined) return Promise.resolve({ claimed: false, until: new Date(until) });
    this.cooldowns.set(params.key, now + params.ms);
    return Promise.resolve({ claimed: true });
  }

  releaseCooldown(key: string): Promise<void> {
    this.cooldowns.delete(key);
    return Promise.resolve();
  }

  async withSweepLease(params: { sweep: () => Promise<unknown> }): Promise<boolean> {
    await params.sweep();
    return true;
  }

  ready(): RuntimeHealth {
    return { ready: true, backend: 'memory' };
  }

  close(): Promise<void> {
    this.scheduler.stop();
    return Promise.resolve();
  }
}
