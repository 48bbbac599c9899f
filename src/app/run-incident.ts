import type { Intent, IntentOutcome } from '../domain/incident/intents.js';
import type { Trigger } from '../domain/incident/loaded-incident.js';
import type { IncidentSettings } from '../domain/incident/settings.js';
import { executeIntents, type WarnOnce } from '../github/execute.js';
import { incidentKey, loadIncident, withComments } from '../github/load-incident.js';
import type { IssueRef, Octokit } from '../github/octokit.js';
import { permissionOf } from '../github/permissions.js';
import { loadReportInputs } from '../github/report-inputs.js';
import { planIncident } from '../plan/plan-incident.js';
import { settle } from '../plan/settle.js';
import type { CrossRepoRule } from '../domain/trust/cross-repo-consent.js';
import type { ReportInputs, TargetInfo, Visibility } from '../domain/incident/loaded-incident.js';
import { loadTargetConsent } from '../github/target-consent.js';
import { readStatusPageBranch } from '../github/status-page-branch.js';
import { visibilityIfVisible } from '../github/reports-repo.js';
import type { StatusCommentMemo } from '../runtime/status-memo.js';
import type { StatusSeal } from '../domain/trust/status-seal.js';

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
}

/**
 * One pass over one incident: load -> plan (pure) -> execute -> settle (pure) -> execute. Safe to run
 * any number of times: every write is found before it is made (markers) or compared before it is
 * repeated (the status comment's view key and metadata).
 */
export async function runIncident(params: {
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
  /** Where the status comment's id is remembered between passes (one request to find it, not a listing). */
  memo?: StatusCommentMemo;
  /**
   * Asked before a status refresh is written: a time to try again instead (warnings and replies of the
   * same installation are waiting, a newer pass of this incident is queued, the rate limit is low), or
   * null to write it now. Only a `refresh` waits: metadata a command or a tick changed is never held back.
   */
  deferStatus?: () => Date | null;
  /** The Action's signing key (its `signing-key` input): the status comment is sealed and checked with it. */
  seal?: StatusSeal;
}): Promise<PassResult> {
  const { octokit, ref, trigger, settings, now } = params;
  let loaded = await loadIncident({
    octokit,
    ref,
    trigger,
    settings,
    botLogin: params.botLogin,
    memo: params.memo,
    seal: params.seal,
  });
  if (!loaded) return { tracked: false, nextWakeAt: null, writes: 0, intents: [], outcomes: new Map() };
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
  if (plan.needs)
    throw new Error(`the plan for ${ref.owner}/${ref.repo}#${ref.issue_number} still needs input after four reads`);
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
  const first = await execute(plan.intents);
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
  const second = await execute(intents);
  if (!params.dryRun) rememberStatus({ memo: params.memo, key: incidentKey(ref), intents, outcomes: second.outcomes });
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
 * After the status comment is written its ETag is unknown, so the next pass reads it in full (one
 * counted request) by the id kept here; a refused write (the comment was deleted) forgets it.
 */
function rememberStatus(params: {
  memo: StatusCommentMemo | undefined;
  key: string;
  intents: readonly Intent[];
  outcomes: ReadonlyMap<Intent, IntentOutcome>;
}): void {
  const upsert = params.intents.find((i) => i.kind === 'upsert-status');
  const outcome = upsert ? params.outcomes.get(upsert) : undefined;
  if (!params.memo || !outcome) return;
  if (outcome.ok && outcome.commentId !== undefined)
    params.memo.set(params.key, { id: outcome.commentId, etag: null, status: null });
  else if (!outcome.ok) params.memo.delete(params.key);
}
