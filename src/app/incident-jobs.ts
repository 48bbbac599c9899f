import type { Probot } from 'probot';
import { cachedIncidentSettings } from '../config/incident-settings.js';
import type { LoadedConfig } from '../config/load.js';
import { incidentKey } from '../domain/incident/incident-ref.js';
import type { Trigger } from '../domain/incident/trigger.js';
import type { CrossRepoRule } from '../domain/trust/cross-repo-consent.js';
import { loadRepoConfig } from '../github/config.js';
import type { Octokit } from '../github/octokit.js';
import { conditionalContents, type ContentsEtags } from '../github/conditional-contents.js';
import type { Clock } from '../runtime/clock.js';
import { ISSUE_TIME_RESOLUTION_MS } from '../runtime/newest-payload.js';
import type { ConfigCache } from '../runtime/config-cache.js';
import type { RateBudget } from '../runtime/rate-budget.js';
import type { IncidentRuntime } from '../runtime/runtime.js';
import type { StatusCommentMemo } from '../runtime/status-memo.js';
import { WRITE_SPACING_MS, type WritePacing } from '../runtime/write-pacer.js';
import type { EditBatches } from './edit-batch.js';
import { runAlert } from './run-alert.js';
import { runIncident, type RefreshIndex } from './run-incident.js';
import { runReportIndex, type IndexPassOutcome } from './run-report-index.js';
import { reportIndexTarget } from '../domain/reports/report-index-target.js';
import { CoalescedRuns } from '../runtime/coalesced-runs.js';
import { ParsedReportCache } from '../runtime/parsed-report-cache.js';
import type { WarnOnce } from '../github/execute.js';
import { eventsTrigger, runTrigger, type QueuedEvent, type Received, type Tracked, type Work } from './work.js';
import { checkChange } from './check-change.js';
import { instrumentOctokit } from './instrument-octokit.js';
import type { Metrics } from '../metrics/metrics.js';
import { countPassRequests, PassCounter } from '../github/request-metrics.js';
import { summarizeIntent, warningLateness, type IntentSummary } from '../domain/incident/intent-summary.js';

/** One incident pass, as its log line says it. */
export interface PassRecord {
  repository: string;
  issue: number;
  /** What started it: issue (an issue event), command, wake (a timer), follow-up, alert, sweep. */
  trigger: string;
  /** Requests to GitHub, reads and writes (token requests left out). */
  requests: number;
  writes: number;
  durationMs: number;
  dryRun: boolean;
  /** The intents executed (or, in a dry run, that would have been). */
  intents: IntentSummary[];
}

/** How long a status refresh held back for warnings and replies waits before it is tried again. */
const REFRESH_RETRY_MS = 30_000;
const MAX_ARMED = 100_000;
const ISSUE_WRITES = new Set(['add-label', 'remove-label', 'assign', 'unassign', 'close']);

/** Did the pass change the issue's labels, assignees or state? */
const changedIssue = (result: {
  intents: readonly { kind: string }[];
  outcomes: ReadonlyMap<unknown, { ok: boolean }>;
}) => result.intents.some((i) => ISSUE_WRITES.has(i.kind) && result.outcomes.get(i)?.ok === true);

