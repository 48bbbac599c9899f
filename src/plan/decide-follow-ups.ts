import type { CommentOutcome } from '../domain/commands/apply.js';
import { planFollowUps } from '../domain/incident/follow-ups.js';
import type { Evaluation } from '../domain/incident/incident-state.js';
import type { Intent } from '../domain/incident/intents.js';
import type { LoadedIncident } from '../domain/incident/loaded-incident.js';
import type { Trigger } from '../domain/incident/trigger.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import { hasPermission, type IncidentSettings } from '../domain/incident/settings.js';
import { bodyAuthority } from './body-authority.js';
import type { AskCrossRepo } from './cross-repo-verdict.js';

/** Decision 3, a follow-up issue closed or reopened: its record follows (an unknown one is ignored). */
export function followUpChanged(metadata: IncidentMetadata, trigger: Trigger): IncidentMetadata {
  const change = trigger.kind === 'follow-up' ? trigger.followUp : undefined;
  const known = change ? metadata.followUps[change.item] : undefined;
  if (!change || !known) return metadata;
  return { ...metadata, followUps: { ...metadata.followUps, [change.item]: { ...known, state: change.state } } };
}

/** Items not opened in this pass wait, each since it first waited. */
function waiting(params: {
  metadata: IncidentMetadata;
  items: ReadonlyArray<{ id: string; text: string }>;
  now: Date;
}): IncidentMetadata {
  const { metadata, now } = params;
  const since = now.toISOString();
  return {
    ...metadata,
    pendingItems: {
      ...metadata.pendingItems,
      ...Object.fromEntries(
        params.items.map((i) => [i.id, { text: i.text, since: metadata.pendingItems[i.id]?.since ?? since }]),
      ),
    },
  };
}

export interface FollowUpDecision {
  intents: Intent[];
  metadata: IncidentMetadata;
  /** Why items wait, for the status comment. */
  notices: string[];
  /** The body's items need the author's permission, not read yet. */
  needsAuthorPermission: boolean;
  /** When settling items next need the app. */
  nextAt: Date | null;
}

/**
 * Decision 5, follow-up issues: the action items that settled get issues, in the configured repository
 * when it consents. The body's items open issues only for an author who could run `/incident action`
 * themselves; refused (or not known yet), items wait and the status comment says why.
 */
export function decideFollowUps(params: {
  loaded: LoadedIncident;
  settings: IncidentSettings;
  evaluation: Evaluation;
  commands: CommentOutcome | null;
  metadata: IncidentMetadata;
  now: Date;
  crossRepo: AskCrossRepo;
}): FollowUpDecision {
  const { loaded, settings, now } = params;
  const followUps = planFollowUps({
    items: params.evaluation.incident.actionItems,
    commandItems: params.commands?.actionItems ?? [],
    metadata: params.metadata,
    settleMinutes: settings.followUps.settleMinutes,
    now,
  });
  let metadata: IncidentMetadata = { ...params.metadata, pendingItems: followUps.pendingItems };
  const intents: Intent[] = [];
  const notices: string[] = [];
  let needsAuthorPermission = false;
  let create = followUps.create;
  const author = bodyAuthority(loaded);
  const fromBody = create.filter((i) => i.source === 'body');
  if (fromBody.length > 0 && author === undefined) needsAuthorPermission = true;
  else if (fromBody.length > 0 && !hasPermission(author ?? 'none', settings.commands.permission)) {
    create = create.filter((i) => i.source !== 'body');
    metadata = waiting({ metadata, items: fromBody, now });
    notices.push(
      `${fromBody.length} action item${fromBody.length === 1 ? '' : 's'} of the body wait${fromBody.length === 1 ? 's' : ''}: @${loaded.issue.author} opened this incident with ${author} permission, and follow-up issues need ${settings.commands.permission}. Someone with ${settings.commands.permission} permission can open them with \`${settings.commands.prefix} action TEXT\`.`,
    );
  }
  if (create.length > 0) {
    const [owner = loaded.ref.owner, repo = loaded.ref.repo] = settings.followUps.repo?.split('/') ?? [];
    const verdict = params.crossRepo(`${owner}/${repo}`, 'follow-up', 'Follow-up issues');
    if (verdict?.ok) {
      const labels =
        verdict.settings === settings.ownWrite ? settings.followUps.labels : verdict.settings.followUps.labels;
      intents.push({
        kind: 'create-follow-ups',
        target: { owner, repo },
        items: create,
        labels: [...labels],
        subIssues: settings.followUps.subIssues,
        origin: { kind: 'app' },
      });
    } else {
      metadata = waiting({ metadata, items: create, now });
      if (verdict) notices.push(verdict.reason);
    }
  }
  return { intents, metadata, notices, needsAuthorPermission, nextAt: followUps.nextAt };
}
