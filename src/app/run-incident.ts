import type { Intent, IntentOutcome } from '../domain/incident/intents.js';
import type { Trigger } from '../domain/incident/loaded-incident.js';
import type { IncidentSettings } from '../domain/incident/settings.js';
import { executeIntents, type WarnOnce } from '../github/execute.js';
import { incidentOf, loadIncident, withComments } from '../github/load-incident.js';
import type { IssueRef, Octokit } from '../github/octokit.js';
import { permissionOf } from '../github/permissions.js';
import { loadReportInputs } from '../github/report-inputs.js';
import { planIncident } from '../plan/plan-incident.js';
import { settle } from '../plan/settle.js';
import type { CrossRepoRule } from '../domain/trust/cross-repo-consent.js';
import type { ReportInputs, TargetInfo } from '../domain/incident/loaded-incident.js';
import type { Visibility } from '../domain/trust/visibility.js';
import { incidentKey } from '../domain/incident/incident-ref.js';
import { loadTargetConsent } from '../github/target-consent.js';
import { readStatusPageBranch } from '../github/status-page-branch.js';
import { visibilityIfVisible } from '../github/reports-repo.js';
import { triggerIssue } from '../domain/incident/trigger.js';
import type { StatusSeal } from '../domain/trust/status-seal.js';
import type { IndexRequest, IndexTrigger } from '../domain/reports/index-refresh.js';
import { ParsedReportCache } from '../runtime/parsed-report-cache.js';
import { runReportIndex, type IndexPassOutcome } from './run-report-index.js';
import { runMaintenance } from './run-maintenance.js';

/** Runs the reports-index pass for a request of this pass (`/incident stats`); the app keys and de-duplicates it. */
export type RefreshIndex = (params: { request: IndexRequest; trigger: IndexTrigger }) => Promise<IndexPassOutcome>;
import type { KnownStatusComment, StatusCommentMemo } from '../runtime/status-memo.js';
import { readCommandComment } from '../github/comments.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';

export interface PassResult {
  tracked: boolean;
  nextWakeAt: Date | null;
  /** Requests that wrote to GitHub (for logs and tests). */
  writes: number;
  /** Every write the pass made, or would make in a dry run, in order. */
  intents: Intent[];
  /** What became of each intent (the Action reports the report pull request's URL from it). */
  outcomes: ReadonlyMap<Intent, IntentOutcome>;
  /** A status refresh was held back (deferStatus) until then. */
  statusDeferredUntil?: Date;
  /** The pass was over a maintenance window (app/run-maintenance.ts), not an incident: counted apart. */
  maintenance?: boolean;
}

/** What every pass over one issue is given: the issue, why it runs, its settings, and the server's rules. */
export interface PassInputs {
  octokit: Octokit;
  ref: IssueRef;
  trigger: Trigger;
  settings: IncidentSettings;
  botLogin: string;
  now: Date;
  warnOnce?: WarnOnce;
  dryRun?: boolean;
  /** The server's INCIDENT_RESPONDER_ALLOW_CROSS_REPO pairs (writes into other repositories it allows). */
  serverRules?: readonly CrossRepoRule[];
  /** The Action's signing key (its `signing-key` input): the status comment is sealed and checked with it. */
  seal?: StatusSeal;
}

/**
 * One pass over one incident: load -> plan (pure) -> execute -> settle (pure) -> execute. Safe to run
 * any number of times: every write is found before it is made (markers) or compared before it is
 * repeated (the status comment's view key and metadata).
 */