/** What the jobs share with the rest of the app (created once in create-app.ts). */
export interface JobDeps {
  probot: Probot;
  clock: Clock;
  runtime: IncidentRuntime<Work>;
  configs: ConfigCache<LoadedConfig>;
  statusComments: StatusCommentMemo;
  /** ETags of config files: an expired cache entry is read again conditionally. */
  contents: ContentsEtags;
  pacer: WritePacing | null;
  budget: RateBudget;
  edits: EditBatches<QueuedEvent>;
  /** The installation's long-lived client (github/installation-clients.ts), not each webhook's own. */
  installationOctokit: (installationId: number) => Promise<Octokit>;
  warnOnce: WarnOnce;
  botLogin: () => Promise<string>;
  crossRepoRules?: readonly CrossRepoRule[];
  /** Incidents whose next wake is only a held-back status refresh (a lower priority). */
  refreshWakes: Set<string>;
  /** Incident -> when this process last handled and armed it (bounded; forgetting costs one read). */
  armedAt: Map<string, number>;
  /** Incident -> when this process last handled it and it needed no wake (bounded like armedAt). */
  settledAt: Map<string, number>;
  /** Queues more work (an alert's pass queues the incident's own pass). */
  enqueue: (params: { work: Work }) => Promise<void>;
  /** Where the app counts what it does (the server's and the worker's /metrics). */
  metrics: Metrics;
  /** Shadow mode: every pass runs, nothing is written, the intents are logged. */
  dryRun: boolean;
  /** Called after each incident pass with what its log line says (the simulator collects them). */
  onPass?: (record: PassRecord) => void;
}

/**
 * The job of one piece of work: one pass over one incident (or an index refresh), then the incident
 * armed for its next wake. The runtime runs one job per incident at a time; deliveries are remembered
 * once their job succeeded, so a failed one can be redelivered.
 */
export function incidentJobs(deps: JobDeps): (work: Work & Received) => Promise<void> {
  const { metrics, clock } = deps;
  const performWork = workRunner(deps);
  /** Each job timed and counted (kind, outcome), with its lag behind the webhook that queued it. */
  return async (work: Work & Received): Promise<void> => {
    const started = clock.now().getTime();
    metrics.jobStarted({ kind: work.kind, lagMs: work.receivedAt === undefined ? null : started - work.receivedAt });
    let outcome: 'ok' | 'error' = 'error';
    try {
      await performWork(work);
      outcome = 'ok';
    } finally {
      metrics.jobFinished({ kind: work.kind, outcome, durationMs: clock.now().getTime() - started });
    }
  };
}

function workRunner(deps: JobDeps): (work: Work) => Promise<void> {
  const { runtime } = deps;
  const refreshIndexWith = indexPassRunner(deps);
  const pass = passRunner(deps, refreshIndexWith);
  const instrument = instrumentOctokit(deps);
  return async (work: Work): Promise<void> => {
    const { target } = work;
    const key = incidentKey(target);
    if (work.kind === 'events') deps.edits.close(key, work.events);
    const octokit = await deps.installationOctokit(target.installationId);
    if (work.kind === 'run')
      return pass({
        target,
        octokit,
        trigger: runTrigger(work),
        triggerName: work.followUp ? 'follow-up' : work.alert ? 'alert' : work.refresh ? 'sweep' : 'wake',
      });
    if (work.kind === 'alert') return alertPass(deps, work, octokit);
    if (work.kind === 'check') {
      if (await runtime.seen(work.delivery)) return;
      await checkChange({
        octokit: instrument(octokit, String(target.installationId)),
        repo: { owner: target.owner, repo: target.repo },
        headSha: work.sha,
        changed: work.changed,
        ...(target.number > 0 ? { pull: target.number } : {}),
        warnOnce: deps.warnOnce,
        dryRun: deps.dryRun,
        log: deps.probot.log,
      });
      return runtime.remember([work.delivery]);
    }
    if (work.kind === 'index') {
      if (await runtime.seen(work.delivery)) return;
      // Not through the config cache: this installation may not reach the incident's repository, and its
      // defaults must not stand in for that repository's config in the incident's own passes. Merges are rare.
      const settings = cachedIncidentSettings(await loadRepoConfig(octokit, target));
      const where = `${work.reportsRepo.owner}/${work.reportsRepo.repo}`;
      const decision = reportIndexTarget({
        reports: settings.reports,
        optIn: settings.visibility,
        mergedInto: work.reportsRepo,
      });
      if (!decision.ok)
        deps.warnOnce(
          `index:${where}:${key}`,
          { reportsRepo: where, incident: key },
          `the index is not refreshed after the merge of ${key}'s report: ${decision.reason}`,
        );
      else {
        const outcome = await refreshIndexWith(instrument(octokit, String(target.installationId)))({
          request: decision.refresh,
          trigger: { kind: 'merge', incident: key },
        });
        if (outcome.ok)
          deps.probot.log.info(
            { reportsRepo: where, change: outcome.index.change, pull: outcome.index.pull?.number ?? null },
            'reports index refreshed',
          );
        else
          deps.warnOnce(
            `index:${where}`,
            { reportsRepo: where, status: outcome.status },
            `cannot refresh the reports index: ${outcome.message}`,
          );
      }
      return runtime.remember([work.delivery]);
    }
    if (work.kind === 'comment') {
      if (await runtime.seen(work.delivery)) return;
      const issue =
        work.issue &&
        (await runtime.newestUsable(key, [{ at: work.updatedAt ?? null, bodyFrom: null, body: work.issue.body }]))
          ? work.issue
          : undefined;
      await pass({
        target,
        octokit,
        trigger: { kind: 'comment', at: new Date(work.at), comment: work.comment, ...(issue ? { issue } : {}) },
        triggerName: 'command',
      });
      return runtime.remember([work.delivery]);
    }
    const fresh = new Set<string>();
    for (const e of work.events) if (!fresh.has(e.delivery) && !(await runtime.seen(e.delivery))) fresh.add(e.delivery);
    const events = work.events.filter((e) => fresh.delete(e.delivery));
    const last = events.at(-1);
    if (!last) return;
    const newest = await runtime.newestUsable(
      key,
      events.map((e) => ({ at: e.updatedAt, bodyFrom: e.bodyFrom, body: e.snapshot.body })),
    );
    const trigger = eventsTrigger(events, newest ? last.snapshot : undefined);
    if (!trigger) return;
    await pass({ target, octokit, trigger, triggerName: 'issue' });
    await runtime.remember(events.map((e) => e.delivery));
  };
}

