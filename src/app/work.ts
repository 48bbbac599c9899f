import type { IncidentRef } from '../domain/incident/incident-ref.js';
import { incidentKey } from '../domain/incident/incident-ref.js';
import type { IssueSnapshot } from '../domain/incident/incident-state.js';
import type { Trigger, TriggerComment } from '../domain/incident/trigger.js';
import type { AlertWork } from './alert-intake.js';

/** An incident and the installation that reaches it. */
export interface Tracked extends IncidentRef {
  installationId: number;
}

/** An issue event waiting in the queue (plain data: with Redis, another process may run it). */
export interface QueuedEvent {
  delivery: string;
  snapshot: IssueSnapshot;
  updatedAt: number | null;
  bodyFrom: string | null;
  opened: boolean;
  /** ISO time. */
  at: string;
  /** Who caused it (the webhook's sender): ticks and label-made facts are credited to them. */
  actor: string | null;
}

/** A job for one incident, as plain data. */
export type Work =
  | {
      kind: 'events';
      target: Tracked;
      events: QueuedEvent[];
      /** Later edits of the burst may still join it while it waits in this process (edit-batch.ts). */
      joinable?: true;
    }
  | {
      kind: 'comment';
      target: Tracked;
      delivery: string;
      at: string;
      /** Only its id is trusted: the pass reads the comment from GitHub (a job in Redis is untrusted input). */
      comment: TriggerComment;
      /** The issue as the event carried it, used when it is the newest state seen (a read saved). */
      issue?: IssueSnapshot;
      updatedAt?: number | null;
    }
  | {
      kind: 'run';
      target: Tracked;
      followUp?: Extract<Trigger, { kind: 'follow-up' }>['followUp'];
      issue?: IssueSnapshot;
      refresh?: boolean;
      /** A notification of the incident's alert group (app/run-alert.ts), and whether its pass opened the issue. */
      alert?: Extract<Trigger, { kind: 'alert' }>['alert'];
      opened?: boolean;
    }
  | AlertWork
  /** A report pull request of `target` (the incident) was merged into `reportsRepo`: refresh its index. */
  | { kind: 'index'; target: Tracked; reportsRepo: { owner: string; repo: string }; delivery: string }
  /**
   * A push or pull request (`target.number`: the pull request, 0 for a push) that may change the config or
   * a template: check them at `sha` and post a check run. `changed`: the push's paths (null: unknown).
   */
  | { kind: 'check'; target: Tracked; sha: string; changed: string[] | null; delivery: string };

/** When the webhook behind a job was received (ms), for the webhook-to-job lag; absent for timers and the sweep. */
export type Received = { receivedAt?: number };

/** Index refreshes run one at a time per reports repository, apart from the incidents' jobs. */
export const workKey = (work: Work): string =>
  work.kind === 'index'
    ? `index:${work.reportsRepo.owner}/${work.reportsRepo.repo}`
    : work.kind === 'alert'
      ? `alert:${work.target.owner}/${work.target.repo}:${work.group}`
      : work.kind === 'check'
        ? `check:${work.target.owner}/${work.target.repo}@${work.sha}`
        : incidentKey(work.target);

/** The trigger of a batch of issue events: the last one, with the earlier body edits it folds in. */
export function eventsTrigger(events: readonly QueuedEvent[], issue: IssueSnapshot | undefined): Trigger | null {
  const last = events.at(-1);
  if (!last) return null;
  return {
    kind: 'issue',
    bodyFrom: last.bodyFrom,
    opened: last.opened,
    at: new Date(last.at),
    ...(last.actor ? { actor: last.actor } : {}),
    earlierEdits: events
      .slice(0, -1)
      .flatMap((e) => (e.bodyFrom === null ? [] : [{ from: e.bodyFrom, to: e.snapshot.body, at: new Date(e.at) }])),
    ...(issue ? { issue } : {}),
  };
}

/** The trigger of a timer's, the sweep's or a follow-up's run. */
export function runTrigger(work: Extract<Work, { kind: 'run' }>): Trigger {
  if (work.followUp) return { kind: 'follow-up', followUp: work.followUp };
  if (work.alert)
    return {
      kind: 'alert',
      alert: work.alert,
      opened: work.opened === true,
      ...(work.issue ? { issue: work.issue } : {}),
    };
  return work.issue ? { kind: 'wake', issue: work.issue } : { kind: 'wake' };
}
