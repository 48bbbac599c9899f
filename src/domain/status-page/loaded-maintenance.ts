import type { IssueSnapshot } from '../incident/incident-state.js';
import type { CommentRecord, StatusPageBranch, TargetInfo } from '../incident/loaded-incident.js';
import type { PermissionLevel } from '../incident/settings.js';
import type { Visibility } from '../trust/visibility.js';

/** Everything a maintenance window's pass read; what is still undefined is read when the plan asks for it. */
export interface LoadedMaintenance {
  ref: { owner: string; repo: string; number: number };
  issue: IssueSnapshot;
  botLogin: string;
  /** Every comment of the issue (the app's one comment is found among them by its marker); none read for an unlabelled one. */
  comments: readonly CommentRecord[];
  /** The issue author's permission: the window is their text on a public page ('none': not read, unlabelled). */
  authorPermission: PermissionLevel;
  targets?: Readonly<Record<string, TargetInfo>>;
  sourceVisibility?: Visibility | null;
  statusPage?: StatusPageBranch;
}
