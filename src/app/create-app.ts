import type { Context, Probot } from 'probot';
import type { LoadedConfig } from '../config/load.js';
import { cachedIncidentSettings } from '../config/incident-settings.js';
import { followUpRefOf } from '../domain/follow-up-ref.js';
import type { IssueSnapshot } from '../domain/incident-state.js';
import type { Trigger } from '../domain/loaded-incident.js';
import { botLoginOf } from '../github/bot-login.js';
import { loadRepoConfig } from '../github/config.js';
import { issueSnapshot, type IssueLike } from '../github/issues.js';
import type { Octokit, RepoRef } from '../github/octokit.js';
import { paceOctokit } from '../github/paced-octokit.js';
import { octokitSweepSource } from '../github/sweep-source.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { ConfigCache, touchesConfig } from '../runtime/config-cache.js';
import { DeliveryDedupe } from '../runtime/delivery-dedupe.js';
import { KeyedQueue, PRIORITY } from '../runtime/job-queue.js';
import { RateBudget } from '../runtime/rate-budget.js';
import { Scheduler } from '../runtime/scheduler.js';
import { InMemoryStatusCommentMemo } from '../runtime/status-memo.js';
import { WRITE_SPACING_MS, WritePacer } from '../runtime/write-pacer.js';
import { Sweeper } from '../runtime/sweep.js';
import { EditBatches } from './edit-batch.js';
import { NewestPayloads } from './newest-payload.js';
import { runIncident } from './run-incident.js';
import { warnOnceLogger } from './warn-once.js';

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
   * Space each installation's writes by GitHub's guidance (runtime/write-pacer.ts), on the app's clock.
   * Default: on with the system clock, off with an injected one (tests and the simulator settle on an
   * idle queue, which paced writes on virtual time would never reach).
   */
  pacing?: boolean;
}

/** Handles exposed for tests, the simulator and the benchmark: they wait on the queue, read the scheduler. */
export interface AppRuntime {
  queue: KeyedQueue;
  scheduler: Scheduler;
  sweeper: Sweeper | null;
  configs: ConfigCache<LoadedConfig>;
  stop(): void;
}

interface Tracked extends RepoRef {
  installationId: number;
  number: number;
}

const ISSUE_EVENTS = ['issues.opened', 'issues.edited', 'issues.labeled', 'issues.unlabeled', 'issues.closed', 'issues.reopened', 'issues.assigned', 'issues.unassigned'] as const;

/** An issue event waiting in the queue. */
interface QueuedEvent {
  delivery: string;
  snapshot: IssueSnapshot;
  updatedAt: number | null;
  bodyFrom: string | null;
  opened: boolean;
  at: Date;
}

/** Configs are dropped by the pushes that change them; this bounds what a missed push webhook can cost. */
const CONFIG_SAFETY_TTL_MS = 6 * 3_600_000;

