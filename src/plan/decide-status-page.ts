import type { IncidentView } from '../domain/incident/incident-view.js';
import type { IssueSnapshot } from '../domain/incident/incident-state.js';
import type { Intent } from '../domain/incident/intents.js';
import type { LoadedIncident, PlanNeeds } from '../domain/incident/loaded-incident.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import type { IncidentSettings } from '../domain/incident/settings.js';
import { acceptedCommands } from './accepted-commands.js';
import type { AskCrossRepo } from './cross-repo-verdict.js';
import { planStatusPage, type StatusPageDecision } from './plan-status-page.js';

/**
 * Decision 6b, the status page: where it goes (the receiving repository's `incoming.status_page`, or the
 * incident repository's own `status_page`), with the accepted public texts once every comment was read.
 */
export function decideStatusPage(params: {
  loaded: LoadedIncident;
  settings: IncidentSettings;
  issue: IssueSnapshot;
  view: IncidentView;
  metadata: IncidentMetadata;
  crossRepo: AskCrossRepo;
}): StatusPageDecision {
  const { loaded, settings, metadata } = params;
  const page = settings.statusPage;
  if (!page || (metadata.statusPage.updates === 0 && metadata.statusPage.components.length === 0))
    return { kind: 'none' };
  const targetName = page.repo ?? `${loaded.ref.owner}/${loaded.ref.repo}`;
  const verdict = params.crossRepo(targetName, 'status-page', 'The status page');
  const [owner = '', repo = ''] = targetName.split('/');
  const updates =
    loaded.commentScope === 'all'
      ? acceptedCommands({ comments: loaded.comments, metadata, settings, botLogin: loaded.botLogin }).commands.flatMap(
          (c) =>
            c.command.verb === 'public' ? [{ at: c.at, text: c.command.text, identified: c.command.identified }] : [],
        )
      : null;
  return planStatusPage({
    settings: page,
    ref: loaded.ref,
    title: params.issue.title,
    view: params.view,
    metadata,
    verdict:
      verdict === null
        ? null
        : verdict.ok
          ? { ok: true, target: { owner, repo, ...verdict.settings.statusPage } }
          : { ok: false, reason: verdict.reason },
    updates,
    branch: loaded.statusPage,
  });
}

/** What the status page still needs read, added to the other decisions' reads. */
export function withStatusPageReads(params: {
  needs: PlanNeeds | null;
  decision: StatusPageDecision;
  loaded: LoadedIncident;
}): PlanNeeds | null {
  const { decision } = params;
  if (decision.kind !== 'needs' || (!decision.branch && (!decision.comments || params.loaded.commentScope === 'all')))
    return params.needs;
  const needs: PlanNeeds = params.needs ?? {
    reportInputs: false,
    authorPermission: false,
    targets: [],
    comments: null,
  };
  return {
    ...needs,
    ...(decision.comments && params.loaded.commentScope !== 'all' ? { comments: 'all' as const } : {}),
    ...(decision.branch ? { statusPage: decision.branch } : {}),
  };
}

/** The status page's part of the writes: the record of what was decided, and its commit when one is due. */
export function statusPageWrites(params: { decision: StatusPageDecision; metadata: IncidentMetadata }): {
  metadata: IncidentMetadata;
  intents: Intent[];
} {
  const { decision, metadata } = params;
  if (decision.kind !== 'settled' && decision.kind !== 'publish') return { metadata, intents: [] };
  return {
    metadata: {
      ...metadata,
      statusPage: {
        ...metadata.statusPage,
        // Recorded once written (settle-writes.ts): a refused commit is tried again on the next pass.
        published: decision.kind === 'settled' ? decision.key : metadata.statusPage.published,
        problem: decision.message,
      },
    },
    intents: decision.kind === 'publish' ? [decision.intent] : [],
  };
}
