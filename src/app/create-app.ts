import type { Probot } from 'probot';
import type { LoadedConfig } from '../config/load.js';
import { sweptLabels } from '../config/swept-labels.js';
import { incidentKey } from '../domain/incident/incident-ref.js';
import type { CrossRepoRule } from '../domain/trust/cross-repo-consent.js';
import { botLoginOf } from '../github/bot-login.js';
import { installationClients } from '../github/installation-clients.js';
import { issueSnapshot, type IssueLike } from '../github/issues.js';
import type { Octokit } from '../github/octokit.js';
import { octokitSweepSource } from '../github/sweep-source.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { ConfigCache } from '../runtime/config-cache.js';
import { createRuntime, type RedisSettings } from '../runtime/create-runtime.js';
import { PRIORITY, type KeyedQueue, type PushOptions } from '../runtime/job-queue.js';
import { RateBudget } from '../runtime/rate-budget.js';
import type { ConfigChange, IncidentRuntime, RuntimeHealth } from '../runtime/runtime.js';
import type { Scheduler } from '../runtime/scheduler.js';
import { InMemoryStatusCommentMemo } from '../runtime/status-memo.js';
import { Sweeper, type SweepItem } from '../runtime/sweep.js';
import { WritePacer, type WritePacing } from '../runtime/write-pacer.js';
import { EditBatches } from './edit-batch.js';
import type { PassRecord } from './incident-jobs.js';
import { instrumentOctokit } from './instrument-octokit.js';
import { onFirstUse } from './on-first-use.js';
import { warnOnceLogger } from './warn-once.js';
import { onWebhooks } from './webhooks.js';
import { workKey, type QueuedEvent, type Received, type Work } from './work.js';
import { noMetrics, type Metrics } from '../metrics/metrics.js';
import { countRequests } from '../github/request-metrics.js';

export type { PassRecord } from './incident-jobs.js';
import type { IntakeAnswer } from './alert-intake.js';
import type { AlertNotification } from '../domain/alerts/alert.js';
import { conditionalContents, ContentsEtags } from '../github/conditional-contents.js';
import { commandRecovery, DEFAULT_COMMAND_RECOVERY_MINUTES } from './command-recovery.js';

export interface AppOptions {
  /** Injected for tests and the simulator; the system clock otherwise. */
  clock?: Clock;
  /** The app's bot login (`slug[bot]`); looked up from GitHub once when absent. */
  botLogin?: string;
  /** Run the periodic sweep (default true; tests that count requests turn it off). */
  sweep?: boolean;
  sweepEveryMinutes?: number;
  sweepHorizonMinutes?: number;
  /**
   * How old a command comment a recovering sweep may still run when no pass handled it
   * (app/command-recovery.ts): without Redis the start-up sweep (a SIGKILL lost the queue); with Redis,
   * whose queue outlives a process, the sweep after Redis came back empty. 0 turns it off. Default 3 days
   * (COMMAND_RECOVERY_WINDOW).
   */
  commandRecoveryMinutes?: number;
  /** Share the runtime with other processes through Redis (REDIS_URL); in memory, for one process, when absent. */
  redis?: RedisSettings;
  /** Writes into other repositories the server allows without their consent (INCIDENT_RESPONDER_ALLOW_CROSS_REPO). */
  crossRepoRules?: readonly CrossRepoRule[];
  /**
   * Space each installation's writes by GitHub's guidance (runtime/write-pacer.ts), on the app's clock.
   * Default: on with the system clock, shared through Redis when there is one (runtime/shared-write-pacer.ts);
   * off with an injected clock (tests and the simulator settle on an idle queue, which paced writes on
   * virtual time would never reach).
   */
  pacing?: boolean;
  /**
   * Alone (no Redis), trust the status comment this process last wrote instead of reading it back (one
   * request per tick instead of two). On by default; false reads it back on every pass (a test's control).
   * With Redis it is off whatever this says: another process may have written the comment since.
   */
  trustOwnWrites?: boolean;
  /** Where the app counts what it does (the server's and the worker's /metrics); nothing by default. */
  metrics?: Metrics;
  /** Shadow mode (INCIDENT_RESPONDER_DRY_RUN): every pass runs, nothing is written, the intents are logged. */
  dryRun?: boolean;
  /** Called after each incident pass with what its log line says (the simulator collects them). */
  onPass?: (record: PassRecord) => void;
  /** Alone (no Redis): how long a burst of edits must pause before its jobs start (job-queue.ts; tests). */
  burstQuietMs?: number;
}

