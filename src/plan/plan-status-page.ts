import type { Intent } from '../domain/incident/intents.js';
import type { IncidentView } from '../domain/incident/incident-view.js';
import type { StatusPageBranch, StatusPageTarget } from '../domain/incident/loaded-incident.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import type { StatusPageSettings } from '../domain/incident/settings.js';
import { gitBlobShaOf } from '../domain/shared/git-blob-sha.js';
import { sha256Hex } from '../domain/shared/hash.js';
import {
  readPublishedIncidents,
  readPublishedMaintenance,
  statusPageDocument,
  withIncident,
  type PublishedIncident,
} from '../domain/status-page/model.js';
import { publishedIncident, type AcceptedPublicUpdate } from '../domain/status-page/published-incident.js';
import { renderStatusPageFiles } from '../render/status-page/files.js';

/**
 * Whether the status page must be published in this pass, and what. Due when something the outside sees
 * changed since the last publish (a public update, the affected components, mitigation, resolution, the
 * title): the key of those is compared with the one recorded. Publishing needs the accepted comments
 * (the public texts are in them) and the branch as it is (the other incidents on the page, and git's
 * blob ids to compare before writing); both are read only then.
 */
export type StatusPageDecision =
  | { kind: 'none' }
  | { kind: 'needs'; comments: boolean; branch: StatusPageTarget | null }
  /** Nothing is written: the page already shows it, or it may not be written (`message` says why). */
  | { kind: 'settled'; key: string; message: string | null }
  | { kind: 'publish'; key: string; intent: PublishStatusPage; message: string | null };

export type PublishStatusPage = Extract<Intent, { kind: 'publish-status-page' }>;

/** What the outside sees of this incident, as a key: a change of any part publishes again. */
function publicKey(params: {
  title: string;
  view: IncidentView;
  metadata: IncidentMetadata;
  target: StatusPageTarget;
  settings: StatusPageSettings;
}): string {
  const { metadata, view } = params;
  return sha256Hex(
    JSON.stringify([
      params.title,
      metadata.statusPage.updates,
      metadata.statusPage.identifiedAt,
      metadata.statusPage.components,
      view.mitigated,
      view.resolved,
      view.severity,
      params.target,
      params.settings.components,
      params.settings.title,
      params.settings.majorSeverities,
    ]),
  ).slice(0, 16);
}

export function planStatusPage(params: {
  settings: StatusPageSettings | null;
  ref: { owner: string; repo: string; number: number };
  title: string;
  view: IncidentView;
  metadata: IncidentMetadata;
  /** Where the page goes, decided by the receiving repository (its `incoming.status_page`), or why it may not. */
  verdict: { ok: true; target: StatusPageTarget } | { ok: false; reason: string } | null;
  /** The accepted `/incident public` updates, when every comment was read; null when not. */
  updates: readonly AcceptedPublicUpdate[] | null;
  branch: StatusPageBranch | undefined;
}): StatusPageDecision {
  const { settings, metadata, view } = params;
  const page = metadata.statusPage;
  // Nothing was made public: the incident never reaches the page.
  if (!settings || (page.updates === 0 && page.components.length === 0)) return { kind: 'none' };
  if (params.verdict === null) return { kind: 'needs', comments: false, branch: null };
  if (!params.verdict.ok) {
    const key = sha256Hex(`refused\n${params.verdict.reason}`).slice(0, 16);
    return page.published === key ? { kind: 'none' } : { kind: 'settled', key, message: params.verdict.reason };
  }
  const { target } = params.verdict;
  const key = publicKey({ title: params.title, view, metadata, target, settings });
  if (page.published === key) return { kind: 'none' };
  const branch = params.branch;
  const sameBranch =
    branch !== undefined &&
    branch.target.owner === target.owner &&
    branch.target.repo === target.repo &&
    branch.target.branch === target.branch &&
    branch.target.path === target.path;
  if (params.updates === null || !sameBranch)
    return { kind: 'needs', comments: params.updates === null, branch: sameBranch ? null : target };

  const { incident, message, changed } = buildPage({ ...params, settings, updates: params.updates, branch, target });
  if (changed.length === 0) return { kind: 'settled', key, message };
  const prefix = target.path === '' ? '' : `${target.path}/`;
  return {
    kind: 'publish',
    key,
    message,
    intent: {
      kind: 'publish-status-page',
      target,
      parent: branch.head,
      files: Object.fromEntries(changed.map(([path, text]) => [`${prefix}${path}`, text])),
      message: `Status page: ${params.ref.owner}/${params.ref.repo}#${params.ref.number} (${incident.state})`,
      key,
      origin: { kind: 'app' },
    },
  };
}

/** The page with this incident's entry in place, rendered, and the files that differ from the branch's. */
function buildPage(params: {
  settings: StatusPageSettings;
  ref: { owner: string; repo: string; number: number };
  title: string;
  view: IncidentView;
  metadata: IncidentMetadata;
  updates: readonly AcceptedPublicUpdate[];
  branch: StatusPageBranch;
  target: StatusPageTarget;
}): { incident: PublishedIncident; message: string | null; changed: Array<[string, string]> } {
  const { settings, view, target, branch } = params;
  const page = params.metadata.statusPage;
  const { incident, unknownComponents } = publishedIncident({
    repo: `${params.ref.owner}/${params.ref.repo}`,
    number: params.ref.number,
    title: params.title,
    severity: view.severity,
    majorSeverities: settings.majorSeverities,
    startedAt: view.impactStart ?? view.detected,
    mitigatedAt: view.mitigated,
    resolvedAt: view.resolved,
    identifiedAt: page.identifiedAt,
    components: page.components,
    configured: settings.components,
    updates: params.updates,
  });
  const listed = (names: readonly string[]) => names.map((c) => `\`${c}\``).join(', ');
  const message =
    unknownComponents.length > 0
      ? `Not on the status page: ${listed(unknownComponents)} (\`status_page.components\` lists ${settings.components.length > 0 ? listed(settings.components) : 'none'}).`
      : null;
  const document = statusPageDocument({
    title: settings.title,
    components: settings.components,
    incidents: withIncident({ incidents: readPublishedIncidents(branch.incidentsJson), incident }),
    // The maintenance windows as their own passes published them (plan-maintenance.ts); a window that
    // became this incident is this incident now.
    maintenance: readPublishedMaintenance(branch.incidentsJson).filter((m) => m.id !== incident.id),
  });
  const rendered = renderStatusPageFiles({ document, feedName: `${target.owner}/${target.repo}/${target.path}` });
  const changed = Object.entries(rendered).filter(([path, text]) => branch.blobs[path] !== gitBlobShaOf(text));
  return { incident, message, changed };
}
