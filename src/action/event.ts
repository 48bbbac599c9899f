import type { IssueCommentCreatedEvent, IssuesEvent, WorkflowDispatchEvent } from '@octokit/webhooks-types';
import { followUpRefOf } from '../domain/incident/follow-up-ref.js';
import type { Trigger } from '../domain/incident/loaded-incident.js';

/** The `issues` actions the App listens to (src/app/create-app.ts); others wake nothing. */
const ISSUE_ACTIONS = new Set([
  'opened',
  'edited',
  'labeled',
  'unlabeled',
  'closed',
  'reopened',
  'assigned',
  'unassigned',
]);

/** A `schedule` run's payload: the cron line, the repository, the workflow file. */
export interface ScheduleEvent {
  schedule?: string;
  workflow?: string;
}

/** What one workflow run does. */
export type ActionJob =
  | { kind: 'incident'; target: { owner: string; repo: string; number: number }; trigger: Trigger; why: string }
  | { kind: 'sweep'; why: string }
  /** A pull request that may change the config or a template: a check run on its head commit. */
  | { kind: 'check'; pull: number; headSha: string; why: string }
  | { kind: 'skip'; why: string };

/** A comment without a line starting with "/" holds no command (the prefix is configurable). Linear: one scan. */
function mayHoldCommand(body: string): boolean {
  for (const line of body.split('\n')) if (line.trimStart().startsWith('/')) return true;
  return false;
}

/**
 * The job a workflow event asks for, built as the App builds its trigger for the same webhook (pure).
 * The issue itself is not taken from the payload: a workflow run can start minutes after its event,
 * so the pass reads the issue as it is now (the App does the same for a payload it cannot tell is
 * the newest).
 */
export function jobOf(params: {
  eventName: string;
  payload: unknown;
  repository: { owner: string; repo: string };
  botLogin: string;
}): ActionJob {
  const { eventName, repository } = params;
  if (eventName === 'schedule' || eventName === 'workflow_dispatch') {
    const why =
      eventName === 'schedule'
        ? `schedule ${(params.payload as ScheduleEvent).schedule ?? ''}`.trim()
        : `workflow_dispatch by ${(params.payload as WorkflowDispatchEvent).sender?.login ?? 'someone'}`;
    return { kind: 'sweep', why };
  }
  if (eventName === 'issues') {
    const payload = params.payload as IssuesEvent;
    if (!ISSUE_ACTIONS.has(payload.action))
      return { kind: 'skip', why: `issues.${payload.action} is not an event incident-responder acts on` };
    const issue = payload.issue;
    const why = `issues.${payload.action} #${issue.number}`;
    if ((payload.action === 'closed' || payload.action === 'reopened') && issue.user?.type === 'Bot') {
      // A follow-up issue the app opened changed state: update its incident's status comment.
      const ref = followUpRefOf(issue.body);
      if (ref && issue.user.login === params.botLogin) {
        return {
          kind: 'incident',
          target: { owner: ref.owner, repo: ref.repo, number: ref.number },
          trigger: { followUp: { item: ref.item, state: payload.action === 'closed' ? 'closed' : 'open' } },
          why: `${why} (a follow-up of ${ref.owner}/${ref.repo}#${ref.number})`,
        };
      }
    }
    const changes = (payload as { changes?: { body?: { from?: string } } }).changes;
    const updatedAt = new Date(issue.updated_at);
    const trigger: Trigger = {
      bodyFrom: payload.action === 'edited' ? (changes?.body?.from ?? null) : null,
      opened: payload.action === 'opened',
      at: Number.isFinite(updatedAt.getTime()) ? updatedAt : undefined,
      earlierEdits: [],
    };
    return { kind: 'incident', target: { ...repository, number: issue.number }, trigger, why };
  }
  if (eventName === 'issue_comment') {
    const payload = params.payload as IssueCommentCreatedEvent;
    if (payload.action !== 'created')
      return { kind: 'skip', why: `issue_comment.${payload.action} is not an event incident-responder acts on` };
    const { comment, issue } = payload;
    const why = `issue_comment.created on #${issue.number}`;
    // The app's own comments and other bots' never carry commands for it.
    if (comment.user?.type === 'Bot') return { kind: 'skip', why: `${why}: written by a bot` };
    if (issue.pull_request) return { kind: 'skip', why: `${why}: a pull request` };
    if (!mayHoldCommand(comment.body ?? '')) return { kind: 'skip', why: `${why}: no command line` };
    const trigger: Trigger = {
      at: new Date(comment.created_at),
      comment: {
        id: comment.id,
        body: comment.body ?? '',
        author: comment.user?.login ?? '',
        authorType: comment.user?.type ?? 'User',
        createdAt: comment.created_at,
      },
    };
    return { kind: 'incident', target: { ...repository, number: issue.number }, trigger, why };
  }
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const payload = params.payload as {
      action?: string;
      pull_request?: { number?: number; head?: { sha?: string } };
    };
    const number = payload.pull_request?.number;
    const sha = payload.pull_request?.head?.sha;
    if (!['opened', 'synchronize', 'reopened'].includes(payload.action ?? '') || !number || !sha)
      return { kind: 'skip', why: `${eventName}.${payload.action ?? ''} is not an event incident-responder acts on` };
    return { kind: 'check', pull: number, headSha: sha, why: `${eventName}.${payload.action} #${number}` };
  }
  return {
    kind: 'skip',
    why: `the ${eventName} event is not one incident-responder acts on (issues, issue_comment, pull_request, schedule, workflow_dispatch)`,
  };
}
