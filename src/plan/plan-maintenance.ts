import type { IssueSnapshot } from '../domain/incident/incident-state.js';
import type { Intent, IntentOutcome } from '../domain/incident/intents.js';
import type { StatusPageBranch, StatusPageTarget } from '../domain/incident/loaded-incident.js';
import { readMarker } from '../domain/incident/markers.js';
import { hasPermission, type IncidentSettings } from '../domain/incident/settings.js';
import { gitBlobShaOf } from '../domain/shared/git-blob-sha.js';
import { sha256Hex } from '../domain/shared/hash.js';
import {
  readPublishedIncidents,
  readPublishedMaintenance,
  statusPageDocument,
  withMaintenance,
  type PublishedMaintenance,
} from '../domain/status-page/model.js';
import type { LoadedMaintenance } from '../domain/status-page/loaded-maintenance.js';
import { maintenanceWindow } from '../domain/status-page/maintenance.js';
import { isMaintenanceIssue, publishedMaintenance } from '../domain/status-page/published-maintenance.js';
import { parseIncident } from '../domain/template/checklist.js';
import type { CrossRepoRule } from '../domain/trust/cross-repo-consent.js';
import { renderMaintenanceComment } from '../render/maintenance-comment.js';
import { renderStatusPageFiles } from '../render/status-page/files.js';
import { crossRepoVerdict } from './cross-repo-verdict.js';

export interface MaintenanceNeeds {
  /** Another repository's consent and visibility (and this one's visibility). */
  target: string | null;
  /** The status page branch as it is. */
  statusPage: StatusPageTarget | null;
}

export interface MaintenancePlan {
  /** A maintenance window of this repository's status page (its timer wake is armed at `nextWakeAt`). */
  tracked: boolean;
  needs: MaintenanceNeeds | null;
  intents: Intent[];
  /** When its phase changes next (the start, then the end). */
  nextWakeAt: Date | null;
}

const NOT_MAINTENANCE: MaintenancePlan = { tracked: false, needs: null, intents: [], nextWakeAt: null };

/**
 * What a pass over a non-incident issue is about: a maintenance window (its label), an issue that still
 * describes a window but lost the label (its entry, if published, leaves the page), or nothing.
 */
export type MaintenanceConcern = 'window' | 'unlabelled' | null;

export function maintenanceConcern(params: {
  issue: Pick<IssueSnapshot, 'labels' | 'body'>;
  settings: IncidentSettings;
  now: Date;
}): MaintenanceConcern {
  const { settings, issue } = params;
  const page = settings.statusPage;
  if (!page) return null;
  const labels = { labels: issue.labels, incidentLabels: settings.incidentLabels };
  if (isMaintenanceIssue({ ...labels, maintenanceLabel: page.maintenanceLabel })) return 'window';
  // An incident's own pass owns its issue; any other issue is read only when its body still gives a window.
  if (settings.incidentLabels.some((l) => issue.labels.some((m) => m.toLowerCase() === l.toLowerCase()))) return null;
  const fields = parseIncident({ body: issue.body, options: settings.rules.parse }).fields;
  return maintenanceWindow({ fields, now: params.now }).ok ? 'unlabelled' : null;
}

/**
 * One pass over a maintenance window (pure, takes `now`): its entry on the status page in the phase it
 * has now, committed when the page's files differ from the branch's, through the same consent and
 * visibility rules as an incident's page; or, when the issue does not describe a window the page can
 * show, why, in the app's one comment on the issue and nothing published. An issue that lost the label
 * leaves the page, silently.
 */
export function planMaintenance(params: {
  loaded: LoadedMaintenance;
  settings: IncidentSettings;
  now: Date;
  serverRules: readonly CrossRepoRule[];
}): MaintenancePlan {
  const { loaded, settings } = params;
  const page = settings.statusPage;
  const concern = maintenanceConcern({ issue: loaded.issue, settings, now: params.now });
  if (!page || concern === null) return NOT_MAINTENANCE;
  const labelled = concern === 'window';
  const window = labelled ? windowOf(params) : { ok: true as const, entry: null, nextChangeAt: null };
  if (!window.ok)
    return { tracked: false, needs: null, intents: commentIntents(loaded, window.errors), nextWakeAt: null };
  const nextWakeAt = window.nextChangeAt === null ? null : new Date(window.nextChangeAt);
  const targetName = page.repo ?? `${loaded.ref.owner}/${loaded.ref.repo}`;
  const verdict = crossRepoVerdict({
    target: targetName,
    kind: 'status-page',
    what: 'The maintenance window',
    loaded,
    settings,
    serverRules: params.serverRules,
  });
  if (verdict === null)
    return { tracked: labelled, needs: { target: targetName, statusPage: null }, intents: [], nextWakeAt };
  if (!verdict.ok)
    return labelled
      ? { tracked: false, needs: null, intents: commentIntents(loaded, [verdict.reason]), nextWakeAt: null }
      : NOT_MAINTENANCE;
  const [owner = '', repo = ''] = targetName.split('/');
  const target: StatusPageTarget = { owner, repo, ...verdict.settings.statusPage };
  const branch = loaded.statusPage;
  if (!branch || !sameTarget(branch.target, target))
    return { tracked: labelled, needs: { target: null, statusPage: target }, intents: [], nextWakeAt };
  return {
    tracked: labelled,
    needs: null,
    intents: [
      ...publishIntents({ ...params, entry: window.entry, branch }),
      ...(labelled ? commentIntents(loaded, []) : []),
    ],
    nextWakeAt,
  };
}

