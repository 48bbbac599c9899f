import type { Intent, IntentOutcome } from '../domain/intents.js';
import type { ReportInputs, Trigger } from '../domain/loaded-incident.js';
import type { IncidentSettings } from '../domain/settings.js';
import { executeIntents, type WarnOnce } from '../github/execute.js';
import { incidentKey, loadIncident, withComments } from '../github/load-incident.js';
import type { IssueRef, Octokit } from '../github/octokit.js';
import { loadReportInputs } from '../github/report-inputs.js';
import { planIncident } from '../plan/plan-incident.js';
import { settle } from '../plan/settle.js';
import type { StatusCommentMemo } from '../runtime/status-memo.js';

export interface PassResult {
  tracked: boolean;
  nextWakeAt: Date | null;
  /** Requests that wrote to GitHub (for logs and tests). */
  writes: number;
  /** Every write the pass made, or would make in a dry run, in order. */
  intents: Intent[];
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
  /** Where the status comment's id is remembered between passes (one request to find it, not a listing). */
  memo?: StatusCommentMemo;
  /**
   * Asked before a status refresh is written: a time to try again instead (warnings and replies of the
   * same installation are waiting, a newer pass of this incident is queued, the rate limit is low), or
   * null to write it now. Only a `refresh` waits: metadata a command or a tick changed is never held back.
   */
  deferStatus?: () => Date | null;
}): Promise<PassResult> {
  const { octokit, ref, trigger, settings, now } = params;
  let loaded = await loadIncident({ octokit, ref, trigger, settings, botLogin: params.botLogin, memo: params.memo });
  if (!loaded) return { tracked: false, nextWakeAt: null, writes: 0, intents: [] };
  let plan = planIncident({ loaded, trigger, settings, now });
  let reportInputs: ReportInputs | null = null;
  // At most: all comments and the report's inputs at once, then recent comments before a warning.
  for (let round = 0; round < 3 && (plan.needsComments !== null || (plan.needsReportInputs && !reportInputs)); round += 1) {
    if (plan.needsComments) loaded = await withComments({ octokit, ref, loaded, scope: plan.needsComments });
    if (plan.needsReportInputs) reportInputs ??= await loadReportInputs({ octokit, ref, settings: settings.reports });
    plan = planIncident({ loaded, trigger, settings, now, reportInputs });
  }
  const incident = loaded;
  const execute = (intents: readonly Intent[]) =>
    executeIntents({ octokit, ref, intents, incident: { id: incident.issue.id, url: incident.issue.htmlUrl }, botLogin: incident.botLogin, dryRun: params.dryRun, warnOnce: params.warnOnce });
  const first = await execute(plan.intents);
  const settled = settle({ plan, outcomes: first.outcomes });
  let nextWakeAt = settled.nextWakeAt;
  let intents = settled.intents;
  const retryAt = intents.some((i) => i.kind === 'upsert-status' && i.refresh === true) ? (params.deferStatus?.() ?? null) : null;
  if (retryAt) {
    intents = intents.filter((i) => i.kind !== 'upsert-status');
    if (!nextWakeAt || retryAt < nextWakeAt) nextWakeAt = retryAt;
  }
  const second = await execute(intents);
  if (!params.dryRun) rememberStatus({ memo: params.memo, key: incidentKey(ref), intents, outcomes: second.outcomes });
  return { tracked: plan.tracked, nextWakeAt, writes: first.writes + second.writes, intents: [...plan.intents, ...intents], ...(retryAt ? { statusDeferredUntil: retryAt } : {}) };
}

/**
 * After the status comment is written its ETag is unknown, so the next pass reads it in full (one
 * counted request) by the id kept here; a refused write (the comment was deleted) forgets it.
 */
function rememberStatus(params: { memo: StatusCommentMemo | undefined; key: string; intents: readonly Intent[]; outcomes: ReadonlyMap<Intent, IntentOutcome> }): void {
  const upsert = params.intents.find((i) => i.kind === 'upsert-status');
  const outcome = upsert ? params.outcomes.get(upsert) : undefined;
  if (!params.memo || !outcome) return;
  if (outcome.ok && outcome.commentId !== undefined) params.memo.set(params.key, { id: outcome.commentId, etag: null, status: null });
  else if (!outcome.ok) params.memo.delete(params.key);
}
