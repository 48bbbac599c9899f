import { checkRepositoryFiles } from '../config/check-files.js';
import { checkRunOutput, isCheckedPath } from '../domain/checks/check-run.js';
import type { WarnOnce } from '../github/execute.js';
import { postCheckRun, pullRequestFiles, readCheckedFiles } from '../github/check-runs.js';
import type { Octokit, RepoRef } from '../github/octokit.js';

export interface CheckChangeResult {
  /** Why nothing was posted, or the conclusion posted (or, in a dry run, that would have been). */
  outcome: 'not-changed' | 'exists' | 'refused' | 'success' | 'failure';
  annotations: number;
}

/**
 * A push to the default branch or a pull request that changes `.github/incident.yml` or an issue template:
 * load (the changed files; the config and templates at the head commit) -> check (pure, as `check`
 * does) -> one check run on the head commit. `changed` null: the push listed too many commits to know,
 * so the files are checked anyway. Shared by the App (a queued job) and the Action.
 */
export async function checkChange(params: {
  octokit: Octokit;
  repo: RepoRef;
  headSha: string;
  /** The paths the push changed; null when unknown (then `pull`'s files are read, or everything checked). */
  changed: readonly string[] | null;
  pull?: number;
  warnOnce?: WarnOnce;
  dryRun?: boolean;
  log: { info(obj: object, msg: string): void };
}): Promise<CheckChangeResult> {
  const { octokit, repo, headSha } = params;
  const changed =
    params.changed ?? (params.pull !== undefined ? await pullRequestFiles({ octokit, repo, pull: params.pull }) : null);
  if (changed !== null && !changed.some(isCheckedPath)) return { outcome: 'not-changed', annotations: 0 };
  const files = await readCheckedFiles({ octokit, repo, ref: headSha });
  const checked = checkRepositoryFiles(files);
  const run = checkRunOutput(checked);
  const annotations = run.batches.reduce((n, batch) => n + batch.length, 0);
  const where = { repository: `${repo.owner}/${repo.repo}`, headSha, conclusion: run.conclusion, annotations };
  if (params.dryRun) {
    params.log.info({ ...where, dryRun: true }, 'dry run: a check run would be posted');
    return { outcome: run.conclusion, annotations };
  }
  const posted = await postCheckRun({ octokit, repo, headSha, run });
  if (!posted.posted && posted.reason === 'refused') {
    params.warnOnce?.(
      `${repo.owner}/${repo.repo}:check-run`,
      { ...where, status: posted.status },
      `cannot post the config check run (does the app have "checks: write"?): ${posted.message}`,
    );
    return { outcome: 'refused', annotations: 0 };
  }
  if (!posted.posted) return { outcome: 'exists', annotations: 0 };
  params.log.info(where, 'config check run posted');
  return { outcome: run.conclusion, annotations };
}
