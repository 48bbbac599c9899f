import type { IssueSnapshot } from '../domain/incident/incident-state.js';
import { httpStatus, type IssueRef, type Octokit } from './octokit.js';

/** The fields of a REST or webhook issue the app reads. */
export interface IssueLike {
  number: number;
  id: number;
  title: string;
  body?: string | null;
  state?: string;
  labels?: Array<string | { name?: string | null }>;
  assignees?: Array<{ login: string } | null> | null;
  user?: { login: string; type?: string } | null;
  created_at: string;
  closed_at?: string | null;
  html_url: string;
  pull_request?: unknown;
}

export function issueSnapshot(issue: IssueLike): IssueSnapshot | null {
  if (issue.pull_request) return null;
  return {
    number: issue.number,
    id: issue.id,
    title: issue.title,
    body: issue.body ?? '',
    state: issue.state === 'closed' ? 'closed' : 'open',
    labels: (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== ''),
    assignees: (issue.assignees ?? []).flatMap((a) => (a ? [a.login] : [])),
    author: issue.user?.login ?? '',
    authorType: issue.user?.type ?? 'User',
    createdAt: issue.created_at,
    closedAt: issue.closed_at ?? null,
    htmlUrl: issue.html_url,
  };
}

/** The issue now, or null if it is gone (deleted, transferred) or a pull request. */
export async function getIssue(octokit: Octokit, ref: IssueRef): Promise<IssueSnapshot | null> {
  try {
    const { data } = await octokit.rest.issues.get(ref);
    return issueSnapshot(data as IssueLike);
  } catch (error) {
    if (httpStatus(error) === 404 || httpStatus(error) === 410) return null;
    throw error;
  }
}

/** One read of the issue, conditional when its last ETag is known. */
export type IssueRead =
  { kind: 'found'; issue: IssueSnapshot; etag: string | null } | { kind: 'not-modified' } | { kind: 'gone' };

/**
 * The issue, with `If-None-Match` when `etag` is known: a 304 (unchanged) does not count against the
 * rate limit (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
 * By route, not `rest.issues.get`: an installation's Octokit is new for each event and builds its
 * `rest` methods on first use. https://docs.github.com/en/rest/issues/issues#get-an-issue
 */
export async function readIssue(octokit: Octokit, params: IssueRef & { etag: string | null }): Promise<IssueRead> {
  try {
    const response = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
      owner: params.owner,
      repo: params.repo,
      issue_number: params.issue_number,
      ...(params.etag ? { headers: { 'if-none-match': params.etag } } : {}),
    });
    const issue = issueSnapshot(response.data as IssueLike);
    return issue ? { kind: 'found', issue, etag: response.headers.etag ?? null } : { kind: 'gone' };
  } catch (error) {
    const status = httpStatus(error);
    if (status === 304) return { kind: 'not-modified' };
    if (status === 404 || status === 410) return { kind: 'gone' };
    throw error;
  }
}
