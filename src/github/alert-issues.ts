import { alertGroupOf } from '../domain/alerts/group-marker.js';
import type { IssueSnapshot } from '../domain/incident/incident-state.js';
import { issueSnapshot, type IssueLike } from './issues.js';
import { MAX_PER_PAGE, httpStatus, type Octokit, type RepoRef } from './octokit.js';

/**
 * Open incidents an alert group may already have are found among this many of the newest open issues
 * with the incident label (pages of 100): a repository with more open incidents than that is not one
 * this bound was made for, and the search stops rather than list everything on each alert.
 */
const MAX_PAGES = 5;

/**
 * The open incident the app opened for an alert group: the newest open issue with the incident label,
 * written by the app, whose body carries the group's marker (only the app's own bodies count: anyone
 * can type a marker). Null when there is none (never opened, or closed by a person).
 */
export async function findAlertIssue(params: {
  octokit: Octokit;
  repo: RepoRef;
  groupId: string;
  botLogin: string;
  label: string;
}): Promise<IssueSnapshot | null> {
  let page = 0;
  for await (const response of params.octokit.paginate.iterator(params.octokit.rest.issues.listForRepo, {
    ...params.repo,
    state: 'open',
    labels: params.label,
    sort: 'created',
    direction: 'desc',
    per_page: MAX_PER_PAGE,
  })) {
    for (const issue of response.data as IssueLike[]) {
      if (issue.pull_request || issue.user?.login !== params.botLogin) continue;
      if (alertGroupOf(issue.body) === params.groupId) return issueSnapshot(issue);
    }
    if (++page >= MAX_PAGES) break;
  }
  return null;
}

/**
 * Opens the group's incident issue. Assignees GitHub refuses (not a collaborator) fail the whole request
 * with 422: the issue is then opened without them, since the alert matters more than who leads it.
 */
export async function createAlertIssue(params: {
  octokit: Octokit;
  repo: RepoRef;
  issue: { title: string; body: string; labels: string[]; assignees: string[] };
}): Promise<IssueSnapshot> {
  const create = async (assignees: string[]) => {
    const { data } = await params.octokit.rest.issues.create({ ...params.repo, ...params.issue, assignees });
    const snapshot = issueSnapshot(data as IssueLike);
    if (!snapshot) throw new Error('GitHub answered the new issue with a pull request');
    return snapshot;
  };
  try {
    return await create(params.issue.assignees);
  } catch (error) {
    if (httpStatus(error) !== 422 || params.issue.assignees.length === 0) throw error;
    return create([]);
  }
}
