import type { IssueCommentCreatedEvent, IssuesEvent, PullRequestClosedEvent } from '@octokit/webhooks-types';
import { followUpRefOf } from '../domain/incident/follow-up-ref.js';
import { incidentKey, type IncidentRef } from '../domain/incident/incident-ref.js';
import type { Trigger } from '../domain/incident/trigger.js';
import { reportPullIncident } from '../domain/reports/report-index-target.js';

/** The `issues` actions that can change an incident; others wake nothing. */
export const ISSUE_ACTIONS = [
  'opened',
  'edited',
  'labeled',
  'unlabeled',
  'closed',
  'reopened',
  'assigned',
  'unassigned',
] as const;
const ISSUE_ACTION_SET: ReadonlySet<string> = new Set(ISSUE_ACTIONS);

/** A comment without a line starting with "/" holds no command (the prefix is configurable). Linear: one scan. */
export function mayHoldCommand(body: string): boolean {
  for (const line of body.split('\n')) if (line.trimStart().startsWith('/')) return true;
  return false;
}

/**
 * Whether the event's intake compares an author with the app's own login (a follow-up issue the app
 * opened, a report pull request it opened): the login may cost a request, so it is read only then.
 */
export function needsBotLogin(name: string, payload: unknown): boolean {
  const p = payload as {
    action?: string;
    issue?: { user?: { type?: string } | null };
    pull_request?: { merged?: boolean };
  };
  if (name === 'issues') return (p.action === 'closed' || p.action === 'reopened') && p.issue?.user?.type === 'Bot';
  return name === 'pull_request' && p.action === 'closed' && p.pull_request?.merged === true;
}

/** What an event asks of the app. `why` says it in a sentence, for logs and the Action's summary. */
export type Intake =
  /** A pass over one incident. `updatedAt` (ms): the payload's issue time, for telling the newest payload. */
  | { kind: 'incident'; target: IncidentRef; trigger: Trigger; why: string; updatedAt: number | null }
  /** A report pull request the app opened was merged into `reportsRepo`: refresh that repository's index. */
  | { kind: 'report-merged'; incident: IncidentRef; reportsRepo: { owner: string; repo: string }; why: string }
  /** Look at every incident (a schedule, a manual run). */
  | { kind: 'sweep'; why: string }
  | { kind: 'skip'; why: string };

const skip = (why: string): Intake => ({ kind: 'skip', why });

/**
 * The one intake (pure): a GitHub event, as a webhook or a workflow event, -> what the app does with
 * it. The App and the Action both call it, so the command check, the issue actions and the follow-up
 * rule exist once. The payload is untrusted data: only its fields are read.
 */
export function intakeOf(params: {
  name: string;
  payload: unknown;
  /** The repository the event came from. */
  repository: { owner: string; repo: string };
  botLogin: string;
}): Intake {
  const { name } = params;
  if (name === 'issues') return issueIntake({ ...params, payload: params.payload as IssuesEvent });
  if (name === 'issue_comment')
    return commentIntake({ ...params, payload: params.payload as IssueCommentCreatedEvent });
  if (name === 'pull_request') return pullIntake({ ...params, payload: params.payload as PullRequestClosedEvent });
  return skip(`the ${name} event is not one incident-responder acts on`);
}

function issueIntake(params: {
  payload: IssuesEvent;
  repository: { owner: string; repo: string };
  botLogin: string;
}): Intake {
  const { payload } = params;
  if (!ISSUE_ACTION_SET.has(payload.action))
    return skip(`issues.${payload.action} is not an event incident-responder acts on`);
  const issue = payload.issue;
  const why = `issues.${payload.action} #${issue.number}`;
  if ((payload.action === 'closed' || payload.action === 'reopened') && issue.user?.type === 'Bot') {
    // A follow-up issue the app opened changed state: update its incident's status comment.
    const ref = followUpRefOf(issue.body);
    if (ref && issue.user.login === params.botLogin) {
      return {
        kind: 'incident',
        target: { owner: ref.owner, repo: ref.repo, number: ref.number },
        trigger: {
          kind: 'follow-up',
          followUp: { item: ref.item, state: payload.action === 'closed' ? 'closed' : 'open' },
        },
        why: `${why} (a follow-up of ${incidentKey(ref)})`,
        updatedAt: null,
      };
    }
  }
  const changes = (payload as { changes?: { body?: { from?: string } } }).changes;
  const updatedAt = Date.parse(issue.updated_at ?? '');
  const actor = payload.sender?.login;
  const trigger: Trigger = {
    kind: 'issue',
    bodyFrom: payload.action === 'edited' ? (changes?.body?.from ?? null) : null,
    opened: payload.action === 'opened',
    at: Number.isFinite(updatedAt) ? new Date(updatedAt) : undefined,
    ...(actor ? { actor } : {}),
    earlierEdits: [],
  };
  return {
    kind: 'incident',
    target: { ...params.repository, number: issue.number },
    trigger,
    why,
    updatedAt: Number.isFinite(updatedAt) ? updatedAt : null,
  };
}

function commentIntake(params: {
  payload: IssueCommentCreatedEvent;
  repository: { owner: string; repo: string };
}): Intake {
  const { payload } = params;
  if (payload.action !== 'created')
    return skip(`issue_comment.${payload.action as string} is not an event incident-responder acts on`);
  const { comment, issue } = payload;
  const why = `issue_comment.created on #${issue.number}`;
  // The app's own comments and other bots' never carry commands for it.
  if (comment.user?.type === 'Bot') return skip(`${why}: written by a bot`);
  if (issue.pull_request) return skip(`${why}: a pull request`);
  if (!mayHoldCommand(comment.body ?? '')) return skip(`${why}: no command line`);
  const trigger: Trigger = {
    kind: 'comment',
    at: new Date(comment.created_at),
    comment: {
      id: comment.id,
      body: comment.body ?? '',
      author: comment.user?.login ?? '',
      authorType: comment.user?.type ?? 'User',
      createdAt: comment.created_at,
    },
  };
  return { kind: 'incident', target: { ...params.repository, number: issue.number }, trigger, why, updatedAt: null };
}

function pullIntake(params: {
  payload: PullRequestClosedEvent;
  repository: { owner: string; repo: string };
  botLogin: string;
}): Intake {
  const { payload } = params;
  const pull = payload.pull_request;
  if (payload.action !== 'closed' || !pull.merged) return skip(`pull_request.${payload.action as string}: not a merge`);
  const incident = reportPullIncident({ author: pull.user?.login, body: pull.body, botLogin: params.botLogin });
  if (!incident) return skip(`pull_request #${pull.number} is not a report the app opened`);
  return {
    kind: 'report-merged',
    incident: { owner: incident.owner, repo: incident.repo, number: incident.number },
    reportsRepo: params.repository,
    why: `report pull request #${pull.number} merged`,
  };
}
