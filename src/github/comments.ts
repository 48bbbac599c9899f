import type { CommentRecord } from '../domain/incident/loaded-incident.js';
import { hasMarker, type MarkerKind } from '../domain/incident/markers.js';
import { fetchIgnoringBody } from './http-fetch.js';
import { httpStatus, MAX_PER_PAGE, type IssueRef, type Octokit, type RepoRef } from './octokit.js';

export type IssueComment = CommentRecord;

type CommentJson = {
  id: number;
  body?: string | null;
  user?: { login: string; type?: string } | null;
  created_at: string;
  updated_at?: string;
  html_url: string;
  reactions?: unknown;
  issue_url?: string;
};

function commentRecord(c: CommentJson): IssueComment {
  return {
    id: Number(c.id),
    body: c.body ?? '',
    author: c.user?.login ?? '',
    createdAt: c.created_at,
    updatedAt: c.updated_at ?? c.created_at,
    htmlUrl: c.html_url,
    plusOnes: (c.reactions as { '+1'?: number } | undefined)?.['+1'] ?? 0,
    // Listings carry it too (https://docs.github.com/en/rest/issues/comments#list-issue-comments: `user` is a simple user).
    ...(c.user?.type ? { authorType: c.user.type } : {}),
  };
}

const nextLink = (link: string | undefined): string | undefined => /<([^<>]+)>;\s*rel="next"/.exec(link ?? '')?.[1];

/**
 * An issue's comments page by page, oldest first, following GitHub's `Link` header (never building page
 * urls: GitHub Enterprise Server and the simulator have their own hosts). `since` keeps only comments
 * updated at or after that time (https://docs.github.com/en/rest/issues/comments#list-issue-comments).
 * `octokit.request` with the route, not `octokit.rest.issues.listComments`: the Octokit is new for every
 * event, and its `rest` methods are built on first use, a cost on every pass.
 */
export async function* commentPages(
  octokit: Octokit,
  issue: IssueRef,
  options: { since?: string } = {},
): AsyncGenerator<{ comments: IssueComment[]; last: boolean }> {
  const first = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    ...issue,
    per_page: MAX_PER_PAGE,
    ...(options.since ? { since: options.since } : {}),
  });
  let next = nextLink(first.headers.link);
  yield { comments: (first.data as CommentJson[]).map(commentRecord), last: next === undefined };
  while (next) {
    const page = await octokit.request(`GET ${next}`);
    next = nextLink(page.headers.link);
    yield { comments: (page.data as CommentJson[]).map(commentRecord), last: next === undefined };
  }
}

/** Every comment of an issue (or every one updated since a time), paged to the end. */
export async function listComments(
  octokit: Octokit,
  issue: IssueRef,
  options: { since?: string } = {},
): Promise<IssueComment[]> {
  const all: IssueComment[] = [];
  for await (const page of commentPages(octokit, issue, options)) all.push(...page.comments);
  return all;
}

/** One comment read by id, conditionally: `not-modified` (a 304, free of the rate limit) when `etag` still matches. */
export type CommentRead =
  { kind: 'found'; comment: IssueComment; etag: string | null } | { kind: 'not-modified' } | { kind: 'gone' };

/**
 * https://docs.github.com/en/rest/issues/comments#get-an-issue-comment; a 304 "Not Modified" answer to
 * `If-None-Match` does not count against the primary rate limit
 * (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
 */
export async function getComment(
  octokit: Octokit,
  params: RepoRef & { comment_id: number; etag: string | null },
): Promise<CommentRead> {
  try {
    const response = await octokit.request('GET /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      owner: params.owner,
      repo: params.repo,
      comment_id: params.comment_id,
      ...(params.etag ? { headers: { 'if-none-match': params.etag } } : {}),
    });
    return { kind: 'found', comment: commentRecord(response.data as CommentJson), etag: response.headers.etag ?? null };
  } catch (error) {
    const status = httpStatus(error);
    if (status === 304) return { kind: 'not-modified' };
    if (status === 404 || status === 410) return { kind: 'gone' };
    throw error;
  }
}

/** A comment that may hold commands, as the plan reads it (loaded-incident.ts `Trigger['comment']`). */
export interface CommandComment {
  id: number;
  body: string;
  author: string;
  authorType: string;
  createdAt: string;
}

