import { parseIncidentKey, type IncidentRef } from '../incident/incident-ref.js';
import type { RepoName } from '../incident/intents.js';
import { readMarkerJson } from '../incident/markers.js';
import type { ReportIndexLayout, ReportSettings } from '../incident/settings.js';

/**
 * The index is refreshed through its own pull request on this one branch, updated in place: it touches
 * only the index page and its charts, which no report pull request touches, so it never conflicts with
 * open report pull requests (docs/stats.md).
 */
export const INDEX_BRANCH = 'incident-index';

/** Everything a refresh of the reports index needs; carried by the `refresh-index` intent. */
export interface IndexRefresh {
  target: RepoName;
  /** The branch the reports are read from and the index pull request targets; null = the default branch. */
  base: string | null;
  branch: string;
  layout: ReportIndexLayout;
  /** `reports.allow_private_to_public`: whether follow-up states may be read from more private repositories. */
  allowPrivateToPublic: boolean;
}

export type IndexTargetDecision = { ok: true; refresh: IndexRefresh } | { ok: false; reason: string };

/**
 * The one check before the app writes the reports index into a repository. The index goes only into
 * the repository that `reports.repo` names, that is, where the same configuration already has the app
 * write its reports (GitHub refuses the write when the app may not write there, and that refusal is
 * the answer). After a merge, the repository the report was merged into must be that repository: a
 * configuration never sends the index anywhere else. Consent rules of the reports repository belong
 * here too, so every path to an index write passes through them.
 */
export function reportIndexTarget(params: {
  reports: Pick<ReportSettings, 'repo' | 'base' | 'index' | 'allowPrivateToPublic'>;
  mergedInto?: RepoName;
}): IndexTargetDecision {
  const { reports } = params;
  if (!reports.repo)
    return {
      ok: false,
      reason:
        'Reports are off: set `reports.repo: owner/incident-reports` in `.github/incident.yml`; the index lives next to the reports.',
    };
  const [owner = '', repo = ''] = reports.repo.split('/');
  if (
    params.mergedInto &&
    (params.mergedInto.owner.toLowerCase() !== owner.toLowerCase() ||
      params.mergedInto.repo.toLowerCase() !== repo.toLowerCase())
  ) {
    return {
      ok: false,
      reason: `the report was merged into ${params.mergedInto.owner}/${params.mergedInto.repo}, but \`reports.repo\` names ${reports.repo}`,
    };
  }
  return {
    ok: true,
    refresh: {
      target: { owner, repo },
      base: reports.base,
      branch: INDEX_BRANCH,
      layout: reports.index,
      allowPrivateToPublic: reports.allowPrivateToPublic,
    },
  };
}

/**
 * The incident of a merged report pull request: only a pull request the app opened (its author) with
 * the app's `report` marker counts, since anyone can type a marker into a pull request body.
 */
export function reportPullIncident(params: {
  author: string | null | undefined;
  body: string | null | undefined;
  botLogin: string;
}): IncidentRef | null {
  if (!params.author || params.author !== params.botLogin) return null;
  const data = readMarkerJson(params.body, 'report') as { incident?: unknown } | undefined;
  return typeof data?.incident === 'string' ? parseIncidentKey(data.incident) : null;
}