/** Configs are dropped by the pushes that change them; this bounds what a missed push webhook can cost. */
const CONFIG_SAFETY_TTL_MS = 6 * 3_600_000;
/** What a job the sweep starts usually costs: the status comment's read and one write. */
const SWEEP_JOB_COST = 2;

/** Handles exposed for tests, the simulator and the benchmark: they wait on the queue, read the scheduler. */
export interface AppRuntime {
  /** The jobs running in this process (with Redis: the ones this process's worker took). */
  queue: KeyedQueue;
  /** In memory: every armed incident. With Redis the wake-ups are delayed jobs and this stays empty. */
  scheduler: Scheduler;
  sweeper: Sweeper | null;
  configs: ConfigCache<LoadedConfig>;
  /** The runtime chosen by the factory (runtime/create-runtime.ts). */
  shared: IncidentRuntime<unknown>;
  /** Readiness for `/healthz`: false while Redis is unreachable. */
  ready(): RuntimeHealth;
  /** Readiness that also sees a hung Redis (a PING with a timeout); answers within about a second. */
  probe(): Promise<RuntimeHealth>;
  stop(): void;
  /** Stops and closes the Redis connections (the process can then exit). */
  close(): Promise<void>;
  /**
   * A clean stop: no more sweeps or wake-ups; the jobs in this process finish (in memory) or are handed
   * back (Redis: BullMQ's worker stops taking jobs, another process takes what was left); then close.
   * Waits at most `untilMs`; resolves with the jobs of this process left undone.
   */
  drain(untilMs: number): Promise<number>;
  /** The alert route's way in (server/alert-route.ts): consent checked, the notification queued per group. */
  alerts(request: { owner: string; repo: string; notification: AlertNotification }): Promise<IntakeAnswer>;
}

/**
 * Wires the runtime to Probot, against the one runtime interface (runtime/runtime.ts) whichever backend
 * the factory chose: webhooks go through the one intake and are only queued (webhooks.ts); jobs run one
 * per incident at a time (incident-jobs.ts); the sweep finds what no event brought. Returns the app
 * function and its runtime.
 */
