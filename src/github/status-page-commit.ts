import type { StatusPageTarget } from '../domain/incident/loaded-incident.js';
import { httpStatus, type Octokit } from './octokit.js';

/**
 * The branch moved while the page was built (another incident published at the same moment): not a
 * refusal but a retry — the job fails, and the next pass reads the branch again and merges both.
 * Forcing the ref would drop the other incident's update.
 */
export class StatusPageMovedError extends Error {}

/**
 * Commits the status page's changed files to its branch as one commit: a tree on top of the branch's
 * (only the changed files are sent), a commit, and the ref moved without force. A branch that does not
 * exist yet starts with this commit (no history of the repository's default branch is carried into it,
 * so GitHub Pages serves only the page). Three writes.
 */
export async function commitStatusPage(params: {
  octokit: Octokit;
  target: StatusPageTarget;
  files: Readonly<Record<string, string>>;
  message: string;
}): Promise<{ commit: string; writes: number }> {
  const { octokit, target } = params;
  const repo = { owner: target.owner, repo: target.repo };
  let head: { sha: string; tree: string } | null = null;
  try {
    const { data } = await octokit.rest.repos.listCommits({ ...repo, sha: target.branch, per_page: 1 });
    const top = data[0];
    if (top) head = { sha: top.sha, tree: top.commit.tree.sha };
  } catch (error) {
    const status = httpStatus(error);
    if (status !== 404 && status !== 409 && status !== 422) throw error;
  }
  const { data: tree } = await octokit.rest.git.createTree({
    ...repo,
    ...(head ? { base_tree: head.tree } : {}),
    tree: Object.entries(params.files).map(([path, content]) => ({
      path,
      mode: '100644' as const,
      type: 'blob' as const,
      content,
    })),
  });
  const { data: commit } = await octokit.rest.git.createCommit({
    ...repo,
    message: params.message,
    tree: tree.sha,
    parents: head ? [head.sha] : [],
  });
  try {
    if (head)
      await octokit.rest.git.updateRef({ ...repo, ref: `heads/${target.branch}`, sha: commit.sha, force: false });
    else await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${target.branch}`, sha: commit.sha });
  } catch (error) {
    if (httpStatus(error) === 422)
      throw new StatusPageMovedError(`the ${target.branch} branch of ${target.owner}/${target.repo} moved meanwhile`);
    throw error;
  }
  return { commit: commit.sha, writes: 3 };
}
