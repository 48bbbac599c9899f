import { reportIndexTarget } from '../domain/reports/report-index-target.js';
import type { ReportSettings } from '../domain/incident/settings.js';
import type { WarnOnce } from '../github/execute.js';
import { httpStatus, type Octokit, type RepoRef } from '../github/octokit.js';
import { IndexRefreshError, refreshReportIndex } from '../github/report-index-refresh.js';

/**
 * After the app's report pull request was merged into `reportsRepo`: refresh the index there with the
 * settings of the incident's repository (whose `reports.repo` must name `reportsRepo`). Problems are
 * logged once; the next merge or `/incident stats` tries again.
 */
export async function refreshIndexAfterMerge(params: {
  octokit: Octokit;
  reportsRepo: RepoRef;
  incident: string;
  reports: ReportSettings;
  botLogin: string;
  warnOnce: WarnOnce;
  log: { info(obj: object, msg: string): void };
  /** Shadow mode: say what would be refreshed, write nothing. */
  dryRun?: boolean;
}): Promise<void> {
  const { reportsRepo, warnOnce } = params;
  const where = `${reportsRepo.owner}/${reportsRepo.repo}`;
  const decision = reportIndexTarget({
    reports: params.reports,
    mergedInto: { owner: reportsRepo.owner, repo: reportsRepo.repo },
  });
  if (!decision.ok) {
    warnOnce(
      `index:${where}:${params.incident}`,
      { reportsRepo: where, incident: params.incident },
      `the index is not refreshed after the merge of ${params.incident}'s report: ${decision.reason}`,
    );
    return;
  }
  if (params.dryRun) {
    params.log.info(
      { reportsRepo: where, incident: params.incident, dryRun: true, intents: [{ kind: 'refresh-index', ok: true }] },
      'dry run: the reports index would be refreshed',
    );
    return;
  }
  try {
    const result = await refreshReportIndex({
      octokit: params.octokit,
      refresh: decision.refresh,
      botLogin: params.botLogin,
    });
    params.log.info(
      { reportsRepo: where, change: result.change, pull: result.pull?.number ?? null, reports: result.reports },
      'reports index refreshed',
    );
  } catch (error) {
    const status = httpStatus(error);
    if (!(error instanceof IndexRefreshError) && status !== 403 && status !== 404 && status !== 422) throw error;
    warnOnce(
      `index:${where}`,
      { reportsRepo: where, status },
      `cannot refresh the reports index: ${(error as Error).message}`,
    );
  }
}
