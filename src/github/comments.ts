import { hasMarker, type MarkerKind } from '../domain/markers.js';
import { MAX_PER_PAGE, type IssueRef, type Octokit } from './octokit.js';

export interface IssueComment {
  id: number;
  body: string;
  author: string;
  createdAt: string;
  htmlUrl: string;
}

/** Every comment of an issue, paged to the end: a marker comment may sit on any page. */
export async function listComments(octokit: Octokit, issue: IssueRef): Promise<IssueComment[]> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...issue, per_page: MAX_PER_PAGE });
  return comments.map((c) => ({
    id: c.id,
    body: c.body ?? '',
    author: c.user?.login ?? '',
    createdAt: c.created_at,
    htmlUrl: c.html_url,
  }));
}

/** The app's own comments of one kind: the marker alone is not enough, anyone can type it. */
export function appComments(comments: readonly IssueComment[], kind: MarkerKind, botLogin: string): IssueComment[] {
  return comments.filter((c) => c.author === botLogin && hasMarker(c.body, kind));
}

export async function createComment(octokit: Octokit, issue: IssueRef, body: string): Promise<IssueComment> {
  const { data } = await octokit.rest.issues.createComment({ ...issue, body });
  return { id: data.id, body: data.body ?? body, author: data.user?.login ?? '', createdAt: data.created_at, htmlUrl: data.html_url };
}

export async function updateComment(octokit: Octokit, params: IssueRef & { comment_id: number; body: string }): Promise<void> {
  await octokit.rest.issues.updateComment({ owner: params.owner, repo: params.repo, comment_id: params.comment_id, body: params.body });
}
