import {
  indexCooldownKey,
  type IndexRefreshResult,
  type IndexRequest,
  type IndexTrigger,
} from '../domain/reports/index-refresh.js';
import type { ParsedReportStore } from '../domain/reports/parsed-report.js';
import type { CrossRepoRule } from '../domain/trust/cross-repo-consent.js';
import { loadReportIndex } from '../github/load-report-index.js';
import { httpStatus, type Octokit } from '../github/octokit.js';
import { writeReportIndex } from '../github/write-report-index.js';
import { planReportIndex } from '../plan/plan-report-index.js';

/** What became of an index pass: its result, or why it was not made (GitHub's refusal, or a rule). */
export type IndexPassOutcome =
  { ok: true; index: IndexRefreshResult } | { ok: false; status: number | null; message: string };

/** The cooldown per reports repository (runtime/): claimed by a command's refresh, shared across processes. */
export interface Cooldowns {
  claimCooldown(params: { key: string; ms: number }): Promise<{ claimed: true } | { claimed: false; until: Date }>;
  releaseCooldown(key: string): Promise<void>;
}

/** Statuses that mean "GitHub will not let the app do this here": the answer says so, nothing fails. */
const REFUSALS = new Set([403, 404, 422]);

/**
 * The reports-index pass, beside the incident pass: load (github/load-report-index.ts: the reports
 * repository's own config and consent, its tree, the reports not yet parsed, follow-up states) ->
 * plan (plan/plan-report-index.ts, pure) -> execute (github/write-report-index.ts, the one writer).
 * A command's refresh claims the reports repository's cooldown first; a merge always refreshes. A dry
 * run loads and plans, and writes nothing.
 */
export async function runReportIndex(params: {
  octokit: Octokit;
  request: IndexRequest;
  trigger: IndexTrigger;
  botLogin: string;
  serverRules: readonly CrossRepoRule[];
  cache: ParsedReportStore;
  cooldowns?: Cooldowns;
  dryRun?: boolean;
}): Promise<IndexPassOutcome> {
  const { octokit, request } = params;
  const repo = `${request.target.owner}/${request.target.repo}`;
  const source = params.trigger.incident.replace(/#\d+$/, '');
  const cooldownKey = indexCooldownKey(repo);
  const gated = params.trigger.kind === 'command' && params.cooldowns !== undefined;
  let claimed = false;
  // A refused or failed refresh gives its claim back: the next `stats` should not wait for nothing.
  const release = async () => {
    if (claimed) await params.cooldowns?.releaseCooldown(cooldownKey);
  };
  try {
    const loaded = await loadReportIndex({
      octokit,
      request,
      source,
      serverRules: params.serverRules,
      cache: params.cache,
      botLogin: params.botLogin,
      beforeTree: gated
        ? async (cooldownMinutes) => {
            const claim = await params.cooldowns?.claimCooldown({ key: cooldownKey, ms: cooldownMinutes * 60_000 });
            if (!claim || claim.claimed) {
              claimed = true;
              return null;
            }
            return { change: 'cooling', repo, pull: null, reports: 0, skipped: 0, nextAt: claim.until.toISOString() };
          }
        : undefined,
    });
    const plan = await planReportIndex(loaded);
    if (plan.kind === 'refused') {
      await release();
      return { ok: false, status: null, message: plan.reason };
    }
    if (!plan.write || params.dryRun) return { ok: true, index: plan.result };
    return { ok: true, index: await writeReportIndex({ octokit, write: plan.write, result: plan.result }) };
  } catch (error) {
    await release();
    const status = httpStatus(error);
    if (status === undefined || !REFUSALS.has(status)) throw error;
    return { ok: false, status, message: (error as Error).message };
  }
}
