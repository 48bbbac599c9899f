import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Probot, type ProbotOctokit } from 'probot';
import { startGitHubServer } from '../bench/github-server.js';
import { createApp, type AppRuntime } from '../../src/app/create-app.js';
import { unthrottledOctokit } from '../../src/simulator/unthrottled-octokit.js';
import { VirtualClock } from '../../src/simulator/virtual-clock.js';
import type { RedisRuntime } from '../../src/runtime/redis-runtime.js';
import { BOT_LOGIN, SimulatedGitHub, type WebhookEvent } from '../../src/simulator/state.js';
import type { RedisServer } from './redis-server.js';

const privateKey = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Instance {
  name: string;
  probot: Probot;
  runtime: AppRuntime;
  /** Null for the control group: an instance on the in-memory runtime. */
  shared: RedisRuntime<unknown> | null;
  stopped: boolean;
}

/**
 * Several app instances (each its own Probot, app and Redis runtime, as separate processes would have)
 * sharing one redis-server, against the GitHub simulator served over HTTP, on one virtual clock.
 * Webhooks go to the instances a test chooses; the webhooks the app's own writes cause go round-robin.
 */
export class RedisCluster {
  readonly clock: VirtualClock;
  readonly sim: SimulatedGitHub;
  readonly instances: Instance[] = [];
  /** Deliveries an instance answered with an error (GitHub keeps them for redelivery). */
  readonly failed: WebhookEvent[] = [];
  private readonly prefix = `ir-test-${randomUUID().slice(0, 8)}`;
  private github!: { url: string; close: () => Promise<void> };
  private next = 0;

  private constructor(
    readonly redis: RedisServer,
    start: Date,
  ) {
    this.clock = new VirtualClock(start);
    this.sim = new SimulatedGitHub(() => this.clock.now());
  }

  /** `memory`: the instances do not share Redis (each has the in-memory runtime), as before issue 14. */
  private memory = false;

  private sweepEveryMinutes: number | null = null;
  private commandRecoveryMinutes: number | undefined;
  /** The instances' Octokit class (default: no retries, no throttling). */
  private octokit: typeof ProbotOctokit = unthrottledOctokit();

  static async create(params: {
    redis: RedisServer;
    start: Date;
    instances: number;
    memory?: boolean;
    octokit?: typeof ProbotOctokit;
    /** Run the sweep (at start, when Redis comes back, and every `sweepEveryMinutes`). */
    sweepEveryMinutes?: number;
    /** COMMAND_RECOVERY_WINDOW in minutes (0: off); the app's default when absent. */
    commandRecoveryMinutes?: number;
  }): Promise<RedisCluster> {
    const cluster = new RedisCluster(params.redis, params.start);
    cluster.memory = params.memory ?? false;
    if (params.octokit) cluster.octokit = params.octokit;
    cluster.sweepEveryMinutes = params.sweepEveryMinutes ?? null;
    cluster.commandRecoveryMinutes = params.commandRecoveryMinutes;
    cluster.github = await startGitHubServer(cluster.sim);
    for (let i = 0; i < params.instances; i++) await cluster.addInstance();
    return cluster;
  }

  /** `worker: false`: a process that only answers webhooks (RUN_WORKER=false); its jobs wait in Redis. */
  async addInstance(params: { worker?: boolean } = {}): Promise<Instance> {
    const probot = new Probot({
      appId: 1,
      privateKey,
      secret: 'cluster',
      logLevel: (process.env.CLUSTER_LOG_LEVEL as 'fatal' | undefined) ?? 'fatal',
      baseUrl: this.github.url,
      Octokit: this.octokit,
    });
    // Short leases and job locks: a job caught by a Redis crash runs again within seconds.
    const { app, runtime } = createApp({
      clock: this.clock,
      botLogin: BOT_LOGIN,
      sweep: this.sweepEveryMinutes !== null,
      ...(this.sweepEveryMinutes !== null ? { sweepEveryMinutes: this.sweepEveryMinutes } : {}),
      ...(this.commandRecoveryMinutes !== undefined ? { commandRecoveryMinutes: this.commandRecoveryMinutes } : {}),
      redis: this.memory
        ? undefined
        : {
            url: this.redis.url,
            prefix: this.prefix,
            leaseMs: 3_000,
            lockDurationMs: 2_000,
            ...(params.worker === false ? { worker: false } : {}),
          },
    });
    await probot.load(app);
    const instance: Instance = {
      name: `app-${this.instances.length + 1}`,
      probot,
      runtime: runtime(),
      shared: this.memory ? null : (runtime().shared as RedisRuntime<unknown>),
      stopped: false,
    };
    this.instances.push(instance);
    return instance;
  }

