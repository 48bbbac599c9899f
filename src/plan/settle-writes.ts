import type { Intent } from '../domain/incident/intents.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import type { PlanContext } from './plan-incident.js';
import { settleReport } from './plan-report.js';
import { refusal, type Outcomes } from './settle-replies.js';

/**
 * What the app's own writes mean for the incident: follow-up issues opened are recorded; a refused
 * label, follow-up or warning is a problem the status comment shows (a warning not posted is warned
 * again on the next pass).
 */
export function settleWrites(params: {
  intents: readonly Intent[];
  outcomes: Outcomes;
  metadata: IncidentMetadata;
  stored: IncidentMetadata;
}): { metadata: IncidentMetadata; problems: string[] } {
  let metadata = params.metadata;
  const problems: string[] = [];
  for (const intent of params.intents) {
    const outcome = params.outcomes.get(intent);
    const refused = refusal(outcome);
    if (intent.kind === 'create-follow-ups') {
      if (refused)
        problems.push(
          `could not open follow-up issues in ${intent.target.owner}/${intent.target.repo}: ${refused.message}`,
        );
      else if (outcome?.ok && outcome.followUps)
        metadata = { ...metadata, followUps: { ...metadata.followUps, ...outcome.followUps } };
    } else if (intent.kind === 'add-label' && intent.origin.kind === 'app' && refused) {
      problems.push(`could not add the label "${intent.label}": ${refused.message}`);
    } else if (intent.kind === 'publish-status-page') {
      const where = `${intent.target.owner}/${intent.target.repo} (${intent.target.branch})`;
      metadata = {
        ...metadata,
        statusPage: refused
          ? { ...metadata.statusPage, problem: `could not publish the status page to ${where}: ${refused.message}` }
          : { ...metadata.statusPage, published: intent.key },
      };
    } else if (intent.kind === 'post-warning' && refused) {
      problems.push(`could not post an overdue warning: ${refused.message}`);
      metadata = { ...metadata, warned: params.stored.warned };
    }
  }
  if (metadata.statusPage.problem) problems.push(metadata.statusPage.problem);
  return { metadata, problems };
}

/** The report's fate: settled by the plan (with its message), or as its pull request came out. */
export function settleReportWrite(params: { context: PlanContext; outcomes: Outcomes; metadata: IncidentMetadata }): {
  metadata: IncidentMetadata;
  message: string | null;
} {
  const { report } = params.context;
  if (report.kind !== 'publish')
    return { metadata: params.metadata, message: report.kind === 'settled' ? report.message : null };
  const intent = report.intent;
  return settleReport({
    metadata: params.metadata,
    publication: intent.report,
    repo: `${intent.report.target.owner}/${intent.report.target.repo}`,
    outcome: params.outcomes.get(intent) ?? { ok: true as const, report: null },
  });
}
