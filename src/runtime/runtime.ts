import type { KeyedQueue } from './job-queue.js';
import type { PayloadStamp } from './newest-payload.js';
import type { Scheduler } from './scheduler.js';
import type { Sweeper } from './sweep.js';
import type { WritePacing } from './write-pacer.js';

/**
 * What the app needs from its runtime, whether it runs alone (in memory) or as one of many processes
 * sharing Redis (issue 14). The app describes work as plain data (`W`, JSON-safe) so that any process
 * may run it; the runtime decides where and when, never two jobs of one incident at once.
 */

/** A change of `.github/incident.yml` seen in a push: every process drops its cached config. */
export interface ConfigChange {
  scope: 'repo' | 'owner';
  owner: string;
  repo: string;
}

/** What readiness reports (the server's `/healthz` calls `ready()`). */
export interface RuntimeHealth {
  /** False while the runtime cannot accept webhooks (Redis unreachable): answer 503. */
  ready: boolean;
  backend: 'memory' | 'redis';
  /** Redis only: the connection states of the producer, the worker and the subscriber. */
  redis?: { producer: string; worker: string | null; subscriber: string };
  /** A sentence for logs and the readiness body when not ready. */
  problem?: string;
}

/** Redis back after a loss, or found empty (redis-runtime.ts). */
export interface RecoveredEvent {
  /** What Redis held is gone (restarted without its data, flushed): queued jobs and wake-ups too. */
  emptied: boolean;
  /** For the logs. */
  why: string;
}

export interface IncidentRuntime<W> {
  readonly backend: 'memory' | 'redis';
  /** The jobs running in this process (tests, the simulator and the benchmark wait on it). */
  readonly local: KeyedQueue;
  /** The timers of incidents armed in this process: every armed incident in memory; empty when wake-ups are shared (Redis delayed jobs). */
  readonly scheduler: Scheduler;
  /**
   * The write pacing of this process: alone, its own pacer; with Redis, pacing shared by every process
   * (runtime/shared-write-pacer.ts), this process's own standing in while Redis fails.
   */
  writePacer(local: WritePacing): WritePacing;
  /** Readiness that also sees a hung Redis (a PING with a timeout); answers within about a second. */
  probe(): Promise<RuntimeHealth>;
  /** Whether the incident's wake-up is still armed where wake-ups live (memory: this process remembers it). */
  isArmed(key: string): Promise<boolean>;
  /**
   * Work waiting in this process ahead of a status refresh for `key` in `lane`: the lane's urgent jobs
   * and newer passes of the incident. Null when work leaves the process as it is queued (nothing to tell).
   */
  waitingAhead(params: { lane: string; key: string }): { urgent: number; behind: number } | null;
  /** True once the runtime can take work (at once in memory); false after a bounded wait. */
  connected(): Promise<boolean>;
  /**
   * Starts the sweep as this runtime shares it: alone, on the sweeper's own timer; shared, every process
   * ticks and the one holding the interval's lease sweeps. Returns how to stop it.
   */
  /**
   * Told when the shared store comes back after a loss or is found empty, before the sweep this starts
   * lists anything. Never in memory: what this process holds is lost only with the process.
   */
  onRecovered(listener: (event: RecoveredEvent) => void): void;
  startSweep(params: {
    sweeper: Sweeper;
    everyMinutes: number;
    log?: { warn(obj: object, msg: string): void };
  }): () => void;
  /** Stops this process's timers (`close` also closes connections). */
  stop(): void;
  /**
   * Work queued in this process can still be joined (a burst of edits joins the waiting job). False
   * when work leaves the process as soon as it is queued.
   */
  readonly joinable: boolean;
  /** Work joined the job still waiting for incident `key` in this process (see `joinable`): a burst is still arriving. */
  joined(key: string): void;
  /** Starts handing work to `perform`: one incident at a time, across every process sharing the runtime. */
  start(perform: (work: W) => Promise<void>): void;
  /**
   * Queues work for the incident `key`. Resolves once the work is safely queued; rejects when it cannot
   * be (Redis down): the webhook is then answered with an error and GitHub can redeliver it. Work with
   * the `delivery` of work already queued is dropped.
   */
  enqueue(params: { key: string; work: W; delivery?: string }): Promise<void>;
  /** Queues `work` for `key` at `at`, replacing the incident's earlier wake-up; null disarms. */
  arm(params: { key: string; at: Date | null; work: W }): Promise<void>;
  /** Delivery de-duplication: a delivery is remembered only once its job succeeded. */
  seen(delivery: string): Promise<boolean>;
  remember(deliveries: readonly string[]): Promise<void>;
  /**
   * Whether the last of a batch's payloads may stand for the issue: newer than anything seen for the
   * incident, or the same second's body edits continued in order (see newest-payload.ts). Called while the
   * incident's job runs.
   */
  newestUsable(key: string, stamps: readonly PayloadStamp[]): Promise<boolean>;
  /** Tells every process (this one included) that a config changed. */
  publishConfigChange(change: ConfigChange): Promise<void>;
  onConfigChange(listener: (change: ConfigChange) => void): void;
  /**
   * Claims `key` for `ms` unless it is already claimed: a cooldown shared by every process (the reports
   * index's `/incident stats` cooldown per reports repository). Atomic, so two claims at once make one winner.
   */
  claimCooldown(params: { key: string; ms: number }): Promise<{ claimed: true } | { claimed: false; until: Date }>;
  /** Gives a claim back (the work it guarded was refused, so the next try should not wait). */
  releaseCooldown(key: string): Promise<void>;
  /** Runs `sweep` unless another process holds the sweep lease for this interval; false when skipped. */
  withSweepLease(params: { everyMs: number; sweep: () => Promise<unknown> }): Promise<boolean>;
  ready(): RuntimeHealth;
  close(): Promise<void>;
}
