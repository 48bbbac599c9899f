import { parseIncidentKey, type IncidentRef } from '../incident/incident-ref.js';
import { readMarkerJson } from '../incident/markers.js';
import type { ReportSettings } from '../incident/settings.js';
import type { RepoName } from '../shared/repo-name.js';
import type { MorePublicOptIn } from '../trust/visibility.js';
import type { IndexTargetDecision } from './index-refresh.js';

/**
 * The index is refreshed through its own pull request on this one branch, updated in place: it touches
 * only the index page and its charts, which no report pull request touches, so it never conflicts with
 * open report pull requests (docs/stats.md).
 */
export const INDEX_BRANCH = 'incident-index';

/**
 * The one check before the app writes the reports index into a repository. The index goes only into
 * the repository that `reports.repo` names, that is, where the same configuration already has the app
 * write its reports (GitHub refuses the write when the app may not write there, and that refusal is
 * the answer). After a merge, the repository the report was merged into must be that repository: a
 * configuration never sends the index anywhere else. Only the target is decided here: where inside it
 * the index goes, and from which branch, the reports repository's own config decides (index pass).
 */
export function reportIndexTarget(params: {
  reports: Pick<ReportSettings, 'repo'>;
  /** The incident repository's `visibility.allow_more_public` (follow-up states shown in the index). */
  optIn: MorePublicOptIn;
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
    refresh: { target: { owner, repo }, optIn: params.optIn },
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