/** The window the issue describes now, or the author's errors (their permission first). */
function windowOf(params: { loaded: LoadedMaintenance; settings: IncidentSettings; now: Date }) {
  const { loaded, settings } = params;
  const need = settings.commands.permission;
  if (!hasPermission(loaded.authorPermission, need))
    return {
      ok: false as const,
      errors: [
        `only someone with at least \`${need}\` permission on this repository (\`commands.permission\`) can open a maintenance window; ask them to open it`,
      ],
    };
  return publishedMaintenance({
    repo: `${loaded.ref.owner}/${loaded.ref.repo}`,
    issue: loaded.issue,
    fields: parseIncident({ body: loaded.issue.body, options: settings.rules.parse }).fields,
    configured: settings.statusPage?.components ?? [],
    now: params.now,
  });
}

const sameTarget = (a: StatusPageTarget, b: StatusPageTarget): boolean =>
  a.owner === b.owner && a.repo === b.repo && a.branch === b.branch && a.path === b.path;

/**
 * The page with this window's entry in place (or without it, for a window withdrawn before its start),
 * committed only when a file differs from the branch's: a pass that changes nothing writes nothing.
 */
function publishIntents(params: {
  loaded: LoadedMaintenance;
  settings: IncidentSettings;
  entry: PublishedMaintenance | null;
  branch: StatusPageBranch;
}): Intent[] {
  const { loaded, branch, entry } = params;
  const page = params.settings.statusPage;
  if (!page) return [];
  const id = `${loaded.ref.owner}/${loaded.ref.repo}#${loaded.ref.number}`;
  const published = readPublishedMaintenance(branch.incidentsJson);
  if (entry === null && !published.some((m) => m.id === id)) return [];
  const document = statusPageDocument({
    title: page.title,
    components: page.components,
    incidents: readPublishedIncidents(branch.incidentsJson),
    maintenance: withMaintenance({ maintenance: published, id, window: entry }),
  });
  const { target } = branch;
  const rendered = renderStatusPageFiles({ document, feedName: `${target.owner}/${target.repo}/${target.path}` });
  const changed = Object.entries(rendered).filter(([path, text]) => branch.blobs[path] !== gitBlobShaOf(text));
  if (changed.length === 0) return [];
  const prefix = target.path === '' ? '' : `${target.path}/`;
  return [
    {
      kind: 'publish-status-page',
      target,
      parent: branch.head,
      files: Object.fromEntries(changed.map(([path, text]) => [`${prefix}${path}`, text])),
      message: `Status page: maintenance ${id} (${entry?.phase ?? 'withdrawn'})`,
      key: sha256Hex(JSON.stringify(entry)).slice(0, 16),
      origin: { kind: 'app' },
    },
  ];
}

/**
 * The app's one comment, found by its marker among the app's own comments: written when there are
 * problems, and updated once they are fixed; never posted when there never were any, never rewritten
 * with the text it already has.
 */
function commentIntents(loaded: LoadedMaintenance, problems: readonly string[]): Intent[] {
  const mine = loaded.comments.find((c) => c.author === loaded.botLogin && readMarker(c.body, 'maintenance'));
  if (!mine && problems.length === 0) return [];
  const body = renderMaintenanceComment({ problems });
  if (mine?.body === body) return [];
  return [{ kind: 'upsert-status', commentId: mine?.id ?? null, body, origin: { kind: 'app' } }];
}

/**
 * After the commit (pure): the comment the plan wanted, unless the page could not be written — then the
 * comment says so instead of "on the status page" (tried again at the next event or phase change).
 */
export function settleMaintenance(params: {
  loaded: LoadedMaintenance;
  intents: readonly Intent[];
  outcomes: ReadonlyMap<Intent, IntentOutcome>;
}): Intent[] {
  const refused = params.intents.flatMap((i) => {
    const outcome = params.outcomes.get(i);
    return i.kind === 'publish-status-page' && outcome && !outcome.ok ? [outcome] : [];
  })[0];
  if (!refused) return params.intents.filter((i) => i.kind === 'upsert-status');
  const answer = refused.status === null ? 'an error' : String(refused.status);
  return commentIntents(params.loaded, [
    `the status page could not be written (GitHub answered ${answer}: ${refused.message.replace(/\s+/g, ' ').slice(0, 200)}); it is tried again at the next edit of this issue or change of the window`,
  ]);
}
