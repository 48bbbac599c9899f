import type { ReportIndexLayout } from '../incident/settings.js';
import type { RepoName } from '../shared/repo-name.js';
import type { MorePublicOptIn } from '../trust/visibility.js';

/**
 * The reports-index pass (docs/stats.md), beside the incident pass: what triggers it, what the reports
 * repository's own configuration says about it, and what it did. Everything about what is written into
 * the reports repository (the index's path, its chart folder, the base branch, how often a command may
 * rebuild it) comes from that repository's own `.github/incident.yml` (`incoming:`), never from the
 * incident repository that asked.
 */

/** Why the pass runs: a report pull request the app opened was merged, or someone ran `/incident stats`. */
export type IndexTrigger =
  { kind: 'merge'; incident: string } | { kind: 'command'; incident: string; commentId: number };

/** What the incident pass hands to the index pass: where, and how far follow-up states may move. */
export interface IndexRequest {
  target: RepoName;
  /** The incident repository's `visibility.allow_more_public`: how public a follow-up's state may be shown. */
  optIn: MorePublicOptIn;
}

export type IndexTargetDecision = { ok: true; refresh: IndexRequest } | { ok: false; reason: string };

/** The reports repository's own settings for its index (its `incoming.index` and `incoming.reports.base`). */
export interface ReportsRepoIndexSettings {
  /** The branch the reports are read from and the index pull request targets; null = the default branch. */
  base: string | null;
  layout: ReportIndexLayout;
  /** `/incident stats` rebuilds the index at most once per this many minutes (never less than the default). */
  cooldownMinutes: number;
}

/** The key of a reports repository's `/incident stats` cooldown (runtime's claimCooldown, and the Action's replies). */
export const indexCooldownKey = (repo: string): string => `index:${repo.toLowerCase()}`;

/** The floor (and default) of `incoming.index.cooldown`: a repository may only make it longer. */
export const MIN_INDEX_COOLDOWN_MINUTES = 10;

/** What a refresh of the reports index did. `pull` is the index pull request, when one is open. */
export interface IndexRefreshResult {
  /** `cooling`: a command within the cooldown; nothing was read. */
  change: 'opened' | 'updated' | 'unchanged' | 'cooling';
  repo: string;
  pull: { number: number; url: string } | null;
  reports: number;
  skipped: number;
  /** With `cooling`: when a command may rebuild the index again (ISO time). */
  nextAt?: string;
}
