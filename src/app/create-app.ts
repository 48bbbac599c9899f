import type { Context, Probot } from 'probot';
import type { LoadedConfig } from '../config/load.js';
import { cachedIncidentSettings } from '../config/incident-settings.js';
import { followUpRefOf } from '../domain/incident/follow-up-ref.js';
import { isCheckedPath } from '../domain/checks/check-run.js';
import { reportPullIncident } from '../domain/reports/report-index-target.js';
import type { IssueSnapshot } from '../domain/incident/incident-state.js';
import type { Trigger } from '../domain/incident/loaded-incident.js';
import { botLoginOf } from '../github/bot-login.js';
import { loadRepoConfig } from '../github/config.js';
import { issueSnapshot, type IssueLike } from '../github/issues.js';
import type { Octokit, RepoRef } from '../github/octokit.js';
import { octokitSweepSource } from '../github/sweep-source.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { ConfigCache, touchesConfig } from '../runtime/config-cache.js';
import { createRuntime, type RedisSettings } from '../runtime/create-runtime.js';
import type { KeyedQueue } from '../runtime/job-queue.js';
import { LeasedSweep } from '../runtime/leased-sweep.js';
import type { MemoryRuntime } from '../runtime/memory-runtime.js';
import type { RedisRuntime } from '../runtime/redis-runtime.js';
import type { ConfigChange, RuntimeHealth } from '../runtime/runtime.js';
import { Scheduler } from '../runtime/scheduler.js';
import { Sweeper } from '../runtime/sweep.js';
import { EditBatches } from './edit-batch.js';
import { refreshIndexAfterMerge } from './index-after-merge.js';
import { runIncident } from './run-incident.js';
import { checkChange } from './check-change.js';
import { warnOnceLogger } from './warn-once.js';
import type { CrossRepoRule } from '../domain/trust/cross-repo-consent.js';
import { paceOctokit } from '../github/paced-octokit.js';
import { PRIORITY, type PushOptions } from '../runtime/job-queue.js';
import { RateBudget } from '../runtime/rate-budget.js';
import { InMemoryStatusCommentMemo } from '../runtime/status-memo.js';
import { WRITE_SPACING_MS, WritePacer } from '../runtime/write-pacer.js';
import { noMetrics, type Metrics } from '../metrics/metrics.js';
import { countPassRequests, countRequests } from '../github/request-metrics.js';
import { summarizeIntent, warningLateness, type IntentSummary } from '../domain/incident/intent-summary.js';

export interface AppOptions {
  /** Injected for tests and the simulator; the system clock otherwise. */
  clock?: Clock;
  /** The app's bot login (`slug[bot]`); looked up from GitHub once when absent. */
  botLogin?: string;
  /** Run the periodic sweep (default true; tests that count requests turn it off). */
  sweep?: boolean;
  sweepEveryMinutes?: number;
  sweepHorizonMinutes?: number;
  /** Share the runtime with other processes through Redis (REDIS_URL); in memory, for one process, when absent. */
  redis?: RedisSettings;
  /** Writes into other repositories the server allows without their consent (INCIDENT_RESPONDER_ALLOW_CROSS_REPO). */
  crossRepoRules?: readonly CrossRepoRule[];
  /**
   * Space each installation's writes by GitHub's guidance (runtime/write-pacer.ts), on the app's clock.
   * Default: on with the system clock and without Redis (several processes share the throttling plugin's
   * spacing through Redis instead); off with an injected clock (tests and the simulator settle on an idle
   * queue, which paced writes on virtual time would never reach).
   */
  pacing?: boolean;
  /** Where the app counts what it does (the server's and the worker's /metrics); nothing by default. */
  metrics?: Metrics;
  /** Shadow mode (INCIDENT_RESPONDER_DRY_RUN): every pass runs, nothing is written, the intents are logged. */
  dryRun?: boolean;
  /** Called after each incident pass with what its log line says (the simulator collects them). */
  onPass?: (record: PassRecord) => void;
}

