import { createPullRequest } from 'octokit-plugin-create-pull-request';
import type { IndexRefreshResult } from '../domain/reports/index-refresh.js';
import type { Octokit } from './octokit.js';

/** What the index plan decided to write (plan/plan-report-index.ts `IndexWrite`), as the writer needs it. */
export interface IndexWriteLike {
  target: { owner: string; repo: string };
  base: string;
  branch: string;
  title: string;
  body: string;
  commit: string;
  files: ReadonlyArray<{ path: string; content: string }>;
  existing: { number: number; url: string } | null;
}

/**
 * The execute step of the index pass, its one writer: the index pull request on its fixed branch,
 * opened or updated in place with octokit-plugin-create-pull-request (`update: true`,
 * `createWhenEmpty: false`), so a retry finds what an earlier try applied. It reads nothing to decide.
 */
export async function writeReportIndex(params: {
  octokit: Octokit;
  write: IndexWriteLike;
  result: IndexRefreshResult;
}): Promise<IndexRefreshResult> {
  const { write } = params;
  const result = await createPullRequest(params.octokit as never).createPullRequest({
    owner: write.target.owner,
    repo: write.target.repo,
    title: write.title,
    body: write.body,
    head: write.branch,
    base: write.base,
    update: true,
    createWhenEmpty: false,
    changes: [{ files: Object.fromEntries(write.files.map((f) => [f.path, f.content])), commit: write.commit }],
  });
  if (!result) return { ...params.result, change: 'unchanged' };
  const pull = result.data as { number: number; html_url: string };
  return { ...params.result, pull: { number: pull.number, url: pull.html_url } };
}
