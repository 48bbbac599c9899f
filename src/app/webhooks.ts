import type { Context, Probot } from 'probot';
import { incidentKey } from '../domain/incident/incident-ref.js';
import { issueSnapshot, type IssueLike } from '../github/issues.js';
import { intakeOf, ISSUE_ACTIONS, needsBotLogin } from '../intake/index.js';
import type { Clock } from '../runtime/clock.js';
import { touchesConfig } from '../runtime/config-cache.js';
import type { IncidentRuntime } from '../runtime/runtime.js';
import { forgetStatusComment, type StatusCommentMemo } from '../runtime/status-memo.js';
import type { EditBatches } from './edit-batch.js';
import type { QueuedEvent, Tracked, Work } from './work.js';
import { isCheckedPath } from '../domain/checks/check-run.js';
import type { Metrics } from '../metrics/metrics.js';

const ISSUE_EVENTS = ISSUE_ACTIONS.map((a) => `issues.${a}` as const);
/** Issue events the app causes itself. */
const OWN_CHANGES = new Set(['labeled', 'unlabeled', 'assigned', 'unassigned', 'closed']);

/**
 * The paths a push changed, or null when its payload cannot say (GitHub lists at most 20 commits in a push
 * webhook: https://docs.github.com/en/webhooks/webhook-events-and-payloads#push).
 */
const PUSH_COMMITS_LISTED = 20;
function changedPaths(
  commits: ReadonlyArray<{ added?: string[]; modified?: string[]; removed?: string[] }> | undefined,
): string[] | null {
  if (!commits || commits.length >= PUSH_COMMITS_LISTED) return null;
  return commits.flatMap((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])]);
}

/**
 * The App's webhook handlers: each event goes through the one intake (src/intake/) and is only queued
 * (Probot answers GitHub at once). A burst of body edits joins the job still waiting for its incident.
 */
export function onWebhooks(params: {
  probot: Probot;
  clock: Clock;
  runtime: IncidentRuntime<Work>;
  edits: EditBatches<QueuedEvent>;
  botLogin: () => Promise<string>;
  enqueue: (params: { work: Work; delivery?: string }) => Promise<void>;
  statusComments: StatusCommentMemo;
  metrics: Metrics;
}): void {
  const { probot, runtime, edits, enqueue } = params;
  probot.onAny((context) => params.metrics.webhookReceived(context.name));
  // The login is read only when the intake compares an author with it (it may cost a request).
  const intake = async (context: Context<'issues' | 'issue_comment' | 'pull_request'>) =>
    intakeOf({
      name: context.name,
      payload: context.payload,
      repository: context.repo(),
      botLogin: needsBotLogin(context.name, context.payload) ? await params.botLogin() : '',
    });

  probot.on(ISSUE_EVENTS, async (context): Promise<void> => {
    const payload = context.payload;
    const installationId = payload.installation?.id;
    if (installationId === undefined) return;
    // The app's own changes (a command's label or assignee, closing on resolve) were decided by the pass
    // that made them: a pass for each would only read what that pass already knew.
    if (OWN_CHANGES.has(payload.action) && payload.sender?.login === (await params.botLogin())) return;
    const job = await intake(context);
    if (job.kind !== 'incident') return;
    const target: Tracked = { ...job.target, installationId };
    if (job.trigger.kind === 'follow-up')
      return enqueue({ work: { kind: 'run', target, followUp: job.trigger.followUp } });
    if (job.trigger.kind !== 'issue') return;
    const snapshot = issueSnapshot(payload.issue as IssueLike);
    if (!snapshot) return;
    const event: QueuedEvent = {
      delivery: context.id,
      snapshot,
      updatedAt: job.updatedAt,
      bodyFrom: job.trigger.bodyFrom,
      opened: job.trigger.opened,
      at: (job.trigger.at ?? params.clock.now()).toISOString(),
      actor: job.trigger.actor ?? null,
    };
    const key = incidentKey(target);
    const isEdit = runtime.joinable && payload.action === 'edited' && event.bodyFrom !== null;
    if (isEdit && edits.join(key, event)) {
      runtime.joined(key);
      return;
    }
    const batch = edits.start(key, event, isEdit);
    return enqueue({
      work: { kind: 'events', target, events: batch, ...(isEdit ? { joinable: true as const } : {}) },
      delivery: context.id,
    });
  });

  probot.on('issue_comment.created', async (context): Promise<void> => {
    const installationId = context.payload.installation?.id;
    if (installationId === undefined) return;
    const job = await intake(context);
    if (job.kind !== 'incident' || job.trigger.kind !== 'comment') return;
    const target: Tracked = { ...job.target, installationId };
    // Edits after this comment must not be handled before it.
    edits.close(incidentKey(target));
    const { comment } = job.trigger;
    const payload = context.payload;
    const issue = issueSnapshot(payload.issue as IssueLike);
    const updatedAt = Date.parse(payload.issue.updated_at ?? '');
    return enqueue({
      work: {
        kind: 'comment',
        target,
        delivery: context.id,
        at: comment.createdAt,
        comment,
        ...(issue ? { issue, updatedAt: Number.isFinite(updatedAt) ? updatedAt : null } : {}),
      },
      delivery: context.id,
    });
  });

  // Someone else edited or deleted the status comment: what this process remembers of it no longer holds.
  probot.on(['issue_comment.edited', 'issue_comment.deleted'], async (context) => {
    const { payload } = context;
    if (payload.issue.pull_request || payload.sender?.login === (await params.botLogin())) return;
    forgetStatusComment(
      params.statusComments,
      incidentKey({ ...context.repo(), number: payload.issue.number }),
      payload.comment.id,
    );
  });

  // A report pull request the app opened was merged: refresh the index of that reports repository
  // (one refresh at a time per reports repository; each compares before it writes).
  probot.on('pull_request.closed', async (context): Promise<void> => {
    const installationId = context.payload.installation?.id;
    if (installationId === undefined) return;
    const job = await intake(context);
    if (job.kind !== 'report-merged') return;
    const target: Tracked = { ...job.incident, installationId };
    return enqueue({
      work: { kind: 'index', target, reportsRepo: job.reportsRepo, delivery: context.id },
      delivery: context.id,
    });
  });

  probot.on('push', async (context) => {
    const { payload } = context;
    const touched = touchesConfig(payload);
    const { owner, repo } = context.repo();
    // Every process drops its cached copy (this one through the same listener).
    if (touched === 'repo' || touched === 'owner') await runtime.publishConfigChange({ scope: touched, owner, repo });
    // A change of the config or a template on the default branch is checked where it was made.
    const installationId = payload.installation?.id;
    if (
      installationId === undefined ||
      payload.deleted ||
      payload.ref !== `refs/heads/${payload.repository.default_branch}`
    )
      return;
    const changed = changedPaths(payload.commits);
    if (changed !== null && !changed.some(isCheckedPath)) return;
    return enqueue({
      work: {
        kind: 'check',
        target: { owner, repo, number: 0, installationId },
        sha: payload.after,
        changed,
        delivery: context.id,
      },
      delivery: context.id,
    });
  });

  // A pull request whose files may change the config or a template: checked on its head commit.
  probot.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened'], async (context) => {
    const { payload } = context;
    const installationId = payload.installation?.id;
    if (installationId === undefined) return;
    const { owner, repo } = context.repo();
    return enqueue({
      work: {
        kind: 'check',
        target: { owner, repo, number: payload.pull_request.number, installationId },
        sha: payload.pull_request.head.sha,
        changed: null,
        delivery: context.id,
      },
      delivery: context.id,
    });
  });
}