export function createApp(options: AppOptions = {}): {
  app: (probot: Probot) => Promise<void>;
  runtime: () => AppRuntime;
} {
  let runtime: AppRuntime | undefined;

  const app = async (probot: Probot): Promise<void> => {
    const clock = options.clock ?? systemClock();
    const metrics = options.metrics ?? noMetrics;
    const dryRun = options.dryRun ?? false;
    const refreshWakes = new Set<string>();
    const armedAt = new Map<string, number>();
    const settledAt = new Map<string, number>();
    const shared = await createRuntime<Work>({
      clock,
      log: probot.log,
      redis: options.redis,
      placement: (work) => placementOf(work, refreshWakes),
      quietMs: options.burstQuietMs,
    });
    // Kept until a push changes the file (see webhooks.ts); the TTL is only a safety net.
    const configs = new ConfigCache<LoadedConfig>({ clock, ttlMs: CONFIG_SAFETY_TTL_MS });
    // When an entry expires, its files are asked for conditionally (unchanged: 304s, not counted).
    const contents = new ContentsEtags();
    // Alone (no Redis), the process keeps what it wrote to each status comment instead of reading it back.
    const statusComments = new InMemoryStatusCommentMemo({
      keepWritten: options.trustOwnWrites !== false && shared.backend === 'memory',
    });
    const local = (options.pacing ?? options.clock === undefined) ? new WritePacer({ clock }) : null;
    // With Redis the spacing is shared by every process (warnings first across them), this process's own
    // pacer standing in while Redis fails.
    const pacer = local ? shared.writePacer(local) : null;
    const budget = new RateBudget({ clock, log: probot.log });
    const edits = new EditBatches<QueuedEvent>();
    const installationOctokit = installationClients({ auth: (id: number) => probot.auth(id) });
    const botLogin = botLoginOf(probot, options.botLogin);
    const enqueue = (params: { work: Work; delivery?: string }): Promise<void> => {
      // A webhook's job carries when it was received (the webhook-to-job lag).
      const work: Work & Received = params.delivery
        ? { ...params.work, receivedAt: clock.now().getTime() }
        : params.work;
      return shared.enqueue({ key: workKey(work), work, delivery: params.delivery });
    };
    // The passes (the parser, the plan, the renderers, zod, js-yaml, markdown-it) load with the first
    // job, after Probot has answered the webhook that queued it: start-up loads only what answers one.
    const jobs = onFirstUse(async () =>
      (await import('./incident-jobs.js')).incidentJobs({
        probot,
        clock,
        runtime: shared,
        configs,
        statusComments,
        contents,
        pacer,
        budget,
        edits,
        installationOctokit,
        warnOnce: warnOnceLogger(probot.log),
        botLogin,
        crossRepoRules: options.crossRepoRules,
        refreshWakes,
        armedAt,
        settledAt,
        enqueue,
        metrics,
        dryRun,
        onPass: options.onPass,
      }),
    );
    shared.start(async (work) => (await jobs())(work));
    shared.onConfigChange((change: ConfigChange) =>
      change.scope === 'repo' ? configs.invalidate(change.owner, change.repo) : configs.invalidateOwner(change.owner),
    );
    if (!(await shared.connected()))
      probot.log.warn({}, 'Redis is not reachable yet: webhooks are answered with an error until it is');

    onWebhooks({ probot, clock, runtime: shared, edits, botLogin, enqueue, statusComments, metrics });

    const sweeper =
      options.sweep === false
        ? null
        : appSweeper({
            probot,
            installationOctokit,
            clock,
            options,
            configs,
            contents,
            pacer,
            budget,
            armedAt,
            settledAt,
            isArmed: (key) => shared.isArmed(key),
            enqueue,
            metrics,
            botLogin,
            recoverCommandsWithin: options.commandRecoveryMinutes ?? DEFAULT_COMMAND_RECOVERY_MINUTES,
            // Without Redis a SIGKILL lost the queue; with Redis the queue outlives a process.
            recoverCommandsAtStart: shared.backend === 'memory',
            // Registered before `startSweep` registers its own listener: every process that learns of the
            // emptying re-arms, so whichever takes the sweep lease next sweeps with recovery on.
            onRedisEmptied: (listener) =>
              shared.onRecovered((event) => {
                if (event.emptied) listener();
              }),
          });
    const stopSweep = sweeper
      ? shared.startSweep({ sweeper, everyMinutes: options.sweepEveryMinutes ?? 15, log: probot.log })
      : () => undefined;
    const priorityNames = new Map<number, string>(Object.entries(PRIORITY).map(([name, n]) => [n, name]));
    metrics.setSources({
      // The jobs waiting in this process (with Redis: the ones its worker took; the shared queue is not counted).
      queueDepth: () => {
        const depth: Record<string, number> = Object.fromEntries(Object.keys(PRIORITY).map((name) => [name, 0]));
        for (const [priority, count] of shared.local.waitingByPriority())
          depth[priorityNames.get(priority) ?? String(priority)] = count;
        return depth;
      },
      // In memory every armed incident; with Redis the wake-ups are delayed jobs there and this counts none.
      armed: () => shared.scheduler.size(),
      redis: () =>
        Object.fromEntries(
          Object.entries(shared.ready().redis ?? {}).flatMap(([name, state]) =>
            state === null ? [] : [[name, state === 'ready']],
          ),
        ),
    });
    const stop = (): void => {
      stopSweep();
      shared.stop();
    };
    const alertIntake = onFirstUse(async () =>
      (await import('./alert-intake.js')).createAlertIntake({
        probot,
        configs,
        clock,
        enqueue: (work) => enqueue({ work }),
      }),
    );
    runtime = {
      queue: shared.local,
      scheduler: shared.scheduler,
      sweeper,
      configs,
      shared: shared as IncidentRuntime<unknown>,
      ready: () => shared.ready(),
      probe: () => shared.probe(),
      stop,
      close: async () => {
        stop();
        await shared.close();
      },
      drain: async (untilMs) => {
        stop();
        const queue = shared.local;
        let timer: NodeJS.Timeout | undefined;
        const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, untilMs)));
        // With Redis, closing the worker waits for its active jobs and takes no new one.
        await Promise.race([Promise.all([queue.idle(), shared.close()]), bound]);
        clearTimeout(timer);
        const left = queue.size();
        if (left > 0) await shared.close().catch(() => undefined);
        return left;
      },
      alerts: async (request) => (await alertIntake())(request),
    };
  };

  return {
    app,
    runtime: () => {
      if (!runtime) throw new Error('the app has not been loaded into Probot yet');
      return runtime;
    },
  };
}

