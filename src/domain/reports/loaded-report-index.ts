import type { ParsedReportLike } from './parsed-report.js';
import type { FollowUpState, SkippedReport } from './report-index.js';
import type { IndexRefreshResult, ReportsRepoIndexSettings } from './index-refresh.js';
import type { RepoName } from '../shared/repo-name.js';

/** Everything the index pass reads before it decides (github/load-report-index.ts); the plan is pure. */
export type LoadedReportIndex =
  | { kind: 'refused'; reason: string }
  /** A command within the reports repository's cooldown: nothing more was read. */
  | { kind: 'cooling'; result: IndexRefreshResult }
  | {
      kind: 'loaded';
      target: RepoName;
      /** The branch read and targeted: `incoming.reports.base`, else the default branch. */
      base: string;
      settings: ReportsRepoIndexSettings;
      /** The reports on the base branch, read (or found in the cache) by blob id, newest path first. */
      reports: readonly ParsedReportLike[];
      /** Reports not read: too large, or over the count limit. */
      skipped: readonly SkippedReport[];
      /** Blob ids of every file on the base branch, by path (the index and charts among them). */
      blobs: ReadonlyMap<string, string>;
      /** Fresh follow-up states, read only where the one visibility rule lets them move. */
      followUpStates: Readonly<Record<string, FollowUpState>>;
      /** The open index pull request and the blob ids of its head, if there is one. */
      openPull: { number: number; url: string; blobs: ReadonlyMap<string, string> } | null;
    };
