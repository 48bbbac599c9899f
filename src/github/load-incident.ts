import { parseCommands } from '../domain/commands/parse.js';
import type { CommentRecord, CommentScope, LoadedIncident } from '../domain/incident/loaded-incident.js';
import { incidentKey, type IncidentRef } from '../domain/incident/incident-ref.js';
import { triggerComment, triggerIssue, type Trigger } from '../domain/incident/trigger.js';
import { isIncident } from '../domain/incident/incident-view.js';
import { readMarker } from '../domain/incident/markers.js';
import { parseMetadata } from '../domain/incident/metadata.js';
import type { IncidentSettings } from '../domain/incident/settings.js';
import type { StatusCommentMemo } from '../runtime/status-memo.js';
import { statusSealValid, type StatusSeal } from '../domain/trust/status-seal.js';
import { appComments, commentPages, getComment, hasPlusOneFrom, listComments } from './comments.js';
import { getIssue } from './issues.js';
import type { IssueRef, Octokit } from './octokit.js';
import { permissionOf } from './permissions.js';

type LoadedStatus = NonNullable<LoadedIncident['status']>;

/** The incident of an issue reference. */
export const incidentOf = (ref: IssueRef): IncidentRef => ({
  owner: ref.owner,
  repo: ref.repo,
  number: ref.issue_number,
});

/**
 * The app's status comment among `comments`: by the app's login and opening marker, and, with a seal
 * (the Action under the shared `github-actions[bot]` login), only when its seal verifies for this incident.
 */
function statusComments(params: {
  comments: readonly CommentRecord[];
  botLogin: string;
  ref: IssueRef;
  seal: StatusSeal | undefined;
}): CommentRecord[] {
  const mine = appComments(params.comments, 'status', params.botLogin);
  const { seal } = params;
  if (!seal) return mine;
  const key = incidentKey(incidentOf(params.ref));
  return mine.filter((c) => statusSealValid({ body: c.body, seal, incidentKey: key }));
}

const statusOf = (comment: CommentRecord): LoadedStatus => ({
  id: comment.id,
  htmlUrl: comment.htmlUrl,
  updatedAt: comment.updatedAt,
  metadata: parseMetadata(readMarker(comment.body, 'status')?.data ?? null),
});

/**
 * The status comment, as cheaply as GitHub allows: by its remembered id, conditionally (a 304 costs
 * nothing against the rate limit and no parsing); from the first page of comments on when the id is
 * unknown (a new process, an evicted entry) or gone (deleted). The app posts its status comment on its
 * first pass, so it is almost always on the first page; only when it is gone are all pages read, and
 * then they are needed anyway, to rebuild its record. One request per pass, whatever the number of comments.
 */
async function findStatus(params: {
  octokit: Octokit;
  ref: IssueRef;
  botLogin: string;
  memo: StatusCommentMemo | undefined;
  seal: StatusSeal | undefined;
}): Promise<{ status: LoadedStatus | null; comments: CommentRecord[]; scope: CommentScope }> {
  const { octokit, ref, botLogin, memo, seal } = params;
  const key = incidentKey(incidentOf(ref));
  const known = memo?.get(key);
  if (known) {
    const read = await getComment(octokit, {
      owner: ref.owner,
      repo: ref.repo,
      comment_id: known.id,
      etag: known.status ? known.etag : null,
    });
    if (read.kind === 'not-modified' && known.status) return { status: known.status, comments: [], scope: 'none' };
    if (read.kind === 'found' && statusComments({ comments: [read.comment], botLogin, ref, seal }).length === 1) {
      const status = statusOf(read.comment);
      memo?.set(key, { id: status.id, etag: read.etag, status });
      return { status, comments: [], scope: 'none' };
    }
    memo?.delete(key);
  }
  const seen: CommentRecord[] = [];
  for await (const page of commentPages(octokit, ref)) {
    seen.push(...page.comments);
    const hit = statusComments({ comments: page.comments, botLogin, ref, seal })[0];
    if (hit) {
      const status = statusOf(hit);
      memo?.set(key, { id: status.id, etag: null, status: null });
      // Only a complete read is worth keeping: a partial one is neither "all" nor "recent".
      return page.last ? { status, comments: seen, scope: 'all' } : { status, comments: [], scope: 'none' };
    }
  }
  return { status: null, comments: seen, scope: 'all' };
}

