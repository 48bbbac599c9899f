import type { LoadedIncident, PlanNeeds } from '../domain/incident/loaded-incident.js';
import type { IncidentSettings } from '../domain/incident/settings.js';
import type { ReportOutcome } from './decide-report.js';

/**
 * Decision 7, what to read before deciding: the repositories a write would go to, the author's
 * permission, the report's inputs and the comments its timeline (or the warnings' safety net) reads.
 * Null when the plan can decide with what was loaded.
 */
export function decideReads(params: {
  loaded: LoadedIncident;
  settings: IncidentSettings;
  /** Repositories whose consent and visibility are unknown, in the order the decisions asked. */
  targets: readonly string[];
  needsAuthorPermission: boolean;
  report: ReportOutcome;
  /** An index refresh (`/incident stats`) waits for the reports repository's consent like a report. */
  refreshesIndex: boolean;
  warningsDue: boolean;
}): PlanNeeds | null {
  const { loaded, settings, report } = params;
  const reportInputs = report.report.kind === 'needs-inputs';
  // The report's timeline reads every comment the app accepted.
  let comments: PlanNeeds['comments'] = reportInputs && loaded.commentScope !== 'all' ? 'all' : null;
  // Before warning, the safety net: a warning posted after the status comment's last write (a crash
  // between the two) is not in the metadata, only in the comments since that write.
  if (params.warningsDue && loaded.commentScope === 'none' && comments === null) comments = 'recent';
  // Only a due report or an index refresh waits for the reports repository's consent; otherwise it is not asked for.
  const reportWrites =
    report.planned.kind === 'needs-inputs' || report.planned.kind === 'publish' || params.refreshesIndex;
  const targets =
    !reportWrites && report.verdict === null && settings.reports.repo
      ? params.targets.filter((t) => t !== settings.reports.repo)
      : [...params.targets];
  const authorPermission = params.needsAuthorPermission || report.needsAuthorPermission;
  if (!reportInputs && !authorPermission && targets.length === 0 && comments === null) return null;
  return { reportInputs, authorPermission, targets, comments };
}
