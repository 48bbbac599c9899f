import { MAX_REPORT_CHARS } from '../domain/reports/report-entry.js';
import type { SkippedReport } from '../domain/reports/report-index.js';
import type { ReportIndexLayout } from '../domain/incident/settings.js';
import { isReportPath, type RepositoryFile } from '../render/report-index-files.js';
import type { Octokit, RepoRef } from './octokit.js';

/**
 * One refresh reads at most this many reports (one request each): the newest by path, since report
 * paths start with their date by default. The rest are listed as skipped on the index page.
 */
export const MAX_INDEX_REPORTS = 500;

/** Reads of report contents in flight at once: fast enough, and gentle on GitHub's secondary limits. */
const CONCURRENT_READS = 4;

export { gitBlobSha } from '../domain/shared/git-blob-sha.js';

export class ReportTreeTruncatedError extends Error {}

export interface ReportsSnapshot {
  files: RepositoryFile[];
  /** Files not read: too large, or over the count limit. */
  skipped: SkippedReport[];
  /** Blob ids of every file in the tree, by path (the index and charts among them). */
  blobs: ReadonlyMap<string, string>;
}

interface TreeEntry {
  path?: string;
  type?: string;
  sha?: string;
  size?: number;
}

/** Every blob of a commit or branch with one request: the recursive git tree. */
export async function readTree(
  octokit: Octokit,
  repo: RepoRef,
  treeish: string,
): Promise<Map<string, { sha: string; size: number }>> {
  // https://docs.github.com/en/rest/git/trees#get-a-tree : a recursive listing stops at 100,000 entries or 7 MB ("truncated").
  const { data } = await octokit.rest.git.getTree({ ...repo, tree_sha: treeish, recursive: 'true' });
  if (data.truncated)
    throw new ReportTreeTruncatedError(
      `the tree of ${repo.owner}/${repo.repo} is larger than GitHub lists in one request; run \`incident-responder stats\` over a checkout instead`,
    );
  const blobs = new Map<string, { sha: string; size: number }>();
  for (const entry of data.tree as TreeEntry[]) {
    if (entry.type === 'blob' && entry.path && entry.sha)
      blobs.set(entry.path, { sha: entry.sha, size: entry.size ?? 0 });
  }
  return blobs;
}

/**
 * Read-only: the report files of the reports repository at the head of `branch`: the tree in one
 * request, then each report's blob (pinned to that tree, so a push in between cannot mix two states).
 * Reports larger than the parser reads are skipped unread, and at most MAX_INDEX_REPORTS are read.
 */
export async function readReportFiles(params: {
  octokit: Octokit;
  repo: RepoRef;
  branch: string;
  layout: ReportIndexLayout;
}): Promise<ReportsSnapshot> {
  const { octokit, repo, layout } = params;
  const tree = await readTree(octokit, repo, params.branch);
  const skipped: SkippedReport[] = [];
  const wanted: Array<{ path: string; sha: string }> = [];
  const paths = [...tree.keys()]
    .filter((path) => isReportPath(layout, path))
    .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  for (const path of paths) {
    const blob = tree.get(path) as { sha: string; size: number };
    if (blob.size > MAX_REPORT_CHARS) skipped.push({ path, reason: `larger than ${MAX_REPORT_CHARS} bytes` });
    else if (wanted.length >= MAX_INDEX_REPORTS)
      skipped.push({ path, reason: `not read: one refresh reads the newest ${MAX_INDEX_REPORTS} reports` });
    else wanted.push({ path, sha: blob.sha });
  }
  const files: RepositoryFile[] = new Array<RepositoryFile>(wanted.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < wanted.length) {
      const i = next++;
      const { path, sha } = wanted[i] as { path: string; sha: string };
      const { data } = await octokit.rest.git.getBlob({ ...repo, file_sha: sha });
      files[i] = {
        path,
        content: Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8'),
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, wanted.length) }, worker));
  return { files, skipped, blobs: new Map([...tree].map(([path, { sha }]) => [path, sha])) };
}