export async function runIncident(
  params: PassInputs & {
    /** Where the status comment's id is remembered between passes (one request to find it, not a listing). */
    memo?: StatusCommentMemo;
    /**
     * Asked before a status refresh is written: a time to try again instead (warnings and replies of the
     * same installation are waiting, a newer pass of this incident is queued, the rate limit is low), or
     * null to write it now. Only a `refresh` waits: metadata a command or a tick changed is never held back.
     */
    deferStatus?: () => Date | null;
    /**
     * The reports-index pass for `/incident stats` (the app's runs it keyed per reports repository, with
     * its cooldown; the Action's, with the cooldown read from its replies); without it the pass runs here
     * directly, with no cooldown (the CLI, tests).
     */
    refreshIndex?: RefreshIndex;
    /** Set on the one pass run again because the status comment it trusted was gone. */
    again?: boolean;
  },
): Promise<PassResult> {
  const { octokit, ref, settings, now } = params;
  const key = incidentKey(incidentOf(ref));
  const trusted = params.memo?.keepsWritten === true && params.memo.get(key)?.written === true;
  const trigger = await withCurrentComment({ octokit, ref, trigger: params.trigger });
  const load = await loadIncident({
    octokit,
    ref,
    trigger,
    settings,
    botLogin: params.botLogin,
    memo: params.memo,
    seal: params.seal,
  });
  // Not an incident: perhaps a maintenance window of the status page, in this same job lane, with the issue as read.
  if ('notAnIncident' in load) return runMaintenance({ ...params, trigger, issue: load.issue });
  let loaded = load;
  const serverRules = params.serverRules ?? [];
  let reportInputs: ReportInputs | null = null;
  let plan = planIncident({ loaded, trigger, settings, now, serverRules });
  // What only some passes need, read when the plan asks for it: more comments (a report's timeline, the
  // warning safety net), the author's permission for the body's requests, other repositories' consent
  // and visibility, a due report's inputs.
  for (let round = 0; plan.needs && round < 4; round++) {
    const { needs } = plan;
    if (needs.comments) loaded = await withComments({ octokit, ref, loaded, scope: needs.comments });
    if (needs.statusPage) loaded = { ...loaded, statusPage: await readStatusPageBranch(octokit, needs.statusPage) };
    if (needs.authorPermission && loaded.authorPermission === undefined)
      loaded = { ...loaded, authorPermission: await permissionOf(octokit, ref, loaded.issue.author) };
    const missing = needs.targets.filter((t) => !loaded?.targets?.[t]);
    if (missing.length > 0) {
      const targets: Record<string, TargetInfo> = { ...loaded.targets };
      for (const target of missing) {
        const [owner = '', repo = ''] = target.split('/');
        targets[target] = {
          consent: await loadTargetConsent(octokit, { owner, repo }),
          visibility: await visibilityIfVisible(octokit, { owner, repo }),
        };
      }
      const sourceVisibility: Visibility | null =
        loaded.sourceVisibility !== undefined ? loaded.sourceVisibility : await visibilityIfVisible(octokit, ref);
      loaded = { ...loaded, targets, sourceVisibility };
    }
    if (needs.reportInputs && !reportInputs) {
      // The reports repository's visibility, when its consent was read in this pass, is not read again.
      const to = settings.reports.repo ? loaded.targets?.[settings.reports.repo]?.visibility : undefined;
      reportInputs = await loadReportInputs({
        octokit,
        ref,
        settings: settings.reports,
        known: { from: loaded.sourceVisibility, to },
      });
    }
    plan = planIncident({ loaded, trigger, settings, now, reportInputs, serverRules });
  }
  if (plan.needs) throw new Error(`the plan for ${incidentKey(incidentOf(ref))} still needs input after four reads`);
  const done = loaded;
  const execute = (intents: readonly Intent[]) =>
    executeIntents({
      octokit,
      ref,
      intents,
      incident: { id: done.issue.id, url: done.issue.htmlUrl },
      botLogin: done.botLogin,
      dryRun: params.dryRun,
      warnOnce: params.warnOnce,
      seal: params.seal,
    });
  // Until this pass has written the status comment after its other writes, what was remembered of it
  // no longer tells the whole story (a reply or a warning may be newer than it).
  if (plan.intents.length > 0) unwrite(params.memo, key);
  const first = await execute(plan.intents);
  // Index requests are not writes: each is its own pass (load -> plan -> execute), its outcome read by settle.
  const refreshIndex: RefreshIndex =
    params.refreshIndex ??
    ((p) =>
      runReportIndex({
        octokit,
        ...p,
        botLogin: done.botLogin,
        serverRules,
        cache: new ParsedReportCache(),
        dryRun: params.dryRun,
      }));
  for (const intent of plan.intents) {
    if (intent.kind !== 'refresh-index' || intent.origin.kind !== 'command') continue;
    const decision = intent.decision;
    // A dry run answers as if the refresh worked (the reply says "dry run"), as the executor does for writes.
    if (!decision.ok) first.outcomes.set(intent, { ok: false, status: null, message: decision.reason });
    else if (params.dryRun) first.outcomes.set(intent, { ok: true });
    else {
      const outcome = await refreshIndex({
        request: decision.refresh,
        trigger: { kind: 'command', incident: incidentKey(incidentOf(ref)), commentId: intent.origin.commentId },
      });
      first.outcomes.set(intent, outcome.ok ? { ok: true, index: outcome.index } : outcome);
    }
  }
  const settled = settle({ plan, outcomes: first.outcomes });
  let nextWakeAt = settled.nextWakeAt;
  let intents = settled.intents;
  const retryAt = intents.some((i) => i.kind === 'upsert-status' && i.refresh === true)
    ? (params.deferStatus?.() ?? null)
    : null;
  if (retryAt) {
    intents = intents.filter((i) => i.kind !== 'upsert-status');
    if (!nextWakeAt || retryAt < nextWakeAt) nextWakeAt = retryAt;
  }
  if (intents.length > 0) unwrite(params.memo, key);
  const second = await execute(intents);
  if (!params.dryRun)
    rememberStatus({
      memo: params.memo,
      key,
      intents,
      outcomes: second.outcomes,
      issueUrl: done.issue.htmlUrl,
      now,
      last: intents.at(-1),
      written: settled.metadata,
    });
  rememberIssue({ memo: params.memo, key, trigger, intents: [...plan.intents, ...intents], dryRun: params.dryRun });
  // The status comment this process wrote is gone (deleted, its webhook not seen yet): the pass runs once
  // more, as it would have had it read the comment first (it rebuilds it).
  const upsert = intents.find((i) => i.kind === 'upsert-status');
  const upserted = upsert ? second.outcomes.get(upsert) : undefined;
  if (trusted && !params.again && upserted && !upserted.ok && upserted.status === 404)
    return runIncident({ ...params, again: true });
  return {
    tracked: plan.tracked,
    nextWakeAt,
    writes: first.writes + second.writes,
    intents: [...plan.intents, ...intents],
    outcomes: new Map([...first.outcomes, ...second.outcomes]),
    ...(retryAt ? { statusDeferredUntil: retryAt } : {}),
  };
}

