import type { Evaluation, IssueSnapshot } from '../domain/incident/incident-state.js';
import { mentionFor } from '../domain/incident/incident-view.js';
import type { Intent } from '../domain/incident/intents.js';
import type { LoadedIncident } from '../domain/incident/loaded-incident.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import { decideVoice } from '../domain/incident/one-voice.js';
import { warningKey } from '../domain/incident/overdue.js';
import type { IncidentSettings } from '../domain/incident/settings.js';
import { renderOverdueComment } from '../render/overdue-comment.js';
import { postedWarnings } from './posted-warnings.js';

const HOUR_MS = 3_600_000;

/**
 * Decision 9, the overdue warning, in one voice: at most `voice.max_per_hour` warning comments, a
 * mention at most every `voice.mention_minutes`, the rest folded into the status comment. Not posted
 * (folded), the warnings still count as warned: the status comment shows the steps, and they are not
 * posted later in a burst. A fold that has ended is cleared.
 */
export function decideWarning(params: {
  loaded: LoadedIncident;
  settings: IncidentSettings;
  issue: IssueSnapshot;
  evaluation: Evaluation;
  /** The record the status comment held: the warnings it recorded as posted. */
  stored: IncidentMetadata;
  metadata: IncidentMetadata;
  now: Date;
}): { intent: Intent | null; metadata: IncidentMetadata } {
  const { loaded, settings, evaluation, now } = params;
  let metadata = params.metadata;
  let intent: Intent | null = null;
  if (evaluation.warnings.due.length > 0) {
    const voice = decideVoice({
      // The warning comments of the last hour: recorded in the metadata (the comments may not all have been
      // read), and those among the comments that were; one per second, so one comment is not counted twice.
      posted: [
        ...new Set(
          [...postedWarnings(loaded.comments, loaded.botLogin).map((w) => w.at), ...params.stored.warningsPosted].map(
            (at) => new Date(Math.floor(Date.parse(at) / 1000) * 1000).toISOString(),
          ),
        ),
      ],
      mention: mentionFor({ issue: params.issue, mode: settings.mention, lead: metadata.roles.lead }),
      mentionedAt: metadata.mentionedAt,
      mentionMinutes: settings.voice.mentionMinutes,
      maxPerHour: settings.voice.maxPerHour,
      now,
    });
    metadata = { ...metadata, mentionedAt: voice.mentionedAt, foldedUntil: voice.foldedUntil ?? metadata.foldedUntil };
    if (voice.post) {
      const body = renderOverdueComment({
        due: evaluation.warnings.due,
        steps: evaluation.steps,
        mention: voice.ping,
        named: voice.quiet,
        statusUrl: loaded.status?.htmlUrl ?? null,
        timeZone: settings.timeZone,
        now,
      });
      intent = {
        kind: 'post-warning',
        body,
        keys: evaluation.warnings.due.map(warningKey),
        dueAt: evaluation.warnings.due.map((step) => (step.dueAt ?? now).toISOString()),
        origin: { kind: 'app' },
      };
      const hourAgo = now.getTime() - HOUR_MS;
      metadata = {
        ...metadata,
        warningsPosted: [...metadata.warningsPosted.filter((at) => Date.parse(at) > hourAgo), now.toISOString()],
      };
    }
  }
  if (metadata.foldedUntil !== null && Date.parse(metadata.foldedUntil) <= now.getTime())
    metadata = { ...metadata, foldedUntil: null };
  return { intent, metadata };
}
