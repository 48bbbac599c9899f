import { randomUUID } from 'node:crypto';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import {
  decodeNewestMark,
  encodeNewestMark,
  ISSUE_TIME_RESOLUTION_MS,
  newestVerdict,
  type PayloadStamp,
} from './newest-payload.js';
import { sha256Hex } from '../domain/shared/hash.js';
import type { Clock } from './clock.js';
import { KeyedQueue } from './job-queue.js';
import { LeasedSweep } from './leased-sweep.js';
import { RedisLeases } from './redis-lease.js';
import { Scheduler } from './scheduler.js';
import type { Sweeper } from './sweep.js';
import { SharedWritePacer } from './shared-write-pacer.js';
import type { WritePacing } from './write-pacer.js';
import type { ConfigChange, IncidentRuntime, RecoveredEvent, RuntimeHealth } from './runtime.js';

/**
 * The runtime shared by every process on one Redis (REDIS_URL, issue 14), on BullMQ and ioredis:
 * - work is a BullMQ job; a delivery's job id is derived from X-GitHub-Delivery, so a delivery sent to
 *   every process is queued once (BullMQ ignores an add whose job id exists);
 * - a worker runs a job only while holding the incident's lease (redis-lease.ts): two jobs of one
 *   incident never run at once in any process; a job that finds the lease taken goes back to the
 *   delayed set for a moment (BullMQ's documented manual-delay pattern);
 * - a deadline is a delayed job whose id is the incident and the due time, so every process arming it
 *   makes one job and exactly one worker wakes the incident; re-arming removes the earlier job;
 * - delivery ids whose job succeeded are kept with a TTL, as in memory;
 * - config changes go to every process over pub/sub; the sweep runs in the process holding its lease.
 * Redis unreachable: `enqueue` rejects at once (no offline queue), so the webhook is answered with an
 * error GitHub can redeliver, and `ready()` says so.
 */

/** Deliveries are redelivered within hours (GitHub keeps them for 3 days for manual redelivery). */
const DELIVERY_TTL_MS = 24 * 60 * 60 * 1000;
/** How long the newest payload time of an incident is kept: forgetting it only costs a read. */
const NEWEST_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A job whose incident is busy elsewhere tries again after this long (plus jitter). */
const CONTENDED_RETRY_MS = 150;
/** How often each process checks that Redis still holds its data (an empty Redis lost the wake-ups and the queue). */
const EPOCH_CHECK_MS = 5_000;
/** A producer command unanswered this long fails (see the producer). */
const COMMAND_TIMEOUT_MS = 2_000;
/** `/healthz`'s PING: a Redis that does not answer within this is not ready. */
const PING_TIMEOUT_MS = 1_000;
/** Transient failures (GitHub 5xx after the request's own retries, a Redis blip) are retried this often by BullMQ. */
const ATTEMPTS = 3;

interface JobData<W> {
  key: string;
  work: W;
  /** Wake-ups: the due time (ms), for `promoteDue`. */
  at?: number;
}

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RedisRuntimeOptions {
  url: string;
  clock: Clock;
  log: Log;
  /** Keys and the queue live under this prefix (several apps, or tests, may share one Redis). */
  prefix?: string;
  /** Run jobs in this process (default true); false for a process that only answers webhooks. */
  worker?: boolean;
  /** Jobs of different incidents run at once in this process. */
  concurrency?: number;
  /** An incident's lease lasts this long unless renewed: a dead process frees it within this time. */
  leaseMs?: number;
  /** BullMQ's job lock: a job whose process died runs again after about this long. */
  lockDurationMs?: number;
}

const safeId = (text: string): string => text.replace(/[^\w.-]/g, '_');
const digest = (text: string): string => sha256Hex(text).slice(0, 24);

export class RedisRuntime<W> implements IncidentRuntime<W> {
  readonly backend = 'redis' as const;
  readonly joinable = false;
  /** The throttling plugin shares its spacing through Redis. */
  /** Wake-ups are delayed jobs in Redis: this stays empty. */
  readonly scheduler: Scheduler;
  /** Jobs this process runs, one incident at a time here too (tests and the simulator wait on it). */
  readonly local: KeyedQueue;
  private readonly options: Required<Omit<RedisRuntimeOptions, 'log' | 'clock'>> &
    Pick<RedisRuntimeOptions, 'log' | 'clock'>;
  private readonly producer: Redis;
  private readonly subscriber: Redis;
  /** Made once the producer first connects: BullMQ's set-up commands would fail without the offline queue. */
  private queueOrNull: Queue<JobData<W>> | null = null;
  private readonly leases: RedisLeases;
  private worker: Worker<JobData<W>> | null = null;
  private workerConnection: Redis | null = null;
  private readonly listeners: Array<(change: ConfigChange) => void> = [];
  private readonly channel: string;
  private subscribed = false;
  private sweepToken: string | null = null;
  private readonly recoveredListeners: Array<(event: RecoveredEvent) => void> = [];
  private watchdog: NodeJS.Timeout | null = null;
  /** The epoch this process last found in Redis (null: not looked yet); another value means Redis was emptied. */
  private epoch: string | null = null;
  /** Epoch checks one after another: the reconnection's and the watchdog's never report one emptying twice. */
  private epochCheck: Promise<void> = Promise.resolve();

