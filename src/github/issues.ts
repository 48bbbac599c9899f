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
