import { parseCommands } from '../domain/commands/parse.js';
import type { CommentRecord, CommentScope, LoadedIncident } from '../domain/incident/loaded-incident.js';
import { incidentKey, type IncidentRef } from '../domain/incident/incident-ref.js';
import { triggerComment, triggerIssue, type Trigger } from '../domain/incident/trigger.js';
import { isIncident } from '../domain/incident/incident-view.js';
import { readMarker } from '../domain/incident/markers.js';
import { parseMetadata } from '../domain/incident/metadata.js';
import type { IncidentSettings } from '../domain/incident/settings.js';
import { statusSealValid, type StatusSeal } from '../domain/trust/status-seal.js';
import type { IssueSnapshot } from '../domain/incident/incident-state.js';
import type { KnownStatusComment, StatusCommentMemo } from '../runtime/status-memo.js';
import { appComments, commentPages, getComment, hasPlusOneFrom, listComments } from './comments.js';
import { getIssue, readIssue } from './issues.js';
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
  // What this process wrote last, with nothing of the app's after it: no read, and no comment of the
  // app's newer than that write (the 'recent' comments the plan could ask for hold none of the app's).
  if (known?.written && known.status && memo?.keepsWritten)
    return { status: known.status, comments: [], scope: 'recent' };
  if (known && known.id > 0) {
    const read = await getComment(octokit, {
      owner: ref.owner,
      repo: ref.repo,
      comment_id: known.id,
      etag: known.status ? known.etag : null,
    });
    if (read.kind === 'not-modified' && known.status) return { status: known.status, comments: [], scope: 'none' };
    if (read.kind === 'found' && statusComments({ comments: [read.comment], botLogin, ref, seal }).length === 1) {
      const status = statusOf(read.comment);
      memo?.set(key, { ...known, id: status.id, etag: read.etag, status, written: false });
      return { status, comments: [], scope: 'none' };
    }
    memo?.set(key, { id: 0, etag: null, status: null, ...(known.issue ? { issue: known.issue } : {}) });
  }
  const seen: CommentRecord[] = [];
  for await (const page of commentPages(octokit, ref)) {
    seen.push(...page.comments);
    const hit = statusComments({ comments: page.comments, botLogin, ref, seal })[0];
    if (hit) {
      const status = statusOf(hit);
      remember(memo, key, { id: status.id, etag: null, status: null });
      // Only a complete read is worth keeping: a partial one is neither "all" nor "recent".
      return page.last ? { status, comments: seen, scope: 'all' } : { status, comments: [], scope: 'none' };
    }
  }
  return { status: null, comments: seen, scope: 'all' };
}

/** Sets what is known of the status comment, keeping what is known of the issue. */
function remember(memo: StatusCommentMemo | undefined, key: string, value: KnownStatusComment): void {
  const issue = memo?.get(key)?.issue;
  memo?.set(key, issue ? { ...value, issue } : value);
}

/**
 * The issue now: from the trigger (the payload, when it is the newest state), else read, conditionally
 * when it was read before (a timer wake on an unchanged issue costs nothing against the rate limit).
 */
async function currentIssue(params: {
  octokit: Octokit;
  ref: IssueRef;
  trigger: Trigger;
  memo: StatusCommentMemo | undefined;
}): Promise<IssueSnapshot | null> {
  const given = triggerIssue(params.trigger);
  if (given) return given;
  const key = incidentKey(incidentOf(params.ref));
  const known = params.memo?.get(key);
  if (known?.issue && known.issue.etag === null && params.memo?.keepsWritten && nothingNewer(params.trigger))
    return known.issue.snapshot;
  const read = await readIssue(params.octokit, { ...params.ref, etag: known?.issue?.etag ?? null });
  if (read.kind === 'not-modified' && known?.issue) return known.issue.snapshot;
  if (read.kind === 'found') {
    // A fresh read is the newest state whatever its ETag: it replaces an older event's snapshot.
    const entry = params.memo?.get(key);
    if (entry) params.memo?.set(key, { ...entry, issue: { etag: read.etag, snapshot: read.issue } });
    return read.issue;
  }
  if (read.kind === 'not-modified') return getIssue(params.octokit, params.ref);
  return null;
}

/**
 * Whether the issue as the last handled event showed it may stand for a trigger that carries none. Not for
 * an issue event whose payload could not be used (same-second or late: see newest-payload.ts): its pass
 * must see its own change (a tick is timed by its edit), which the kept snapshot may predate, so the issue
 * is read. Any other trigger (a wake, a command, a follow-up's change) is not a change of the issue's
 * content: a state newer than the snapshot is an issue event still queued behind this pass, which sees it.
 */
const nothingNewer = (trigger: Trigger): boolean => trigger.kind !== 'issue';

/**
 * Safety-net margin for `since`: GitHub's timestamps have whole seconds, and a comment posted in the
 * same second as the status comment's last write must not be missed.
 */
const SINCE_MARGIN_MS = 1_000;

const before = (iso: string): string => new Date(Date.parse(iso) - SINCE_MARGIN_MS).toISOString();

/**
 * An issue that is not an incident (or is gone: null), as this load read it: the maintenance pass takes it
 * from here rather than reading it a second time.
 */
export interface NotAnIncident {
  notAnIncident: true;
  issue: IssueSnapshot | null;
}

/**
 * Everything one pass needs, read-only: the issue (from the payload when it is the newest state), the
 * app's status comment and its metadata, the commenter's permission when a comment holds commands, and
 * the app's 👍 on earlier comments when the status comment must be rebuilt. Comments beyond the status
 * comment are read only when a decision needs them: those since the command comment (a reply already
 * posted is newer than it) unless the app knows it wrote nothing since, or all of them for a missing
 * status comment (its record is rebuilt from
 * them); the rest comes on demand (`withComments`). `NotAnIncident` when the issue is gone or is not an incident.
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
}): Promise<LoadedIncident | NotAnIncident> {
  const { octokit, ref, trigger, settings, botLogin } = params;
  const issue = await currentIssue({ octokit, ref, trigger, memo: params.memo });
  if (!issue || !isIncident(issue, settings.incidentLabels)) return { notAnIncident: true, issue };

  const comment = triggerComment(trigger);
  const hasCommands =
    comment !== undefined &&
    comment.authorType !== 'Bot' &&
    comment.author !== botLogin &&
    parseCommands({ body: comment.body, prefix: settings.commands.prefix, levels: settings.commands.levels }).length >
      0;
  const permission = hasCommands ? await permissionOf(octokit, ref, comment.author) : null;

  let found = await findStatus({ octokit, ref, botLogin, memo: params.memo, seal: params.seal });
  if (hasCommands && found.scope === 'none') {
    // A reply to this comment, if a pass already posted one, is newer than the comment; a warning a crash
    // kept out of the metadata is newer than the status comment's last write. One listing finds both,
    // on its newest page(s), never every comment.
    const from =
      found.status && Date.parse(found.status.updatedAt) < Date.parse(comment.createdAt)
        ? found.status.updatedAt
        : comment.createdAt;
    found = { ...found, comments: await listComments(octokit, ref, { since: before(from) }), scope: 'recent' };
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
    return {
      ...loaded,
      comments: await listComments(octokit, ref, { since: before(loaded.status?.updatedAt ?? '') }),
      commentScope: 'recent',
    };
  }
  return { ...loaded, comments: await listComments(octokit, ref), commentScope: 'all' };
}