  live(): Instance[] {
    return this.instances.filter((i) => !i.stopped);
  }

  /** Stops an instance as a deploy does: it finishes its jobs, then closes its connections. */
  async stopInstance(instance: Instance): Promise<void> {
    instance.stopped = true;
    await instance.runtime.queue.idle();
    await instance.runtime.close();
  }

  /** One delivery to the given instances (all at once); a failed answer is kept for redelivery. */
  async deliver(event: WebhookEvent, to: Instance[] = this.live()): Promise<void> {
    await Promise.all(
      to.map(async (instance) => {
        try {
          await instance.probot.receive({
            id: event.id,
            name: event.name,
            payload: structuredClone(event.payload),
          } as Parameters<Probot['receive']>[0]);
        } catch {
          this.failed.push(event);
        }
      }),
    );
  }

  /** GitHub's redelivery of every failed delivery, to the next live instance. */
  async redeliverFailed(): Promise<void> {
    const failed = this.failed.splice(0);
    for (const event of failed) await this.deliver(event, [this.roundRobin()]);
  }

  roundRobin(): Instance {
    const live = this.live();
    return live[this.next++ % live.length] as Instance;
  }

  /** Waits until no instance has work and Redis holds no job but wake-ups, delivering follow-on webhooks. */
  async settle(): Promise<void> {
    let quiet = 0;
    for (let i = 0; i < 3_000; i++) {
      await Promise.all(this.live().map((x) => x.runtime.queue.idle()));
      const event = this.sim.outbox.shift();
      if (event) {
        quiet = 0;
        await this.deliver(event, [this.roundRobin()]);
        continue;
      }
      const local = this.live().reduce((n, x) => n + x.runtime.queue.size(), 0);
      const pending =
        (await this.live()[0]
          ?.shared?.pending()
          .catch(() => 1)) ?? 0;
      if (local === 0 && pending === 0) {
        if (++quiet >= 3) return;
      } else {
        quiet = 0;
      }
      await sleep(20);
    }
    const counts = await this.live()[0]
      ?.shared?.pending()
      .catch((error: unknown) => String(error));
    throw new Error(
      `the cluster did not settle: ${String(counts)} jobs pending in Redis, ${this.live()
        .map((x) => x.runtime.queue.size())
        .join('/')} in the instances`,
    );
  }

  /** Moves virtual time to `to`, waking each armed incident at its time (the wake-ups are delayed jobs in Redis). */
  async advanceTo(to: Date): Promise<void> {
    if (this.memory) return this.clock.advanceTo(to, () => this.settle());
    for (let i = 0; i < 200; i++) {
      await this.settle();
      const shared = (this.live()[0] as Instance).shared as RedisRuntime<unknown>;
      const due = (await shared.armed()).map((a) => a.at.getTime()).filter((t) => t <= to.getTime());
      if (due.length === 0) break;
      await this.clock.advanceTo(new Date(Math.max(this.clock.now().getTime(), Math.min(...due))));
      await shared.promoteDue();
    }
    await this.clock.advanceTo(to);
    await this.settle();
  }

  async waitReady(): Promise<void> {
    for (let i = 0; i < 500; i++) {
      if (this.live().every((x) => x.runtime.ready().ready)) return;
      await sleep(20);
    }
    throw new Error('the instances did not get ready');
  }

  async close(): Promise<void> {
    for (const instance of this.live()) {
      instance.stopped = true;
      await instance.runtime.close();
    }
    await this.github.close();
  }
}