/** One incident pass, as its log line says it. */
export interface PassRecord {
  repository: string;
  issue: number;
  /** What started it: issue (an issue event), command, wake (a timer), follow-up, sweep. */
  trigger: string;
  /** Requests to GitHub, reads and writes (token requests left out). */
  requests: number;
  writes: number;
  durationMs: number;
  dryRun: boolean;
  /** The intents executed (or, in a dry run, that would have been). */
  intents: IntentSummary[];
}

/** Configs are dropped by the pushes that change them; this bounds what a missed push webhook can cost. */
const CONFIG_SAFETY_TTL_MS = 6 * 3_600_000;
/** How long a status refresh held back for warnings and replies waits before it is tried again. */
const REFRESH_RETRY_MS = 30_000;
/** What a job the sweep starts usually costs: the status comment's read and one write. */
const SWEEP_JOB_COST = 2;
const MAX_ARMED = 100_000;

/** Handles exposed for tests, the simulator and the benchmark: they wait on the queue, read the scheduler. */
export interface AppRuntime {
  /** The jobs running in this process (with Redis: the ones this process's worker took). */
  queue: KeyedQueue;
  /** In memory: every armed incident. With Redis the wake-ups are delayed jobs (`shared.armed()`) and this stays empty. */
  scheduler: Scheduler;
  sweeper: Sweeper | null;
  configs: ConfigCache<LoadedConfig>;
  /** The runtime chosen by the factory (runtime/create-runtime.ts). */
  shared: MemoryRuntime<unknown> | RedisRuntime<unknown>;
  /** Readiness for `/healthz`: false while Redis is unreachable. */
  ready(): RuntimeHealth;
  stop(): void;
  /** Stops and closes the Redis connections (the process can then exit). */
  close(): Promise<void>;
}

interface Tracked extends RepoRef {
  installationId: number;
  number: number;
}

const ISSUE_EVENTS = [
  'issues.opened',
  'issues.edited',
  'issues.labeled',
  'issues.unlabeled',
  'issues.closed',
  'issues.reopened',
  'issues.assigned',
  'issues.unassigned',
] as const;

/** An issue event waiting in the queue (plain data: with Redis, another process may run it). */
interface QueuedEvent {
  delivery: string;
  snapshot: IssueSnapshot;
  updatedAt: number | null;
  bodyFrom: string | null;
  opened: boolean;
  /** ISO time. */
  at: string;
  /** Who caused it (the webhook's sender): ticks and label-made facts are credited to them. */
  actor: string | null;
}

/** A job for one incident, as plain data. */
type Work =
  | { kind: 'events'; target: Tracked; events: QueuedEvent[] }
  | { kind: 'comment'; target: Tracked; delivery: string; at: string; comment: NonNullable<Trigger['comment']> }
  | { kind: 'run'; target: Tracked; followUp?: Trigger['followUp']; issue?: IssueSnapshot; refresh?: boolean }
  /** A report pull request of `target` (the incident) was merged into `reportsRepo`: refresh its index. */
  | { kind: 'index'; target: Tracked; reportsRepo: { owner: string; repo: string }; delivery: string }
  /**
   * A push or pull request (`target.number`: the pull request, 0 for a push) that may change the config or
   * a template: check them at `sha` and post a check run. `changed`: the push's paths (null: unknown).
   */
  | { kind: 'check'; target: Tracked; sha: string; changed: string[] | null; delivery: string };

/** When the webhook behind a job was received (ms), for the webhook-to-job lag; absent for timers and the sweep. */
type Received = { receivedAt?: number };

const keyOf = (t: { owner: string; repo: string; number: number }): string => `${t.owner}/${t.repo}#${t.number}`;
/** Index refreshes run one at a time per reports repository, apart from the incidents' jobs. */
const workKey = (work: Work): string =>
  work.kind === 'index'
    ? `index:${work.reportsRepo.owner}/${work.reportsRepo.repo}`
    : work.kind === 'check'
      ? `check:${work.target.owner}/${work.target.repo}@${work.sha}`
      : keyOf(work.target);

/**
 * The paths a push changed, or null when its payload cannot say (GitHub lists at most 20 commits in a push
 * webhook: https://docs.github.com/en/webhooks/webhook-events-and-payloads#push).
 */
