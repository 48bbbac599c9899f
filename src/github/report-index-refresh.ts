import { createPullRequest } from 'octokit-plugin-create-pull-request';
import type { IndexRefreshResult } from '../domain/incident/intents.js';
import type { Visibility } from '../domain/trust/visibility.js';
import { marker } from '../domain/incident/markers.js';
import type { IndexRefresh } from '../domain/reports/report-index-target.js';
import { reportIndexFiles, reportIndexOf, type RepositoryFile } from '../render/report-index-files.js';
import { readFollowUpStates } from './follow-up-states.js';
import type { Octokit, RepoRef } from './octokit.js';
import { gitBlobSha, readReportFiles, readTree, ReportTreeTruncatedError } from './report-files.js';

/** A refresh that cannot be made for a reason GitHub did not give (a tree too large to list). */
export class IndexRefreshError extends Error {}

function visibilityOfRepository(data: { private: boolean; visibility?: string }): Visibility {
  const v = data.visibility;
  return v === 'internal' || v === 'public' || v === 'private' ? v : data.private ? 'private' : 'public';
}

const TITLE = 'Refresh the incident index';

const sameFiles = (files: readonly RepositoryFile[], blobs: ReadonlyMap<string, string>): boolean =>
  files.every((f) => blobs.get(f.path) === gitBlobSha(f.content));

/**
 * Rebuilds the reports index from the reports on the base branch and opens or updates its pull request
 * on one fixed branch (`refresh.branch`), with octokit-plugin-create-pull-request (`update: true`,
 * `createWhenEmpty: false`). Compare before write: when the base branch, or the open index pull
 * request, already has these exact files, nothing is written.
 */
export async function refreshReportIndex(params: {
  octokit: Octokit;
  refresh: IndexRefresh;
  botLogin: string;
}): Promise<IndexRefreshResult> {
  const { octokit, refresh } = params;
  const target: RepoRef = { owner: refresh.target.owner, repo: refresh.target.repo };
  const repoName = `${target.owner}/${target.repo}`;
  const { data: repository } = await octokit.rest.repos.get(target);
  const base = refresh.base ?? repository.default_branch;
  let snapshot;
  try {
    snapshot = await readReportFiles({ octokit, repo: target, branch: base, layout: refresh.layout });
  } catch (error) {
    if (error instanceof ReportTreeTruncatedError) throw new IndexRefreshError(error.message);
    throw error;
  }
  const settings = { ...refresh.layout };
  const first = reportIndexOf({ files: snapshot.files, settings, skipped: snapshot.skipped });
  const followUpStates = await readFollowUpStates({
    octokit,
    index: first,
    reportsVisibility: visibilityOfRepository(repository),
    allowPrivateToPublic: refresh.allowPrivateToPublic,
    botLogin: params.botLogin,
  });
  const { index, files } = await reportIndexFiles({
    files: snapshot.files,
    settings: { ...settings, followUpStates },
    skipped: snapshot.skipped,
  });
  const counts = { repo: repoName, reports: index.incidents.length, skipped: index.skipped.length };
  if (sameFiles(files, snapshot.blobs)) return { change: 'unchanged', pull: null, ...counts };

  const { data: open } = await octokit.rest.pulls.list({
    ...target,
    head: `${target.owner}:${refresh.branch}`,
    base,
    state: 'open',
    per_page: 1,
  });
  const existing = open[0];
  if (
    existing &&
    sameFiles(
      files,
      await readTree(octokit, target, existing.head.sha).then(
        (tree) => new Map([...tree].map(([path, { sha }]) => [path, sha])),
      ),
    )
  ) {
    return { change: 'unchanged', pull: { number: existing.number, url: existing.html_url }, ...counts };
  }
  const body = [
    marker('index', { reports: index.incidents.length }),
    `The index of the incident reports in this repository (${index.incidents.length} report${index.incidents.length === 1 ? '' : 's'}${index.skipped.length > 0 ? `, ${index.skipped.length} skipped` : ''}), rebuilt by incident-responder.`,
    '',
    'This pull request touches only the index page and its charts, never a report, so it does not conflict with report pull requests; the app updates it in place whenever a report is merged or someone runs `/incident stats`. Merge it whenever convenient.',
  ].join('\n');
  const result = await createPullRequest(octokit as never).createPullRequest({
    owner: target.owner,
    repo: target.repo,
    title: TITLE,
    body,
    head: refresh.branch,
    base,
    update: true,
    createWhenEmpty: false,
    changes: [
      {
        files: Object.fromEntries(files.map((f) => [f.path, f.content])),
        commit: `${TITLE} (${index.incidents.length} reports)`,
      },
    ],
  });
  if (!result) return { change: 'unchanged', pull: null, ...counts };
  const pull = result.data as { number: number; html_url: string };
  return { change: existing ? 'updated' : 'opened', pull: { number: pull.number, url: pull.html_url }, ...counts };
}
