import type { IncidentRef } from './incident-ref.js';
import type { IssueSnapshot } from './incident-state.js';
import type { IncidentMetadata } from './metadata.js';
import type { PermissionLevel } from './settings.js';
import type { HistoryEvent } from './timeline.js';
import type { TargetConsent } from '../trust/cross-repo-consent.js';
import type { Visibility } from '../trust/visibility.js';

/** A comment as the plan reads it (from the REST API or a webhook payload). */
export interface CommentRecord {
  id: number;
  body: string;
  author: string;
  createdAt: string;
  /** Later than `createdAt` when the comment was edited. */
  updatedAt: string;
  htmlUrl: string;
  /** 👍 reactions on it (from the list's reaction summary). */
  plusOnes: number;
  /** The author's account type as GitHub lists it (`user.type`: `User`, `Bot`); absent when not known. */
  authorType?: string;
}

export type CommentScope = 'all' | 'recent' | 'none';

/** Everything one pass reads from GitHub before it decides (github/load-incident.ts). */
export interface LoadedIncident {
  ref: IncidentRef;
  issue: IssueSnapshot;
  botLogin: string;
  /** The app's status comment, found by marker and author, with the metadata it holds. */
  status: { id: number; htmlUrl: string; updatedAt: string; metadata: IncidentMetadata } | null;
  /** The issue's comments that were read (the app's own among them): see `commentScope`. */
  comments: readonly CommentRecord[];
  /**
   * Which comments `comments` holds: 'all' of them; 'recent', those updated since the status comment
   * was last written (enough to find warnings and replies a crash kept out of its metadata); or 'none'
   * (the status comment was read by id). The plan asks for more (PlanNeeds.comments) when a
   * decision needs them.
   */
  commentScope: CommentScope;
  /** The commenter's permission on the repository, when the trigger is a comment with command lines. */
  permission: PermissionLevel | null;
  /** Comments the app reacted 👍 to (accepted), read only when the status comment is gone and must be rebuilt. */
  acceptedByReaction: ReadonlySet<number>;
  /**
   * The incident author's permission, read only when the body asks for writes beyond the issue
   * (follow-up issues from its action items, the automatic report): undefined until then.
   */
  authorPermission?: PermissionLevel;
  /** Read only when the pass would write into other repositories: undefined until then. */
  targets?: Readonly<Record<string, TargetInfo>>;
  /** The incident repository's visibility, read with `targets`. */
  sourceVisibility?: Visibility | null;
  /** The status page branch as it is, read only when a publish is due: undefined until then. */
  statusPage?: StatusPageBranch;
}

/** Where the status page is committed: repository, branch and folder. */
export interface StatusPageTarget {
  owner: string;
  repo: string;
  branch: string;
  path: string;
}

/** What the status page's branch holds: git's blob ids of the files under its folder, and incidents.json. */
export interface StatusPageBranch {
  target: StatusPageTarget;
  /** Path under the folder -> git blob id; empty when the branch does not exist yet. */
  blobs: Readonly<Record<string, string>>;
  incidentsJson: string | null;
  /**
   * The commit those were read from (null: no branch yet). The page is committed on top of exactly this
   * commit, so a branch that moved since it was read refuses the commit instead of losing what another
   * incident published meanwhile.
   */
  head: StatusPageHead | null;
}

export interface StatusPageHead {
  commit: string;
  tree: string;
}

/** What a plan asks to read before it can decide (github/ reads it; the plan runs again with it). */
export interface PlanNeeds {
  reportInputs: boolean;
  authorPermission: boolean;
  /** Other repositories the pass would write into: their consent and visibility (and the incident's own visibility). */
  targets: string[];
  /**
   * Comments the load did not read (LoadedIncident.commentScope): 'all' for a report's timeline,
   * 'recent' to find a warning posted after the status comment's last write.
   */
  comments: 'all' | 'recent' | null;
  /** The status page branch, when a publish is due and it was not read yet. */
  statusPage?: StatusPageTarget | null;
}

/** What the app knows of a repository it would write into on the incident's behalf. */
export interface TargetInfo {
  consent: TargetConsent;
  /** null when the app cannot see it (not installed, missing). */
  visibility: Visibility | null;
}

/** What a report needs beyond the incident, read only when a report is due. */
export type ReportInputs =
  | {
      ok: true;
      from: Visibility;
      to: Visibility;
      template: { text: string; source: string };
      events: readonly HistoryEvent[];
    }
  | { ok: false; status: number; message: string };

export type { Trigger } from './trigger.js';