const PUSH_COMMITS_LISTED = 20;
function changedPaths(
  commits: ReadonlyArray<{ added?: string[]; modified?: string[]; removed?: string[] }> | undefined,
): string[] | null {
  if (!commits || commits.length >= PUSH_COMMITS_LISTED) return null;
  return commits.flatMap((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])]);
}

/** A comment without a line starting with "/" holds no command (the prefix is configurable). Linear: one scan. */
function mayHoldCommand(body: string): boolean {
  for (const line of body.split('\n')) if (line.trimStart().startsWith('/')) return true;
  return false;
}

/**
 * Wires the runtime to Probot. Webhook handlers only enqueue (Probot answers GitHub at once); jobs for
 * one incident run one at a time; a delivery is remembered only once its job succeeded, so a failed
 * one can be redelivered. Returns the app function and its runtime.
 */
export function createApp(options: AppOptions = {}): {
  app: (probot: Probot) => Promise<void>;
  runtime: () => AppRuntime;
} {
  let runtime: AppRuntime | undefined;

  const app = async (probot: Probot): Promise<void> => {
    const clock = options.clock ?? systemClock();
    // Lanes per installation (one installation's backlog never holds another's work), urgent work first.
    const placement = (work: Work): PushOptions => ({
      lane: String(work.target.installationId),
      priority: priorityOf(work),
    });
    const refreshWakes = new Set<string>();
    /** Incident -> when this process last handled and armed it (bounded; forgetting costs one read). */
    const armedAt = new Map<string, number>();
    const priorityOf = (work: Work): number =>
      work.kind === 'comment'
        ? PRIORITY.urgent
        : work.kind === 'run'
          ? work.refresh || refreshWakes.has(keyOf(work.target))
            ? PRIORITY.refresh
            : PRIORITY.urgent
          : PRIORITY.normal;
    const shared = createRuntime<Work>({ clock, log: probot.log, redis: options.redis, placement });
    // Kept until a push changes the file (see the push handler); the TTL is only a safety net.
    const configs = new ConfigCache<LoadedConfig>({ clock, ttlMs: CONFIG_SAFETY_TTL_MS });
    const statusComments = new InMemoryStatusCommentMemo();
    const pacer =
      (options.pacing ?? (options.clock === undefined && options.redis === undefined))
        ? new WritePacer({ clock })
        : null;
    const budget = new RateBudget({ clock, log: probot.log });
    const edits = new EditBatches<QueuedEvent>();
    /** In memory, a job keeps the webhook's Octokit; work from Redis (or a timer) authenticates again. */
    const octokits = new WeakMap<Work, Octokit>();
    const warnOnce = warnOnceLogger(probot.log);
    const botLogin = botLoginOf(probot, options.botLogin);

    const metrics = options.metrics ?? noMetrics;
    const dryRun = options.dryRun ?? false;
    const instrument = (octokit: Octokit, lane: string): Octokit =>
      paceOctokit({
        octokit: countRequests({ octokit, installation: lane, metrics }),
        installation: lane,
        pacer,
        budget,
        clock,
      });

    const run = async (params: {
      target: Tracked;
      octokit: Octokit;
      trigger: Trigger;
      triggerName: string;
    }): Promise<void> => {
      const { target } = params;
      const key = keyOf(target);
      const lane = String(target.installationId);
      const octokit = instrument(params.octokit, lane);
      // A status refresh waits while this installation is low on its rate limit, or (in memory) has
      // warnings or replies to write or a newer pass of this incident queued.
      const deferStatus = (): Date | null => {
        if (budget.isLow(lane)) return budget.resetAt(lane);
        if (shared.backend !== 'memory') return null;
        const urgent = shared.queue.waitingIn(lane, PRIORITY.urgent);
        if (urgent === 0 && shared.queue.waitingBehind(key) === 0) return null;
        return new Date(
          clock.now().getTime() + Math.max(REFRESH_RETRY_MS, urgent * 2 * WRITE_SPACING_MS + REFRESH_RETRY_MS),
        );
      };
      const loaded = await configs.get(`${target.owner}/${target.repo}`, () => loadRepoConfig(octokit, target));
      const ref = { owner: target.owner, repo: target.repo, issue_number: target.number };
      const started = clock.now();
      const counter = { requests: 0, writes: 0 };
      const line = () => ({
        repository: `${target.owner}/${target.repo}`,
        issue: target.number,
        trigger: params.triggerName,
        requests: counter.requests,
        writes: counter.writes,
        durationMs: clock.now().getTime() - started.getTime(),
        dryRun,
      });
      let result: Awaited<ReturnType<typeof runIncident>>;
      try {
        result = await countPassRequests(counter, async () =>
          runIncident({
            octokit,
            ref,
            trigger: params.trigger,
            settings: cachedIncidentSettings(loaded),
            botLogin: await botLogin(),
            now: started,
            warnOnce,
            serverRules: options.crossRepoRules,
            memo: statusComments,
            deferStatus,
            dryRun,
          }),
        );
      } catch (error) {
        probot.log.warn({ ...line(), err: error }, 'incident pass failed (retried by a redelivery or the sweep)');
        throw error;
      }
      if (!dryRun)
        for (const ms of warningLateness({ intents: result.intents, outcomes: result.outcomes, postedAt: clock.now() }))
          metrics.warningPosted(ms);
      const done = result;
      const record: PassRecord = {
        ...line(),
        intents: result.intents.filter((i) => dryRun || done.outcomes.get(i)?.ok === true).map(summarizeIntent),
      };
      if (dryRun) for (const intent of result.intents) metrics.dryRunIntent(intent.kind);
      if (result.tracked || record.intents.length > 0)
        probot.log.info(
          record,
          dryRun && record.intents.length > 0 ? 'incident pass (dry run: nothing written)' : 'incident pass',
        );
      options.onPass?.(record);
      // A wake only for a held-back status refresh waits behind warnings and commands, never among them.
      if (result.statusDeferredUntil && result.nextWakeAt?.getTime() === result.statusDeferredUntil.getTime())
        refreshWakes.add(key);
      else refreshWakes.delete(key);
      await shared.arm({
        key: keyOf(target),
        at: result.tracked ? result.nextWakeAt : null,
        work: { kind: 'run', target },
      });
      // What this process has handled and armed: the sweep need not look at it again until it changes.
      if (result.tracked && result.nextWakeAt) {
        if (armedAt.size >= MAX_ARMED && !armedAt.has(key)) armedAt.clear();
        armedAt.set(key, clock.now().getTime());
      } else armedAt.delete(key);
    };

    /** Each job timed and counted (kind, outcome), with its lag behind the webhook that queued it. */
    const perform = async (work: Work & Received): Promise<void> => {
      const started = clock.now().getTime();
      metrics.jobStarted({
        kind: work.kind,
        lagMs: work.receivedAt === undefined ? null : started - work.receivedAt,
      });
      let outcome: 'ok' | 'error' = 'error';
      try {
        await performWork(work);
        outcome = 'ok';
      } finally {
        metrics.jobFinished({ kind: work.kind, outcome, durationMs: clock.now().getTime() - started });
      }
    };

    /** One job; the runtime runs one per incident at a time. Deliveries are remembered once it succeeded. */
    const performWork = async (work: Work): Promise<void> => {
      const { target } = work;
      const key = keyOf(target);
      if (work.kind === 'events') edits.close(key, work.events);
      const octokit = octokits.get(work) ?? ((await probot.auth(target.installationId)) as Octokit);
      if (work.kind === 'run')
        return run({
          target,
          octokit,
          trigger: work.followUp ? { followUp: work.followUp } : work.issue ? { issue: work.issue } : {},
          triggerName: work.followUp ? 'follow-up' : work.refresh ? 'sweep' : 'wake',
        });
      if (work.kind === 'check') {
        if (await shared.seen(work.delivery)) return;
        await checkChange({
          octokit: instrument(octokit, String(target.installationId)),
          repo: { owner: target.owner, repo: target.repo },
          headSha: work.sha,
          changed: work.changed,
          ...(target.number > 0 ? { pull: target.number } : {}),
          warnOnce,
          dryRun,
          log: probot.log,
        });
        return shared.remember([work.delivery]);
      }
      if (work.kind === 'index') {
        if (await shared.seen(work.delivery)) return;
        // Not through the config cache: this installation may not reach the incident's repository, and its
        // defaults must not stand in for that repository's config in the incident's own passes. Merges are rare.
        const loaded = await loadRepoConfig(octokit, target);
        const incident = `${target.owner}/${target.repo}#${target.number}`;
        await refreshIndexAfterMerge({
          octokit: instrument(octokit, String(target.installationId)),
          dryRun,
          reportsRepo: work.reportsRepo,
          incident,
          reports: cachedIncidentSettings(loaded).reports,
          botLogin: await botLogin(),
          warnOnce,
          log: probot.log,
        });
        return shared.remember([work.delivery]);
      }
      if (work.kind === 'comment') {
        if (await shared.seen(work.delivery)) return;
        await run({
          target,
          octokit,
          trigger: { at: new Date(work.at), comment: work.comment },
          triggerName: 'command',
        });
        return shared.remember([work.delivery]);
      }
      const fresh = new Set<string>();
      for (const e of work.events)
        if (!fresh.has(e.delivery) && !(await shared.seen(e.delivery))) fresh.add(e.delivery);
      const events = work.events.filter((e) => fresh.delete(e.delivery));
      const last = events.at(-1);
      if (!last) return;
      const trigger: Trigger = {
        bodyFrom: last.bodyFrom,
        opened: last.opened,
        at: new Date(last.at),
        ...(last.actor ? { actor: last.actor } : {}),
        earlierEdits: events
          .slice(0, -1)
          .flatMap((e) => (e.bodyFrom === null ? [] : [{ from: e.bodyFrom, to: e.snapshot.body, at: new Date(e.at) }])),
      };
      if (
        await shared.newestUsable(
          key,
          events.map((e) => e.updatedAt),
        )
      )
        trigger.issue = last.snapshot;
      await run({ target, octokit, trigger, triggerName: 'issue' });
      await shared.remember(events.map((e) => e.delivery));
    };
    shared.start(perform);
    shared.onConfigChange((change: ConfigChange) =>
      change.scope === 'repo' ? configs.invalidate(change.owner, change.repo) : configs.invalidateOwner(change.owner),
    );
    if (shared.backend === 'redis' && !(await shared.connected()))
      probot.log.warn({}, 'Redis is not reachable yet: webhooks are answered with an error until it is');

    const enqueue = (params: { work: Work; delivery?: string; octokit?: Octokit }): Promise<void> => {
      const work: Work & Received = params.delivery
        ? { ...params.work, receivedAt: clock.now().getTime() }
        : params.work;
      if (params.octokit) octokits.set(work, params.octokit);
      return shared.enqueue({ key: workKey(work), work, delivery: params.delivery });
    };

    probot.onAny((context) => metrics.webhookReceived(context.name));

    const onIssue = async (context: Context<(typeof ISSUE_EVENTS)[number]>): Promise<void> => {
      const payload = context.payload;
      const installationId = payload.installation?.id;
      if (installationId === undefined) return;
      if ((payload.action === 'closed' || payload.action === 'reopened') && payload.issue.user?.type === 'Bot') {
        // A follow-up issue the app opened changed state: update its incident's status comment.
        const ref = followUpRefOf(payload.issue.body);
        if (ref && payload.issue.user.login === (await botLogin())) {
          const followUp = {
            item: ref.item,
            state: payload.action === 'closed' ? ('closed' as const) : ('open' as const),
          };
          return enqueue({
            work: {
              kind: 'run',
              target: { owner: ref.owner, repo: ref.repo, number: ref.number, installationId },
              followUp,
            },
          });
        }
      }
      const target: Tracked = { ...context.repo(), number: payload.issue.number, installationId };
      const snapshot = issueSnapshot(payload.issue as IssueLike);
      if (!snapshot) return;
      const changes = (payload as { changes?: { body?: { from?: string } } }).changes;
      const updatedAt = Date.parse(payload.issue.updated_at ?? '');
      const event: QueuedEvent = {
        delivery: context.id,
        snapshot,
        updatedAt: Number.isFinite(updatedAt) ? updatedAt : null,
        bodyFrom: changes?.body?.from ?? null,
        opened: payload.action === 'opened',
        at: new Date(payload.issue.updated_at ?? clock.now()).toISOString(),
        actor: payload.sender?.login ?? null,
      };
      const key = keyOf(target);
      const isEdit = shared.joinable && payload.action === 'edited' && event.bodyFrom !== null;
      if (isEdit && edits.join(key, event)) {
        shared.joined();
        return;
      }
      const batch = edits.start(key, event, isEdit);
      return enqueue({
        work: { kind: 'events', target, events: batch },
        delivery: context.id,
        octokit: context.octokit as Octokit,
      });
    };
    probot.on([...ISSUE_EVENTS], onIssue);

    probot.on('issue_comment.created', async (context) => {
      const { payload } = context;
      const installationId = payload.installation?.id;
      // The app's own comments and other bots' never carry commands for it.
      if (installationId === undefined || payload.comment.user?.type === 'Bot' || payload.issue.pull_request) return;
      if (!mayHoldCommand(payload.comment.body ?? '')) return;
      const target: Tracked = { ...context.repo(), number: payload.issue.number, installationId };
      const comment = {
        id: payload.comment.id,
        body: payload.comment.body ?? '',
        author: payload.comment.user?.login ?? '',
        authorType: payload.comment.user?.type ?? 'User',
        createdAt: payload.comment.created_at,
      };
      // Edits after this comment must not be handled before it.
      edits.close(keyOf(target));
      return enqueue({
        work: { kind: 'comment', target, delivery: context.id, at: payload.comment.created_at, comment },
        delivery: context.id,
        octokit: context.octokit as Octokit,
      });
    });

    // A report pull request the app opened was merged: refresh the index of that reports repository
    // (one refresh at a time per reports repository; each compares before it writes).
    probot.on('pull_request.closed', async (context) => {
      const { payload } = context;
      const installationId = payload.installation?.id;
      if (installationId === undefined || !payload.pull_request.merged) return;
      const login = await botLogin();
      const incident = reportPullIncident({
        author: payload.pull_request.user?.login,
        body: payload.pull_request.body,
        botLogin: login,
      });
      if (!incident) return;
      const reportsRepo = context.repo();
      const target: Tracked = { owner: incident.owner, repo: incident.repo, number: incident.number, installationId };
      return enqueue({
        work: { kind: 'index', target, reportsRepo, delivery: context.id },
        delivery: context.id,
        octokit: context.octokit as Octokit,
      });
    });

    probot.on('push', async (context) => {
      const { payload } = context;
      const touched = touchesConfig(payload);
      const { owner, repo } = context.repo();
      // Every process drops its cached copy (this one through the same listener).
      if (touched === 'repo' || touched === 'owner') await shared.publishConfigChange({ scope: touched, owner, repo });
      // A change of the config or a template on the default branch is checked where it was made.
      const installationId = payload.installation?.id;
      if (
        installationId === undefined ||
        payload.deleted ||
        payload.ref !== `refs/heads/${payload.repository.default_branch}`
      )
        return;
      const changed = changedPaths(payload.commits);
      if (changed !== null && !changed.some(isCheckedPath)) return;
      return enqueue({
        work: {
          kind: 'check',
          target: { owner, repo, number: 0, installationId },
          sha: payload.after,
          changed,
          delivery: context.id,
        },
        delivery: context.id,
        octokit: context.octokit as Octokit,
      });
    });

    // A pull request whose files may change the config or a template: checked on its head commit.
    probot.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened'], async (context) => {
      const { payload } = context;
      const installationId = payload.installation?.id;
      if (installationId === undefined) return;
      const { owner, repo } = context.repo();
      return enqueue({
        work: {
          kind: 'check',
          target: { owner, repo, number: payload.pull_request.number, installationId },
          sha: payload.pull_request.head.sha,
          changed: null,
          delivery: context.id,
        },
        delivery: context.id,
        octokit: context.octokit as Octokit,
      });
    });

    // Known, armed, and listed in a state the app already handled: the sweep has nothing to add.
    const sweepKnows = (item: { owner: string; repo: string; number: number; updatedAt?: string }): boolean => {
      const seen = armedAt.get(keyOf(item));
      return item.updatedAt !== undefined && seen !== undefined && Date.parse(item.updatedAt) <= seen;
    };
    const sweeper =
      options.sweep === false
        ? null
        : new Sweeper({
            clock,
            source: octokitSweepSource(probot, {
              instrument: (octokit, id) => instrument(octokit, String(id)),
              instrumentApp: (octokit) => countRequests({ octokit, installation: 'app', metrics }),
            }),
            skip: (id) => budget.isLow(String(id)),
            spread: pacer !== null,
            cost: (item) => (sweepKnows(item) ? 0 : SWEEP_JOB_COST),
            everyMinutes: options.sweepEveryMinutes,
            horizonMinutes: options.sweepHorizonMinutes,
            labelsFor: async (owner, repo, installationId) => {
              const octokit = instrument((await probot.auth(installationId)) as Octokit, String(installationId));
              return (await configs.get(`${owner}/${repo}`, () => loadRepoConfig(octokit, { owner, repo }))).config
                .incident.labels;
            },
            found: (item) => {
              if (sweepKnows(item)) return;
              const target = {
                owner: item.owner,
                repo: item.repo,
                number: item.number,
                installationId: item.installationId,
              };
              // The issue as listed stands for it when it is newer than any state seen (a read saved).
              const updatedAt = item.updatedAt ? Date.parse(item.updatedAt) : null;
              const snapshot = item.issue ? issueSnapshot(item.issue as IssueLike) : null;
              const fresh = snapshot !== null && updatedAt !== null && (armedAt.get(keyOf(target)) ?? -1) < updatedAt;
              enqueue({
                work: { kind: 'run', target, refresh: true, ...(fresh && snapshot ? { issue: snapshot } : {}) },
              }).catch((error: unknown) =>
                probot.log.warn({ err: error, incident: keyOf(target) }, 'sweep could not queue an incident'),
              );
            },
            log: probot.log,
            onSweep: (result) => metrics.sweepFinished(result),
          });
    // With Redis, one process per interval sweeps (a lease); alone, the sweeper keeps its own timer.
    const leasedSweep =
      sweeper && shared.backend === 'redis'
        ? new LeasedSweep({
            clock,
            runtime: shared,
            sweeper,
            everyMinutes: options.sweepEveryMinutes ?? 15,
            log: probot.log,
          })
        : null;
    const priorityNames = new Map<number, string>(Object.entries(PRIORITY).map(([name, n]) => [n, name]));
    metrics.setSources({
      queueDepth: async () => {
        if (shared.backend === 'redis') return { shared: await shared.pending().catch(() => 0) };
        const depth: Record<string, number> = Object.fromEntries(Object.keys(PRIORITY).map((name) => [name, 0]));
        for (const [priority, count] of shared.queue.waitingByPriority())
          depth[priorityNames.get(priority) ?? String(priority)] = count;
        return depth;
      },
      armed: async () =>
        shared.backend === 'redis' ? (await shared.armed().catch(() => [])).length : shared.scheduler.size(),
      redis: () =>
        Object.fromEntries(
          Object.entries(shared.ready().redis ?? {}).flatMap(([name, state]) =>
            state === null ? [] : [[name, state === 'ready']],
          ),
        ),
    });
    if (leasedSweep) leasedSweep.start();
    else sweeper?.start();

    const stop = (): void => {
      leasedSweep?.stop();
      sweeper?.stop();
      if (shared.backend === 'memory') shared.scheduler.stop();
    };
    runtime = {
      queue: shared.backend === 'memory' ? shared.queue : shared.local,
      scheduler: shared.backend === 'memory' ? shared.scheduler : new Scheduler({ clock, wake: () => undefined }),
      sweeper,
      configs,
      shared: shared as MemoryRuntime<unknown> | RedisRuntime<unknown>,
      ready: () => shared.ready(),
      stop,
      close: async () => {
        stop();
        await shared.close();
      },
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