/**
 * The reports-index pass: parsed reports kept by blob id, one run at a time per reports repository
 * (triggers arriving meanwhile share one follow-up run), a command's refresh behind the shared cooldown.
 */
function indexPassRunner(deps: JobDeps): (octokit: Octokit) => RefreshIndex {
  const parsedReports = new ParsedReportCache();
  const indexRuns = new CoalescedRuns<IndexPassOutcome>();
  return (octokit) =>
    async ({ request, trigger }) => {
      const login = await deps.botLogin();
      return indexRuns.run(`${request.target.owner}/${request.target.repo}`.toLowerCase(), () =>
        runReportIndex({
          octokit,
          request,
          trigger,
          botLogin: login,
          serverRules: deps.crossRepoRules ?? [],
          cache: parsedReports,
          cooldowns: deps.runtime,
        }),
      );
    };
}

/** One pass over one incident, then its next wake armed. */
function passRunner(deps: JobDeps, refreshIndexWith: (octokit: Octokit) => RefreshIndex) {
  const { runtime, clock, budget, metrics, dryRun } = deps;
  const instrument = instrumentOctokit(deps);
  return async (params: {
    target: Tracked;
    octokit: Octokit;
    trigger: Trigger;
    triggerName: string;
  }): Promise<void> => {
    const { target } = params;
    const key = incidentKey(target);
    const lane = String(target.installationId);
    const octokit = instrument(params.octokit, lane);
    // A status refresh waits while this installation is low on its rate limit, or has warnings or replies
    // to write or a newer pass of this incident queued in this process.
    const deferStatus = (): Date | null => {
      if (budget.isLow(lane)) return budget.resetAt(lane);
      const ahead = runtime.waitingAhead({ lane, key });
      if (ahead === null || (ahead.urgent === 0 && ahead.behind === 0)) return null;
      return new Date(
        clock.now().getTime() + Math.max(REFRESH_RETRY_MS, ahead.urgent * 2 * WRITE_SPACING_MS + REFRESH_RETRY_MS),
      );
    };
    const loaded = await deps.configs.get(`${target.owner}/${target.repo}`, () =>
      loadRepoConfig(conditionalContents(octokit, deps.contents), target),
    );
    const started = clock.now();
    const counter = new PassCounter();
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
      result = await countPassRequests({ counter, octokit }, async (passOctokit) =>
        runIncident({
          octokit: passOctokit,
          ref: { owner: target.owner, repo: target.repo, issue_number: target.number },
          trigger: params.trigger,
          settings: cachedIncidentSettings(loaded),
          botLogin: await deps.botLogin(),
          now: started,
          warnOnce: deps.warnOnce,
          serverRules: deps.crossRepoRules,
          memo: deps.statusComments,
          deferStatus,
          refreshIndex: refreshIndexWith(passOctokit),
          dryRun,
        }),
      );
    } catch (error) {
      deps.probot.log.warn({ ...line(), err: error }, 'incident pass failed (retried by a redelivery or the sweep)');
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
      deps.probot.log.info(
        record,
        dryRun && record.intents.length > 0 ? 'incident pass (dry run: nothing written)' : 'incident pass',
      );
    deps.onPass?.(record);
    // A wake only for a held-back status refresh waits behind warnings and commands, never among them.
    if (result.statusDeferredUntil && result.nextWakeAt?.getTime() === result.statusDeferredUntil.getTime())
      deps.refreshWakes.add(key);
    else deps.refreshWakes.delete(key);
    // The app's own label, assignee and state changes start no pass (webhooks.ts); an event payload as
    // old as them must not stand for the issue (GitHub's `updated_at` has whole seconds).
    if (changedIssue(result))
      await runtime.newestUsable(key, [
        { at: clock.now().getTime() + ISSUE_TIME_RESOLUTION_MS, bodyFrom: null, body: null },
      ]);
    await runtime.arm({ key, at: result.tracked ? result.nextWakeAt : null, work: { kind: 'run', target } });
    // What this process has handled and armed: the sweep need not look at it again until it changes.
    if (result.tracked && result.nextWakeAt) {
      if (deps.armedAt.size >= MAX_ARMED && !deps.armedAt.has(key)) deps.armedAt.clear();
      deps.armedAt.set(key, clock.now().getTime());
      deps.settledAt.delete(key);
    } else {
      deps.armedAt.delete(key);
      if (!result.tracked) deps.settledAt.delete(key);
      else {
        if (deps.settledAt.size >= MAX_ARMED && !deps.settledAt.has(key)) deps.settledAt.clear();
        deps.settledAt.set(key, clock.now().getTime());
      }
    }
  };
}

