import type { AlertNotification } from '../alerts/alert.js';
import type { IssueSnapshot } from './incident-state.js';

/** A new comment that may hold `/incident` commands. */
export interface TriggerComment {
  id: number;
  body: string;
  author: string;
  authorType: string;
  createdAt: string;
}

/**
 * What woke the app for this incident: one kind of event, carrying only what that kind has. Built by
 * the one intake (src/intake/) for the App and the Action alike, and by the runtime's timers and sweep.
 */
export type Trigger =
  /** An `issues` event (opened, edited, labeled, closed, assigned...), or a burst of them handled in one pass. */
  | {
      kind: 'issue';
      /** `changes.body.from` of `issues.edited`; null for any other change. */
      bodyFrom: string | null;
      opened: boolean;
      /** Event time; undefined to use `now`. */
      at?: Date;
      /** Who caused the event (the webhook's sender); ticks and label-made facts are credited to them. */
      actor?: string;
      /** Earlier body edits handled in the same pass (a burst of edits), oldest first. */
      earlierEdits: ReadonlyArray<{ from: string; to: string; at: Date }>;
      /** The issue from the webhook payload (saves a request), or undefined to fetch it. */
      issue?: IssueSnapshot;
    }
  /** A new comment: its `/incident` commands run once. */
  | { kind: 'comment'; at: Date; comment: TriggerComment; issue?: IssueSnapshot }
  /** A follow-up issue of this incident was closed or reopened. */
  | { kind: 'follow-up'; followUp: { item: string; state: 'open' | 'closed' } }
  /**
   * A notification of the alert group this incident was opened from (app/run-alert.ts), with the lead its
   * `alerts.leads` name (recorded when the incident has none); `opened`: this notification opened the issue.
   */
  | {
      kind: 'alert';
      alert: { notification: AlertNotification; lead: string | null };
      opened: boolean;
      issue?: IssueSnapshot;
    }
  /** No event: a deadline's timer or the sweep. The issue as the sweep listed it, when it is the newest seen. */
  | {
      kind: 'wake';
      issue?: IssueSnapshot;
      /** A command comment deleted before its pass read it (its commands are not run: GitHub no longer has them). */
      deletedComment?: { id: number; author: string };
    };

/** The trigger's comment, when it is one. */
export const triggerComment = (trigger: Trigger): TriggerComment | undefined =>
  trigger.kind === 'comment' ? trigger.comment : undefined;

/** The issue the trigger carries (saves a request), when it carries one. */
export const triggerIssue = (trigger: Trigger): IssueSnapshot | undefined =>
  trigger.kind === 'issue' || trigger.kind === 'wake' || trigger.kind === 'alert' || trigger.kind === 'comment'
    ? trigger.issue
    : undefined;