/**
 * Everything one pass needs, read-only: the issue (from the payload when it is the newest state), the
 * app's status comment and its metadata, the commenter's permission when a comment holds commands, and
 * the app's 👍 on earlier comments when the status comment must be rebuilt. Comments beyond the status
 * comment are read only when a decision needs them: all of them for a command comment (a reply already
 * posted is found by its marker on any page) or a missing status comment (its record is rebuilt from
 * them); the rest comes on demand (`withComments`). Null when the issue is gone or is not an incident.
 */
export async function loadIncident(params: {
  octokit: Octokit;
  ref: IssueRef;
  trigger: Trigger;
  settings: IncidentSettings;
  botLogin: string;
  memo?: StatusCommentMemo;
  /** The Action's signing key: status comments count only when sealed with it. */
  seal?: StatusSeal;
}): Promise<LoadedIncident | null> {
  const { octokit, ref, trigger, settings, botLogin } = params;
  const issue = triggerIssue(trigger) ?? (await getIssue(octokit, ref));
  if (!issue || !isIncident(issue, settings.incidentLabels)) return null;

  const comment = triggerComment(trigger);
  const hasCommands =
    comment !== undefined &&
    comment.authorType !== 'Bot' &&
    comment.author !== botLogin &&
    parseCommands({ body: comment.body, prefix: settings.commands.prefix, levels: settings.commands.levels }).length >
      0;
  const permission = hasCommands ? await permissionOf(octokit, ref, comment.author) : null;

  let found: { status: LoadedStatus | null; comments: CommentRecord[]; scope: CommentScope };
  if (hasCommands) {
    const comments = await listComments(octokit, ref);
    const statusComment = statusComments({ comments, botLogin, ref, seal: params.seal })[0];
    found = { status: statusComment ? statusOf(statusComment) : null, comments, scope: 'all' };
    if (statusComment)
      params.memo?.set(incidentKey(incidentOf(ref)), { id: statusComment.id, etag: null, status: null });
  } else {
    found = await findStatus({ octokit, ref, botLogin, memo: params.memo, seal: params.seal });
  }
  const { status, comments } = found;

  // Without the status comment (or with one whose metadata cannot be read), its record is rebuilt from
  // the comments the app accepted: one request per candidate.
  const acceptedByReaction = new Set<number>();
  if (!status || status.metadata.viewKey === null) {
    for (const c of comments) {
      if (c.author === botLogin || c.plusOnes === 0 || c.id === comment?.id) continue;
      if (
        parseCommands({ body: c.body, prefix: settings.commands.prefix, levels: settings.commands.levels }).every(
          (l) => !l.ok,
        )
      )
        continue;
      if (await hasPlusOneFrom(octokit, { owner: ref.owner, repo: ref.repo, comment_id: c.id, login: botLogin }))
        acceptedByReaction.add(c.id);
    }
  }
  return {
    ref: { owner: ref.owner, repo: ref.repo, number: ref.issue_number },
    issue,
    botLogin,
    status,
    comments,
    commentScope: found.scope,
    permission,
    acceptedByReaction,
  };
}

/**
 * Safety-net margin for `since`: GitHub's timestamps have whole seconds, and a comment posted in the
 * same second as the status comment's last write must not be missed.
 */
const SINCE_MARGIN_MS = 1_000;

/**
 * The comments a decision needs beyond the status comment (IncidentPlan.needsComments): 'all' for a
 * report (its timeline), 'recent' before posting a warning. Why 'recent' is enough there: the app
 * writes the warned keys into the status comment's metadata in the same pass that posts the warning,
 * after it; so a warning missing from the metadata (a crash between the two writes) was posted after
 * the status comment's last write, and a listing `since` that write finds it, on its newest page(s),
 * at the cost of one request, only on passes that are about to warn.
 */
export async function withComments(params: {
  octokit: Octokit;
  ref: IssueRef;
  loaded: LoadedIncident;
  scope: 'all' | 'recent';
}): Promise<LoadedIncident> {
  const { octokit, ref, loaded } = params;
  if (loaded.commentScope === 'all' || (loaded.commentScope === 'recent' && params.scope === 'recent')) return loaded;
  const lastWrite = loaded.status ? Date.parse(loaded.status.updatedAt) : Number.NaN;
  if (params.scope === 'recent' && Number.isFinite(lastWrite)) {
    const since = new Date(lastWrite - SINCE_MARGIN_MS).toISOString();
    return { ...loaded, comments: await listComments(octokit, ref, { since }), commentScope: 'recent' };
  }
  return { ...loaded, comments: await listComments(octokit, ref), commentScope: 'all' };
}