/** An alert group's pass opens or finds the incident; the incident's own pass (serialised per issue) folds it in. */
async function alertPass(deps: JobDeps, work: Extract<Work, { kind: 'alert' }>, octokit: Octokit): Promise<void> {
  const { target } = work;
  const loaded = await deps.configs.get(`${target.owner}/${target.repo}`, () => loadRepoConfig(octokit, target));
  const lane = String(target.installationId);
  const result = await runAlert({
    octokit: instrumentOctokit(deps)(octokit, lane),
    repo: { owner: target.owner, repo: target.repo },
    notification: work.notification,
    loaded,
    botLogin: await deps.botLogin(),
    dryRun: deps.dryRun,
  });
  if (result.kind === 'refused' || result.kind === 'ignored')
    deps.probot.log.info(
      { repo: `${target.owner}/${target.repo}` },
      `alert not applied: ${result.kind === 'refused' ? result.message : result.why}`,
    );
  if (result.kind !== 'opened' && result.kind !== 'folded') return;
  return deps.enqueue({
    work: {
      kind: 'run',
      target: { ...target, number: result.number },
      alert: result.trigger.alert,
      ...(result.trigger.issue ? { issue: result.trigger.issue } : {}),
      ...(result.trigger.opened ? { opened: true } : {}),
    },
  });
}
