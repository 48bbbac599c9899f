import { generateKeyPairSync } from 'node:crypto';
import { Probot } from 'probot';
import { unthrottledOctokit } from './unthrottled-octokit.js';
import { createApp, type AppOptions, type AppRuntime } from '../app/create-app.js';
import { VirtualClock } from './virtual-clock.js';
import { createSimulatorFetch } from './rest.js';
import { BOT_LOGIN, SimulatedGitHub, type WebhookEvent } from './state.js';

/** A throwaway key for the simulated app's JWTs; the simulator never checks signatures. */
let key: string | undefined;
function privateKey(): string {
  key ??= generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
  return key;
}

/** Deliveries the app's own writes cause, bounded so a feedback loop cannot spin forever. */
const MAX_FOLLOW_ON_DELIVERIES = 1_000;

/**
 * The real app (the same Probot app, runtime and handlers) wired to the simulated GitHub on a virtual
 * clock: webhooks go through `probot.receive`, API calls through the simulator's fetch.
 */
export class SimulatorHarness {
  readonly github: SimulatedGitHub;
  readonly clock: VirtualClock;
  probot!: Probot;
  runtime!: AppRuntime;
  /** Every delivery made, for redelivery and the transcript. */
  readonly delivered: WebhookEvent[] = [];

  private logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' = 'fatal';
  private pacing = false;
  private trustOwnWrites: boolean | undefined;
  private observe: Pick<AppOptions, 'metrics' | 'dryRun' | 'onPass' | 'burstQuietMs'> = {};

  private constructor(start: Date) {
    this.clock = new VirtualClock(start);
    this.github = new SimulatedGitHub(() => this.clock.now());
  }

  /** `pacing`: space writes on the virtual clock (then drive time with `advanceTo`: `settle` alone would wait forever). */
  static async create(params: {
    start: Date;
    sweep?: boolean;
    pacing?: boolean;
    /** The app's `trustOwnWrites` (the app's default, on, when absent: see AppOptions). */
    trustOwnWrites?: boolean;
    logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug';
    /** Counted where a test can scrape them (src/metrics/). */
    metrics?: AppOptions['metrics'];
    /** Shadow mode: passes run, nothing is written. */
    dryRun?: boolean;
    /** Each incident pass, as its log line says it. */
    onPass?: AppOptions['onPass'];
    /** How long a burst of edits must pause before its jobs start (the app's default when absent). */
    burstQuietMs?: number;
  }): Promise<SimulatorHarness> {
    const harness = new SimulatorHarness(params.start);
    harness.pacing = params.pacing ?? false;
    harness.trustOwnWrites = params.trustOwnWrites;
    harness.observe = {
      metrics: params.metrics,
      dryRun: params.dryRun,
      onPass: params.onPass,
      burstQuietMs: params.burstQuietMs,
    };
    harness.logLevel =
      params.logLevel ?? (process.env.SIMULATOR_LOG_LEVEL as typeof harness.logLevel | undefined) ?? 'fatal';
    await harness.boot(params.sweep ?? true, harness.logLevel);
    return harness;
  }

  private async boot(sweep: boolean, logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug'): Promise<void> {
    this.probot = new Probot({
      appId: 1,
      privateKey: privateKey(),
      secret: 'simulator',
      logLevel,
      Octokit: unthrottledOctokit(),
      request: { fetch: createSimulatorFetch(this.github) },
    });
    const { app, runtime } = createApp({
      clock: this.clock,
      botLogin: BOT_LOGIN,
      sweep,
      pacing: this.pacing,
      trustOwnWrites: this.trustOwnWrites,
      ...this.observe,
    });
    await this.probot.load(app);
    this.runtime = runtime();
    await this.settle();
  }

  /** Stops the app and starts a fresh one on the same GitHub: everything in memory is lost. */
  async restart(): Promise<void> {
    await this.settle();
    this.runtime.stop();
    await this.boot(this.runtime.sweeper !== null, this.logLevel);
  }

  /** Waits until the app is idle, delivering the webhooks its own writes caused. */
  async settle(): Promise<void> {
    for (let i = 0; i < MAX_FOLLOW_ON_DELIVERIES; i++) {
      await this.runtime.sweeper?.idle();
      await this.runtime.queue.idle();
      await new Promise((resolve) => setImmediate(resolve));
      const next = this.github.outbox.shift();
      if (!next) {
        if (this.runtime.queue.size() === 0) return;
        continue;
      }
      await this.deliver(next);
    }
    throw new Error('the app kept causing webhooks: stopped after 1,000 follow-on deliveries');
  }

  async deliver(event: WebhookEvent): Promise<void> {
    this.delivered.push(event);
    await this.probot.receive({ id: event.id, name: event.name, payload: event.payload } as Parameters<
      Probot['receive']
    >[0]);
    await this.runtime.queue.idle();
  }

  /** Moves virtual time forward, firing the app's timers at their times. */
  async advanceTo(to: Date): Promise<void> {
    await this.clock.advanceTo(to, () => this.settle());
  }
}