/** The config reader (js-yaml, zod), loaded by the first sweep that reads a repository's config. */
const repoConfig = onFirstUse(() => import('../github/config.js'));

/** Lanes per installation (one installation's backlog never holds another's work), urgent work first. */
function placementOf(work: Work, refreshWakes: ReadonlySet<string>): PushOptions {
  const priority =
    work.kind === 'comment' || work.kind === 'alert'
      ? PRIORITY.urgent
      : work.kind === 'run'
        ? work.refresh || refreshWakes.has(incidentKey(work.target))
          ? PRIORITY.refresh
          : PRIORITY.urgent
        : PRIORITY.normal;
  // A batch of edits may still grow (the rest of a burst joins it): it waits for the burst to pause.
  return { lane: String(work.target.installationId), priority, hold: work.kind === 'events' && work.joinable === true };
}

/** The periodic sweep: every incident no event brought, at most every `sweepEveryMinutes`. */
function appSweeper(params: {
  probot: Probot;
  /** The installations' long-lived clients (the jobs' too). */
  installationOctokit: (installationId: number) => Promise<Octokit>;
  clock: Clock;
  options: AppOptions;
  configs: ConfigCache<LoadedConfig>;
  contents: ContentsEtags;
  pacer: WritePacing | null;
  budget: RateBudget;
  armedAt: ReadonlyMap<string, number>;
  /** Incident -> when this process last handled it and it needed no wake (incident-jobs.ts). */
  settledAt: ReadonlyMap<string, number>;
  isArmed: (key: string) => Promise<boolean>;
  enqueue: (params: { work: Work }) => Promise<void>;
  metrics: Metrics;
  botLogin: () => Promise<string>;
  /** Minutes; 0: no sweep looks for unhandled commands (app/command-recovery.ts). */
  recoverCommandsWithin: number;
  /** The start-up sweep looks for them (no Redis); otherwise only a sweep after Redis came back empty. */
  recoverCommandsAtStart: boolean;
  /** Registers what to do when Redis is found emptied (never called without Redis). */
  onRedisEmptied: (listener: () => void) => void;
}): Sweeper {
  const { probot, clock, pacer, budget, armedAt, settledAt, metrics } = params;
  const instrument = instrumentOctokit({ metrics, pacer, budget, clock });
  const auth = async (installationId: number): Promise<Octokit> =>
    instrument(await params.installationOctokit(installationId), String(installationId));
  const config = (owner: string, repo: string, octokit: Octokit) =>
    params.configs.get(`${owner}/${repo}`, async () =>
      (await repoConfig()).loadRepoConfig(conditionalContents(octokit, params.contents), { owner, repo }),
    );
  const recovery = commandRecovery({
    clock,
    windowMinutes: params.recoverCommandsWithin,
    atStart: params.recoverCommandsAtStart,
    botLogin: params.botLogin,
    auth: (item) => auth(item.installationId),
    config: (item, octokit) => config(item.owner, item.repo, octokit),
    enqueue: params.enqueue,
    log: probot.log,
  });
  params.onRedisEmptied(() => recovery.rearm());
  type Listed = { owner: string; repo: string; number: number; updatedAt?: string };
  /** Listed in a state this process already handled (recorded in `seen`): nothing changed since. */
  const unchangedSince = (seen: ReadonlyMap<string, number>, item: Listed): boolean => {
    const at = seen.get(incidentKey(item));
    return item.updatedAt !== undefined && at !== undefined && Date.parse(item.updatedAt) <= at;
  };
  // Known and armed: the sweep has nothing to add (if Redis still holds the wake).
  const sweepKnows = (item: Listed): boolean => unchangedSince(armedAt, item);
  // Handled with nothing to wake for: the app's own comments move the issue's updated_at too (GitHub
  // does), so without this every incident the last sweep wrote to came back.
  const sweepSettled = (item: Listed): boolean => unchangedSince(settledAt, item);
  return new Sweeper({
    clock,
    source: octokitSweepSource(probot, {
      installation: auth,
      instrumentApp: (octokit) => countRequests({ octokit, installation: 'app', metrics }),
    }),
    skip: (id) => budget.isLow(String(id)),
    // Spread out, except while lost commands may be waiting (after a crash without Redis, or Redis emptied).
    spread: () => pacer !== null && !recovery.active(),
    cost: (item) => (sweepKnows(item) || sweepSettled(item) ? 0 : SWEEP_JOB_COST) + recovery.cost(item),
    everyMinutes: params.options.sweepEveryMinutes,
    horizonMinutes: params.options.sweepHorizonMinutes,
    // Maintenance windows too: a process that starts again re-arms their next phase change.
    labelsFor: async (owner, repo, installationId) =>
      sweptLabels((await config(owner, repo, await auth(installationId))).config),
    found: async (item) => {
      // Commands a SIGKILL lost are queued before the incident's refresh, oldest first. When that fails,
      // the refresh is still queued, then the error thrown: the sweep leaves the rest of the repository
      // and lists it in full next time, recovery still on.
      const lost = await recovery.recover(item).then(
        () => null,
        (error: unknown) => ({ error }),
      );
      await refresh(item);
      if (lost) throw lost.error;
    },
    log: probot.log,
    onStart: () => recovery.starting(),
    onSweep: (result) => {
      recovery.swept(result);
      metrics.sweepFinished(result);
    },
  });

  async function refresh(item: SweepItem): Promise<void> {
    // Known here, and still armed where wake-ups live: a flushed or replaced Redis lost its wake-ups
    // while this process remembers arming them, so Redis decides, not memory.
    if (sweepKnows(item) && (await params.isArmed(incidentKey(item)).catch(() => false))) return;
    if (sweepSettled(item)) return;
    const target = { owner: item.owner, repo: item.repo, number: item.number, installationId: item.installationId };
    // The issue as listed stands for it when it is newer than any state seen (a read saved).
    const updatedAt = item.updatedAt ? Date.parse(item.updatedAt) : null;
    const snapshot = item.issue ? issueSnapshot(item.issue as IssueLike) : null;
    const fresh = snapshot !== null && updatedAt !== null && (armedAt.get(incidentKey(target)) ?? -1) < updatedAt;
    params
      .enqueue({ work: { kind: 'run', target, refresh: true, ...(fresh && snapshot ? { issue: snapshot } : {}) } })
      .catch((error: unknown) =>
        probot.log.warn({ err: error, incident: incidentKey(target) }, 'sweep could not queue an incident'),
      );
  }
}
