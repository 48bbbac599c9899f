import type { StatusPageBranch, StatusPageHead, StatusPageTarget } from '../domain/incident/loaded-incident.js';
import { httpStatus, type Octokit } from './octokit.js';
import { readTree } from './report-files.js';

/** incidents.json is the page's document; a larger one is not read (the page is rebuilt without it). */
const MAX_DOCUMENT_BYTES = 2_000_000;

/**
 * Read-only: the status page branch as it is — its head commit (one request), git's blob ids of the files
 * under the page's folder (one more: the recursive tree of that commit) and the content of incidents.json
 * (one more). A branch that does not exist yet is an empty page.
 */
export async function readStatusPageBranch(octokit: Octokit, target: StatusPageTarget): Promise<StatusPageBranch> {
  const repo = { owner: target.owner, repo: target.repo };
  let head: StatusPageHead | null = null;
  try {
    const { data } = await octokit.rest.repos.listCommits({ ...repo, sha: target.branch, per_page: 1 });
    const top = data[0];
    if (top) head = { commit: top.sha, tree: top.commit.tree.sha };
  } catch (error) {
    // 404 / 422: no such branch yet; 409: the repository is empty.
    const status = httpStatus(error);
    if (status !== 404 && status !== 409 && status !== 422) throw error;
  }
  if (head === null) return { target, blobs: {}, incidentsJson: null, head: null };
  // The tree of that very commit: a push after it cannot mix two states of the page.
  const tree = await readTree(octokit, repo, head.tree);
  const prefix = target.path === '' ? '' : `${target.path}/`;
  const blobs: Record<string, string> = {};
  for (const [path, blob] of tree) if (path.startsWith(prefix)) blobs[path.slice(prefix.length)] = blob.sha;
  const document = tree.get(`${prefix}incidents.json`);
  if (!document || document.size > MAX_DOCUMENT_BYTES) return { target, blobs, incidentsJson: null, head };
  const { data } = await octokit.rest.git.getBlob({ ...repo, file_sha: document.sha });
  const incidentsJson = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
  return { target, blobs, incidentsJson, head };
}
