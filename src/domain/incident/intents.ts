import type { FollowUpItem } from './follow-ups.js';
import type { IndexRefreshResult, IndexTargetDecision } from '../reports/index-refresh.js';
import type { RepoName } from '../shared/repo-name.js';

export type { RepoName };
import type { StatusPageHead, StatusPageTarget } from './loaded-incident.js';

/**
 * What one pass over an incident wants written to GitHub, as data. The plan (pure) returns intents; the
 * executor (github/execute.ts) is the one place that writes them, in order, with one policy for refusals.
 * A dry run returns them instead of writing.
 *
 * `origin` says whose action an intent serves: a command line (its failure goes into the reply to that
 * command) or the app itself (its failure goes into the status comment).
 */
export type IntentOrigin = { kind: 'command'; commentId: number; line: number; raw: string } | { kind: 'app' };

export type Intent =
  | { kind: 'add-label'; label: string; origin: IntentOrigin }
  | { kind: 'remove-label'; label: string; origin: IntentOrigin }
  | { kind: 'assign'; login: string; role: string; origin: IntentOrigin }
  | { kind: 'unassign'; login: string; origin: IntentOrigin }
  | { kind: 'close'; origin: IntentOrigin }
  | {
      kind: 'create-follow-ups';
      target: RepoName;
      items: FollowUpItem[];
      labels: string[];
      subIssues: boolean;
      origin: IntentOrigin;
    }
  | { kind: 'publish-report'; report: ReportPublication; origin: IntentOrigin }
  /**
   * A request for the reports-index pass (app/run-report-index.ts), not a write: the incident pass hands
   * it over and the executor never sees it. A refused decision is answered without reading anything.
   */
  | { kind: 'refresh-index'; decision: IndexTargetDecision; origin: IntentOrigin }
  /** Commit the status page's changed files to its branch (`key`: what it shows, recorded once written). */
  | {
      kind: 'publish-status-page';
      target: StatusPageTarget;
      /** The branch's head the files were built from: the commit goes on top of it or not at all. */
      parent: StatusPageHead | null;
      files: Record<string, string>;
      message: string;
      key: string;
      origin: IntentOrigin;
    }
  /** `dueAt`: each warned step's deadline (ISO, in the order of `keys`), for the warning-lateness metric. */
  | { kind: 'post-warning'; body: string; keys: string[]; dueAt?: string[]; origin: IntentOrigin }
  | { kind: 'react'; commentId: number; origin: IntentOrigin }
  /** A reply, found by its marker key before it is posted (a redelivery never replies twice). */
  | { kind: 'reply'; key: string | number; body: string; origin: IntentOrigin }
  /**
   * The status comment: updated in place when `commentId` is known, else created. `refresh`: only its
   * view (and warned keys, which are found again among the comments) changed, so the write may wait
   * while warnings and replies go first, or the rate limit is low.
   */
  | { kind: 'upsert-status'; commentId: number | null; body: string; origin: IntentOrigin; refresh?: boolean };

export interface ReportPublication {
  target: RepoName;
  base: string | null;
  branch: string;
  path: string;
  content: string;
  title: string;
  incidentRef: string;
  incidentUrl: string;
  labels: string[];
  reviewers: string[];
  resolvedAt: string | null;
}

export type IntentKind = Intent['kind'];

/** What became of an intent: done (with what GitHub gave back), or refused with GitHub's status. */
export type IntentOutcome =
  | {
      ok: true;
      followUps?: Record<string, FollowUpRecordLike>;
      report?: { number: number; url: string; reviewNote: string | null } | null;
      index?: IndexRefreshResult;
      commentId?: number;
    }
  | { ok: false; status: number | null; message: string };

export interface FollowUpRecordLike {
  repo: string;
  number: number;
  title: string;
  state: 'open' | 'closed';
  subIssue: boolean;
  note: string | null;
  url?: string | null;
}