/**
 * The comment as GitHub has it now, by id: its author and body are what a command acts on, never what a
 * queued job carries (a job in Redis is untrusted input: issue 25), and an edit made before the pass
 * counts. null when it is gone (deleted) or belongs to another issue of the repository.
 * https://docs.github.com/en/rest/issues/comments#get-an-issue-comment
 */
export async function readCommandComment(
  octokit: Octokit,
  params: IssueRef & { comment_id: number },
): Promise<CommandComment | null> {
  try {
    const response = await octokit.request('GET /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      owner: params.owner,
      repo: params.repo,
      comment_id: params.comment_id,
    });
    const c = response.data as CommentJson;
    if (c.issue_url !== undefined && !c.issue_url.endsWith(`/issues/${params.issue_number}`)) return null;
    return {
      id: Number(c.id),
      body: c.body ?? '',
      author: c.user?.login ?? '',
      authorType: c.user?.type ?? 'User',
      createdAt: c.created_at,
    };
  } catch (error) {
    const status = httpStatus(error);
    if (status === 404 || status === 410) return null;
    throw error;
  }
}

/** Did this login react 👍 to the comment? (The app's 👍 marks a command it accepted.) */
export async function hasPlusOneFrom(
  octokit: Octokit,
  params: RepoRef & { comment_id: number; login: string },
): Promise<boolean> {
  const reactions = await octokit.paginate(octokit.rest.reactions.listForIssueComment, {
    owner: params.owner,
    repo: params.repo,
    comment_id: params.comment_id,
    content: '+1',
    per_page: MAX_PER_PAGE,
  });
  return reactions.some((r) => r.user?.login === params.login);
}

/** The app's own comments of one kind: the marker alone is not enough, anyone can type it. */
export function appComments(comments: readonly IssueComment[], kind: MarkerKind, botLogin: string): IssueComment[] {
  return comments.filter((c) => c.author === botLogin && hasMarker(c.body, kind));
}

/**
 * GitHub refuses a comment body over 65,536 characters ("body is too long (maximum is 65536 characters)",
 * https://docs.github.com/en/rest/issues/comments#create-an-issue-comment). Renderers stay well below it;
 * this is the last guard, so an extreme issue costs the end of a comment, never the whole write.
 */
export const MAX_COMMENT_CHARS = 65_536;
const CUT_NOTICE = "\n\n…(cut here to fit GitHub's 65,536-character limit on comments)\n";

export function fitComment(body: string): string {
  if (body.length <= MAX_COMMENT_CHARS) return body;
  let end = MAX_COMMENT_CHARS - CUT_NOTICE.length;
  // Never split a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(body[end - 1] ?? '')) end -= 1;
  return `${body.slice(0, end)}${CUT_NOTICE}`;
}

export async function createComment(octokit: Octokit, issue: IssueRef, text: string): Promise<IssueComment> {
  const body = fitComment(text);
  const { data } = await octokit.rest.issues.createComment({ ...issue, body });
  return { ...commentRecord(data as CommentJson), body: data.body ?? body, plusOnes: 0 };
}

/**
 * The status comment is rewritten on every visible change, the largest body the app sends. Octokit's
 * JSON codec (json-with-bigint) scans every string for big numbers with regexes on Node 20, both ways;
 * the body is sent as JSON text and the response (the comment echoed back) is not parsed, as nothing
 * reads it (nor is it handed over as a stream: `fetchIgnoringBody`).
 * https://docs.github.com/en/rest/issues/comments#update-an-issue-comment
 */
export async function updateComment(
  octokit: Octokit,
  params: IssueRef & { comment_id: number; body: string },
): Promise<void> {
  const fetch = fetchIgnoringBody(octokit.request.endpoint.DEFAULTS.request?.fetch);
  // The path already expanded: Octokit merges and expands a request's route more than once on its way
  // through the hooks, and this one is sent on every visible change.
  const path = `/repos/${encodeURIComponent(params.owner)}/${encodeURIComponent(params.repo)}/issues/comments/${encodeURIComponent(String(params.comment_id))}`;
  await octokit.request({
    method: 'PATCH',
    url: path,
    data: JSON.stringify({ body: fitComment(params.body) }),
    headers: { 'content-type': 'application/json; charset=utf-8' },
    request: { parseSuccessResponseBody: false, ...(fetch ? { fetch } : {}) },
  });
}