  constructor(options: RedisRuntimeOptions) {
    this.options = {
      prefix: 'incident-responder',
      worker: true,
      concurrency: 4,
      leaseMs: 10_000,
      lockDurationMs: 10_000,
      ...options,
    };
    const { url, log, prefix } = this.options;
    // Producer commands fail at once while Redis is unreachable instead of waiting in memory: the
    // webhook gets an error and GitHub keeps the delivery (BullMQ's advice for producers).
    // A hung Redis (stopped, overloaded) answers nothing: a command that has not been answered in
    // COMMAND_TIMEOUT_MS fails, so a webhook is answered 5xx well inside GitHub's 10 s instead of Probot's
    // "202 still processing" for a job that may never be queued.
    this.producer = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: false,
      commandTimeout: COMMAND_TIMEOUT_MS,
    });
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null });
    this.watch(this.producer, 'producer');
    this.watch(this.subscriber, 'subscriber');
    this.leases = new RedisLeases({ redis: this.producer, prefix });
    this.producer.once('ready', () => {
      this.queueOrNull = new Queue<JobData<W>>('incidents', { connection: this.producer, prefix });
      this.queueOrNull.on('error', (error) => log.warn({ err: error }, 'Redis queue error'));
    });
    this.scheduler = new Scheduler({ clock: options.clock, wake: () => undefined });
    // Back after a loss, or found empty while connected (FLUSHALL, a failover to an empty replica): tell
    // the app (it sweeps), and whether what Redis held is gone (see `checkEpoch`).
    let lost = false;
    this.producer.on('close', () => (lost = true));
    this.producer.on('ready', () => {
      this.checkEpoch({ back: lost });
      lost = false;
    });
    this.watchdog = setInterval(() => {
      if (this.producer.status === 'ready') this.checkEpoch({ back: false });
    }, EPOCH_CHECK_MS);
    this.watchdog.unref();
    this.local = new KeyedQueue({
      onError: (error, key) => log.error({ err: error, incident: key }, 'incident job failed'),
    });
    this.channel = `${prefix}:config`;
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const change = parseChange(message);
      if (change) for (const listener of this.listeners) listener(change);
    });
    this.subscriber.subscribe(this.channel).then(
      () => (this.subscribed = true),
      (error: unknown) => log.warn({ err: error }, 'could not subscribe to config changes'),
    );
  }

  private get queue(): Queue<JobData<W>> {
    if (!this.queueOrNull) throw new Error('Redis has not been reachable since the app started');
    return this.queueOrNull;
  }

  /** Resolves once every connection is up and config changes are subscribed, or false after `timeoutMs` (the app starts either way; readiness tells). */
  async connected(timeoutMs = 5_000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.subscribed && this.queueOrNull && this.ready().ready) return true;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return false;
  }

  /** Work leaves the process as it is queued: nothing here to tell. */
  waitingAhead(): null {
    return null;
  }

  /** One process per interval sweeps, under a lease. */
  startSweep(params: {
    sweeper: Sweeper;
    everyMinutes: number;
    log?: { warn(obj: object, msg: string): void };
  }): () => void {
    const leased = new LeasedSweep({ clock: this.options.clock, runtime: this, ...params });
    leased.start();
    // Redis back after a loss, or found empty: sweep now (the wake-ups it held may be gone), not at the
    // next interval. Emptied: the incidents the incremental listing would skip (unchanged since the last
    // sweep) lost their wake-ups too, so the sweep lists everything again. A sweep running now listed
    // before the event: it ends first, then a new one starts (joining it would miss what it already listed).
    this.onRecovered((event) => {
      if (event.emptied) params.sweeper.relistAll();
      params.sweeper
        .idle()
        .then(() => leased.tickOnce())
        .catch((error: unknown) => params.log?.warn({ err: error }, 'the sweep after Redis came back failed'));
    });
    return () => leased.stop();
  }

  stop(): void {
    // No timers of its own: wake-ups are delayed jobs, and close() ends the connections.
  }

  joined(): void {
    // Work leaves the process when queued: nothing joins it.
  }

  start(perform: (work: W) => Promise<void>): void {
    if (!this.options.worker || this.worker) return;
    const { url, prefix, concurrency, lockDurationMs, log } = this.options;
    this.workerConnection = new Redis(url, { maxRetriesPerRequest: null });
    this.watch(this.workerConnection, 'worker');
    this.worker = new Worker<JobData<W>>('incidents', (job, token) => this.runJob({ job, token, perform }), {
      connection: this.workerConnection,
      prefix,
      concurrency,
      lockDuration: lockDurationMs,
      // A crashed process's job is found stalled within lockDuration + stalledInterval (docs/deployment.md).
      stalledInterval: Math.max(1_000, Math.floor(lockDurationMs / 2)),
    });
    this.worker.on('error', (error) => log.warn({ err: error }, 'Redis worker error'));
    this.worker.on('failed', (job, error) => {
      if (job && job.attemptsMade >= ATTEMPTS)
        log.error(
          { err: error, incident: job.data.key },
          'incident job failed for good; a redelivery or the sweep retries it',
        );
    });
  }

  private async runJob(params: {
    job: Job<JobData<W>>;
    token: string | undefined;
    perform: (work: W) => Promise<void>;
  }): Promise<void> {
    const { job, token, perform } = params;
    const { key, work } = job.data;
    const held = await this.leases.hold({
      name: `incident:${digest(key)}`,
      ttlMs: this.options.leaseMs,
      fn: () => this.local.push(key, () => perform(work)),
      onLost: () =>
        this.options.log.error({ incident: key }, 'lost the incident lease while its job ran (Redis unreachable?)'),
    });
    if (held.ran) return;
    await job.moveToDelayed(Date.now() + CONTENDED_RETRY_MS + Math.floor(Math.random() * CONTENDED_RETRY_MS), token);
    throw new DelayedError();
  }

  async enqueue(params: { key: string; work: W; delivery?: string }): Promise<void> {
    await this.queue.add(
      'work',
      { key: params.key, work: params.work },
      {
        ...(params.delivery ? { jobId: `d-${safeId(params.delivery)}` } : {}),
        attempts: ATTEMPTS,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }

  async arm(params: { key: string; at: Date | null; work: W }): Promise<void> {
    const field = params.key;
    const wakes = `${this.options.prefix}:wakes`;
    const current = await this.producer.hget(wakes, field);
    const id = params.at ? `w-${digest(params.key)}-${params.at.getTime()}` : null;
    if (current === id) return;
    if (params.at && id) {
      const delay = Math.max(0, params.at.getTime() - this.options.clock.now().getTime());
      await this.queue.add(
        'wake',
        { key: params.key, work: params.work, at: params.at.getTime() },
        {
          jobId: id,
          delay,
          attempts: ATTEMPTS,
          backoff: { type: 'exponential', delay: 1_000 },
          removeOnComplete: true,
          removeOnFail: true,
        },
      );
      await this.producer.hset(wakes, field, id);
    } else {
      await this.producer.hdel(wakes, field);
    }
    // The earlier wake-up, unless it is the job running now (a locked job is not removed).
    if (current) await this.queue.remove(current).catch(() => 0);
  }

  async seen(delivery: string): Promise<boolean> {
    return (await this.producer.exists(this.deliveryKey(delivery))) === 1;
  }

  async remember(deliveries: readonly string[]): Promise<void> {
    if (deliveries.length === 0) return;
    const batch = this.producer.multi();
    for (const delivery of deliveries) batch.set(this.deliveryKey(delivery), '1', 'PX', DELIVERY_TTL_MS);
    await batch.exec();
  }

  async newestUsable(key: string, stamps: readonly PayloadStamp[]): Promise<boolean> {
    // Called under the incident's lease: read, decide and write cannot interleave with another process.
    const redisKey = `${this.options.prefix}:newest:${digest(key)}`;
    const stored = await this.producer.get(redisKey);
    const decoded = decodeNewestMark(stored);
    // A value that is not ours (read back from Redis, untrusted) is replaced by a mark no payload of an
    // event until a second from now can pass: what it hid may have been newer than them.
    const before =
      decoded === 'malformed'
        ? { at: this.options.clock.now().getTime() + ISSUE_TIME_RESOLUTION_MS, body: null, seen: [] }
        : decoded;
    const { ok, after } = newestVerdict(before, stamps);
    const text = after && encodeNewestMark(after);
    if (text && text !== stored) await this.producer.set(redisKey, text, 'PX', NEWEST_TTL_MS);
    return ok;
  }

  async claimCooldown(params: {
    key: string;
    ms: number;
  }): Promise<{ claimed: true } | { claimed: false; until: Date }> {
    const redisKey = `${this.options.prefix}:cooldown:${digest(params.key)}`;
    const now = this.options.clock.now().getTime();
    // SET NX: of two processes claiming at once, one wins.
    if ((await this.producer.set(redisKey, String(now + params.ms), 'PX', params.ms, 'NX')) === 'OK')
      return { claimed: true };
    const until = Number((await this.producer.get(redisKey)) ?? now);
    return { claimed: false, until: new Date(Number.isFinite(until) ? until : now) };
  }

  async releaseCooldown(key: string): Promise<void> {
    await this.producer.del(`${this.options.prefix}:cooldown:${digest(key)}`);
  }

  async publishConfigChange(change: ConfigChange): Promise<void> {
    await this.producer.publish(this.channel, JSON.stringify(change));
  }

  onConfigChange(listener: (change: ConfigChange) => void): void {
    this.listeners.push(listener);
  }

  /**
   * The sweep lease is a leadership: its holder renews it at every tick and keeps it while it lives,
   * so one process sweeps and the sweep's cursor (where a sweep cut short by its budget resumes) stays
   * in that process. If it dies, another takes over within 1.5 intervals and starts from the beginning.
   */
  async withSweepLease(params: { everyMs: number; sweep: () => Promise<unknown> }): Promise<boolean> {
    const ttlMs = Math.max(1_000, Math.round(params.everyMs * 1.5));
    const mine = this.sweepToken !== null && (await this.leases.renew('sweep', this.sweepToken, ttlMs));
    if (!mine) this.sweepToken = await this.leases.acquire('sweep', ttlMs);
    const token = this.sweepToken;
    if (token === null) return false;
    // A sweep longer than the lease keeps it.
    const timer = setInterval(
      () => void this.leases.renew('sweep', token, ttlMs).catch(() => false),
      Math.max(10, Math.floor(ttlMs / 3)),
    );
    timer.unref();
    try {
      await params.sweep();
    } finally {
      clearInterval(timer);
    }
    return true;
  }

  /**
   * Virtual time (tests, the simulator): wake-ups due by the clock's `now` run at once. With the system
   * clock they run on their own at their time.
   */
  async promoteDue(): Promise<number> {
    const now = this.options.clock.now().getTime();
    let promoted = 0;
    for (const job of await this.queue.getDelayed()) {
      if (job.name !== 'wake' || (job.data.at ?? Infinity) > now) continue;
      await job.promote().then(
        () => (promoted += 1),
        () => undefined,
      );
    }
    return promoted;
  }

  /**
   * Jobs queued, running or briefly delayed (not wake-ups), in all processes. Two reads, not one
   * snapshot: a job moving between lists meanwhile can be missed, so wait for several zeros in a row.
   */
  async pending(): Promise<number> {
    const counts = await this.queue.getJobCounts('wait', 'active', 'prioritized');
    const waiting = Object.values(counts).reduce((a, b) => a + b, 0);
    const delayed = (await this.queue.getDelayed()).filter((job) => job.name !== 'wake').length;
    return waiting + delayed;
  }

  /** Wake-ups armed, in all processes. */
  async armed(): Promise<Array<{ key: string; at: Date }>> {
    return (await this.queue.getDelayed())
      .filter((job) => job.name === 'wake')
      .map((job) => ({ key: job.data.key, at: new Date(job.data.at ?? 0) }));
  }

  /**
   * Readiness that sees a hung Redis: the connections' states, then a PING answered within
   * PING_TIMEOUT_MS. Always answers within about that long.
   */
  async probe(): Promise<RuntimeHealth> {
    const health = this.ready();
    if (!health.ready) return health;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer')), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.producer.ping(), late]);
      return health;
    } catch (error) {
      return {
        ...health,
        ready: false,
        problem: `Redis does not answer a PING within ${PING_TIMEOUT_MS} ms (${(error as Error).message}): webhooks are answered with an error until it does.`,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Whether Redis holds a wake-up for the incident (the sweep re-arms what a flushed or new Redis lost). */
  async isArmed(key: string): Promise<boolean> {
    return (await this.producer.hexists(`${this.options.prefix}:wakes`, key)) === 1;
  }

  /**
   * `listener` runs when Redis is back after a loss (`emptied: false` when it kept its data), or found
   * empty (restarted without its data, flushed, failed over to an empty replica: `emptied: true`; the
   * wake-ups and the queued jobs are gone), in the order listeners were added, all before any sweep
   * starts. The app sweeps at once instead of at the next interval.
   */
  onRecovered(listener: (event: RecoveredEvent) => void): void {
    this.recoveredListeners.push(listener);
  }

  /** Write pacing shared by every process on this Redis; `fallback` paces while Redis fails. */
  writePacer(fallback: WritePacing): WritePacing {
    return new SharedWritePacer({
      redis: this.producer,
      prefix: this.options.prefix,
      fallback,
      onFallback: (error) =>
        this.options.log.warn({ err: error }, 'write pacing falls back to this process while Redis fails'),
    });
  }

  ready(): RuntimeHealth {
    const redis = {
      producer: this.producer.status,
      worker: this.workerConnection?.status ?? null,
      subscriber: this.subscriber.status,
    };
    const ok =
      redis.producer === 'ready' && redis.subscriber === 'ready' && (redis.worker === null || redis.worker === 'ready');
    return ok
      ? { ready: true, backend: 'redis', redis }
      : {
          ready: false,
          backend: 'redis',
          redis,
          problem:
            'Redis is unreachable: webhooks are answered with an error (GitHub keeps them for redelivery) and no incident jobs run.',
        };
  }

  async close(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    await this.worker?.close().catch(() => undefined);
    await this.queueOrNull?.close().catch(() => undefined);
    for (const connection of [this.workerConnection, this.subscriber, this.producer]) connection?.disconnect();
  }

  private get epochKey(): string {
    return `${this.options.prefix}:epoch`;
  }

  /**
   * Whether Redis still holds what this process saw: the epoch key holds a random value, set with
   * `SET NX` by the first process to find it missing. Another value than the one this process last saw
   * (whether this process or another set it) means Redis lost its data meanwhile, so every process
   * learns of it, not only the one that found the key gone. One MULTI, so the value read is the one that
   * stands after the `SET NX`. A failed check changes nothing; the watchdog looks again.
   */
  private checkEpoch(params: { back: boolean }): void {
    this.epochCheck = this.epochCheck
      .then(async () => {
        let now: unknown;
        try {
          const replies = await this.producer.multi().set(this.epochKey, randomUUID(), 'NX').get(this.epochKey).exec();
          now = replies?.[1]?.[1];
        } catch {
          now = null;
        }
        if (typeof now !== 'string') {
          if (params.back)
            this.recovered({
              emptied: false,
              why: 'Redis is back (whether it kept its data is checked again shortly)',
            });
          return;
        }
        const before = this.epoch;
        this.epoch = now;
        if (before !== null && before !== now)
          this.recovered({ emptied: true, why: params.back ? 'Redis came back empty' : 'Redis was found empty' });
        else if (params.back) this.recovered({ emptied: false, why: 'Redis is back with its data' });
      })
      .catch((error: unknown) => this.options.log.warn({ err: error }, 'a listener of Redis coming back failed'));
  }

  private recovered(event: RecoveredEvent): void {
    this.options.log.info(
      { emptied: event.emptied },
      event.emptied
        ? `${event.why}: sweeping to re-arm the wake-ups and recover the commands Redis lost`
        : `${event.why}: sweeping`,
    );
    for (const listener of this.recoveredListeners) listener(event);
  }

  private deliveryKey(delivery: string): string {
    return `${this.options.prefix}:delivery:${delivery}`;
  }

  /** Logs each loss and return of the connection once, not every reconnection attempt. */
  private watch(connection: Redis, name: string): void {
    let up = false;
    connection.on('ready', () => {
      up = true;
      this.options.log.info({ connection: name }, 'Redis connected');
    });
    connection.on('error', () => undefined);
    connection.on('close', () => {
      if (up)
        this.options.log.warn(
          { connection: name },
          'Redis connection lost: webhooks are answered with an error until it is back',
        );
      up = false;
    });
  }
}

function parseChange(message: string): ConfigChange | null {
  try {
    const value = JSON.parse(message) as Partial<ConfigChange>;
    if (
      (value.scope === 'repo' || value.scope === 'owner') &&
      typeof value.owner === 'string' &&
      typeof value.repo === 'string'
    )
      return { scope: value.scope, owner: value.owner, repo: value.repo };
  } catch {
    // Not ours: ignored.
  }
  return null;
}
