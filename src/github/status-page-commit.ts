import type { StatusPageHead, StatusPageTarget } from '../domain/incident/loaded-incident.js';
import { httpStatus, type Octokit } from './octokit.js';

/**
 * The branch moved since the page was read (another incident published at the same moment): not a
 * refusal but a retry — the job fails, and the next pass reads the branch again and merges both.
 * Forcing the ref, or building on the newer head with files made from the older one, would drop the
 * other incident's update.
 */
export class StatusPageMovedError extends Error {}

/**
 * Commits the status page's changed files to its branch as one commit on top of `parent`, the head the
 * files were built from: a tree on top of its tree (only the changed files are sent), a commit, and the
 * ref moved without force, so it moves only from `parent`. A branch that did not exist (`parent` null)
 * starts with this commit (no history of the repository's default branch is carried into it, so GitHub
 * Pages serves only the page), and only if nobody created it meanwhile. Three writes.
 */
export async function commitStatusPage(params: {
  octokit: Octokit;
  target: StatusPageTarget;
  files: Readonly<Record<string, string>>;
  message: string;
  parent: StatusPageHead | null;
}): Promise<{ commit: string; writes: number }> {
  const { octokit, target } = params;
  const repo = { owner: target.owner, repo: target.repo };
  const head = params.parent;
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
    parents: head ? [head.commit] : [],
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