const keyOf = (t: { owner: string; repo: string; number: number }): string => `${t.owner}/${t.repo}#${t.number}`;

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
export function createApp(options: AppOptions = {}): { app: (probot: Probot) => void; runtime: () => AppRuntime } {
  let runtime: AppRuntime | undefined;

  const app = (probot: Probot): void => {
    const clock = options.clock ?? systemClock();
    const queue = new KeyedQueue({ onError: (error, key) => probot.log.error({ err: error, incident: key }, 'incident job failed') });
    const dedupe = new DeliveryDedupe({ clock });
    // Kept until a push changes the file (see the push handler); the TTL is only a safety net.
    const configs = new ConfigCache<LoadedConfig>({ clock, ttlMs: CONFIG_SAFETY_TTL_MS });
    const statusComments = new InMemoryStatusCommentMemo();
    const pacer = (options.pacing ?? options.clock === undefined) ? new WritePacer({ clock }) : null;
    const budget = new RateBudget({ clock, log: probot.log });
    /** How long a status refresh held back for warnings and replies waits before it is tried again. */
    const REFRESH_RETRY_MS = 30_000;
    const tracked = new Map<string, Tracked>();
    const edits = new EditBatches<QueuedEvent>();
    const newest = new NewestPayloads();
    const warnOnce = warnOnceLogger(probot.log);
    const botLogin = botLoginOf(probot, options.botLogin);

    const run = async (params: { target: Tracked; octokit: Octokit; trigger: Trigger }): Promise<void> => {
      const { target } = params;
      const key = keyOf(target);
      const lane = String(target.installationId);
      const octokit = paceOctokit({ octokit: params.octokit, installation: lane, pacer, budget, clock });
      // A status refresh waits while this installation has warnings or replies to write (their jobs wait
      // for a slot), until about when they are written; the pacer already puts it after writes waiting.
      const deferStatus = (): Date | null => {
        if (budget.isLow(lane)) return budget.resetAt(lane);
        const urgent = queue.waitingIn(lane, PRIORITY.urgent);
        if (urgent === 0 && queue.waitingBehind(key) === 0) return null;
        return new Date(clock.now().getTime() + Math.max(REFRESH_RETRY_MS, urgent * 2 * WRITE_SPACING_MS + REFRESH_RETRY_MS));
      };
      const loaded = await configs.get(`${target.owner}/${target.repo}`, () => loadRepoConfig(octokit, target));
      const ref = { owner: target.owner, repo: target.repo, issue_number: target.number };
      const result = await runIncident({ octokit, ref, trigger: params.trigger, settings: cachedIncidentSettings(loaded), botLogin: await botLogin(), now: clock.now(), warnOnce, memo: statusComments, deferStatus });
      if (result.tracked && result.nextWakeAt) tracked.set(key, target);
      else tracked.delete(key);
      // A wake only for a held-back status refresh waits behind warnings and commands, never among them.
      if (result.statusDeferredUntil && result.nextWakeAt?.getTime() === result.statusDeferredUntil.getTime()) refreshWakes.add(key);
      else refreshWakes.delete(key);
      scheduler.arm(key, result.tracked ? result.nextWakeAt : null);
    };
    const runLater = (target: Tracked, trigger: Trigger = {}, priority: number = PRIORITY.urgent) =>
      void queue.push(keyOf(target), async () => run({ target, octokit: (await probot.auth(target.installationId)) as Octokit, trigger }), { lane: String(target.installationId), priority });

    const refreshWakes = new Set<string>();
    const scheduler = new Scheduler({
      clock,
      wake: (key) => {
        const target = tracked.get(key);
        if (target) runLater(target, {}, refreshWakes.has(key) ? PRIORITY.refresh : PRIORITY.urgent);
      },
    });

    const onIssue = async (context: Context<(typeof ISSUE_EVENTS)[number]>): Promise<void> => {
      const payload = context.payload;
      const installationId = payload.installation?.id;
      if (installationId === undefined) return;
      if ((payload.action === 'closed' || payload.action === 'reopened') && payload.issue.user?.type === 'Bot') {
        // A follow-up issue the app opened changed state: update its incident's status comment.
        const ref = followUpRefOf(payload.issue.body);
        if (ref && payload.issue.user.login === (await botLogin())) {
          const followUp = { item: ref.item, state: payload.action === 'closed' ? ('closed' as const) : ('open' as const) };
          runLater({ owner: ref.owner, repo: ref.repo, number: ref.number, installationId }, { followUp });
          return;
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
        at: new Date(payload.issue.updated_at ?? clock.now()),
      };
      const key = keyOf(target);
      const isEdit = payload.action === 'edited' && event.bodyFrom !== null;
      if (isEdit && edits.join(key, event)) {
        queue.joined();
        return;
      }
      const batch = edits.start(key, event, isEdit);
      void queue.push(key, async () => {
        edits.close(key, batch);
        const seen = new Set<string>();
        const events = batch.filter((e) => !dedupe.has(e.delivery) && !seen.has(e.delivery) && seen.add(e.delivery));
        const last = events.at(-1);
        if (!last) return;
        const trigger: Trigger = {
          bodyFrom: last.bodyFrom,
          opened: last.opened,
          at: last.at,
          earlierEdits: events.slice(0, -1).flatMap((e) => (e.bodyFrom === null ? [] : [{ from: e.bodyFrom, to: e.snapshot.body, at: e.at }])),
        };
        if (newest.usable(key, events.map((e) => e.updatedAt))) trigger.issue = last.snapshot;
        await run({ target, octokit: context.octokit as Octokit, trigger });
        for (const e of events) dedupe.remember(e.delivery);
      }, { lane: String(installationId), priority: PRIORITY.normal });
    };
    probot.on([...ISSUE_EVENTS], onIssue);

    probot.on('issue_comment.created', async (context) => {
      const { payload } = context;
      const installationId = payload.installation?.id;
      // The app's own comments and other bots' never carry commands for it.
      if (installationId === undefined || payload.comment.user?.type === 'Bot' || payload.issue.pull_request) return;
      if (!mayHoldCommand(payload.comment.body ?? '')) return;
      const target: Tracked = { ...context.repo(), number: payload.issue.number, installationId };
      const trigger: Trigger = {
        at: new Date(payload.comment.created_at),
        comment: { id: payload.comment.id, body: payload.comment.body ?? '', author: payload.comment.user?.login ?? '', authorType: payload.comment.user?.type ?? 'User', createdAt: payload.comment.created_at },
      };
      const delivery = context.id;
      // Edits after this comment must not be handled before it.
      edits.close(keyOf(target));
      void queue.push(keyOf(target), async () => {
        if (dedupe.has(delivery)) return;
        await run({ target, octokit: context.octokit as Octokit, trigger });
        dedupe.remember(delivery);
      }, { lane: String(installationId), priority: PRIORITY.urgent });
    });

    probot.on('push', async (context) => {
      const touched = touchesConfig(context.payload);
      const { owner, repo } = context.repo();
      if (touched === 'repo') configs.invalidate(owner, repo);
      if (touched === 'owner') configs.invalidateOwner(owner);
    });

    /** What a job the sweep starts usually costs: the status comment's read and one write. */
    const SWEEP_JOB_COST = 2;
    // Known, armed, and listed in a state the app already handled: the sweep has nothing to add.
    const sweepKnows = (item: { owner: string; repo: string; number: number; updatedAt?: string }): boolean => {
      const key = keyOf(item);
      const seen = newest.newestSeen(key);
      return item.updatedAt !== undefined && seen !== null && Date.parse(item.updatedAt) <= seen && tracked.has(key) && scheduler.nextWakeOf(key) !== null;
    };
    const sweeper =
      options.sweep === false
        ? null
        : new Sweeper({
            clock,
            source: octokitSweepSource(probot, { instrument: (octokit, id) => paceOctokit({ octokit, installation: String(id), pacer, budget, clock }) }),
            skip: (id) => budget.isLow(String(id)),
            everyMinutes: options.sweepEveryMinutes,
            horizonMinutes: options.sweepHorizonMinutes,
            labelsFor: async (owner, repo, installationId) => {
              const octokit = (await probot.auth(installationId)) as Octokit;
              return (await configs.get(`${owner}/${repo}`, () => loadRepoConfig(octokit, { owner, repo }))).config.incident.labels;
            },
            spread: pacer !== null,
            cost: (item) => (sweepKnows(item) ? 0 : SWEEP_JOB_COST),
            found: (item) => {
              if (sweepKnows(item)) return;
              const key = keyOf(item);
              const updatedAt = item.updatedAt ? Date.parse(item.updatedAt) : null;
              // The issue as listed stands for it when it is the newest state seen (a read saved).
              const snapshot = item.issue ? issueSnapshot(item.issue as IssueLike) : null;
              const trigger: Trigger = snapshot && newest.usable(key, [updatedAt]) ? { issue: snapshot } : {};
              runLater({ owner: item.owner, repo: item.repo, number: item.number, installationId: item.installationId }, trigger, PRIORITY.refresh);
            },
            log: probot.log,
          });
    sweeper?.start();

    runtime = {
      queue,
      scheduler,
      sweeper,
      configs,
      stop: () => {
        sweeper?.stop();
        scheduler.stop();
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