/**
 * The command comment as GitHub has it now (one read by id), never as the event or a queued job carried
 * it. Gone (deleted before the pass): the pass runs without it.
 */
async function withCurrentComment(params: { octokit: Octokit; ref: IssueRef; trigger: Trigger }): Promise<Trigger> {
  const { trigger } = params;
  if (trigger.kind !== 'comment') return trigger;
  const current = await readCommandComment(params.octokit, { ...params.ref, comment_id: trigger.comment.id });
  if (current) return { ...trigger, comment: current };
  const deletedComment = { id: trigger.comment.id, author: trigger.comment.author };
  return trigger.issue ? { kind: 'wake', issue: trigger.issue, deletedComment } : { kind: 'wake', deletedComment };
}

const ISSUE_WRITES = new Set<Intent['kind']>(['add-label', 'remove-label', 'assign', 'unassign', 'close']);

/**
 * A process alone keeps the issue as the newest event showed it, for its timer wakes; a pass that changed
 * the issue itself (labels, assignees, state) drops it, and the next wake reads the issue.
 */
function rememberIssue(params: {
  memo: StatusCommentMemo | undefined;
  key: string;
  trigger: Trigger;
  intents: readonly Intent[];
  dryRun: boolean | undefined;
}): void {
  const known = params.memo?.get(params.key);
  if (!params.memo?.keepsWritten || !known || params.dryRun) return;
  if (params.intents.some((i) => ISSUE_WRITES.has(i.kind))) {
    const { issue: _dropped, ...rest } = known;
    params.memo.set(params.key, rest);
  } else {
    const issue = triggerIssue(params.trigger);
    if (issue) params.memo.set(params.key, { ...known, issue: { etag: null, snapshot: issue } });
  }
}

function unwrite(memo: StatusCommentMemo | undefined, key: string): void {
  const known = memo?.get(key);
  if (memo && known?.written) memo.set(key, { ...known, written: false });
}

/**
 * After the status comment is written, what was written is what it holds: a process alone keeps it
 * (`written`, the next pass reads nothing) when that write was the pass's last; otherwise its ETag is
 * unknown and the next pass reads it in full by the id kept here. A refused write (the comment was
 * deleted) forgets it.
 */
function rememberStatus(params: {
  memo: StatusCommentMemo | undefined;
  key: string;
  intents: readonly Intent[];
  outcomes: ReadonlyMap<Intent, IntentOutcome>;
  issueUrl: string;
  now: Date;
  last: Intent | undefined;
  /**
   * The metadata the status comment's marker was rendered from (settle's), kept as is: parsing the marker
   * back (a zod parse, a fifth of a tick's own CPU) gives the same object, which
   * test/unit/status-comment-write.test.ts checks.
   */
  written: IncidentMetadata;
}): void {
  const { memo, key } = params;
  const upsert = params.intents.find((i) => i.kind === 'upsert-status');
  const outcome = upsert ? params.outcomes.get(upsert) : undefined;
  if (!memo || !upsert || !outcome) return;
  const issue = memo.get(key)?.issue;
  const keep = (value: KnownStatusComment): void => memo.set(key, issue ? { ...value, issue } : value);
  if (!outcome.ok || outcome.commentId === undefined) {
    if (!outcome.ok) keep({ id: 0, etag: null, status: null });
    return;
  }
  const id = outcome.commentId;
  const metadata = params.written;
  if (memo.keepsWritten && upsert === params.last && metadata.viewKey !== null)
    keep({
      id,
      etag: null,
      status: { id, htmlUrl: `${params.issueUrl}#issuecomment-${id}`, updatedAt: params.now.toISOString(), metadata },
      written: true,
    });
  else keep({ id, etag: null, status: null });
}
