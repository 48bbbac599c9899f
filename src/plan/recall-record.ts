import type { LoadedIncident } from '../domain/incident/loaded-incident.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import type { IncidentSettings } from '../domain/incident/settings.js';
import { replayAccepted } from './accepted-commands.js';
import { warnedInComments } from './posted-warnings.js';

/**
 * Decision 1, what the app remembers: the record its status comment holds (`stored`), and the record
 * this pass starts from (`metadata`: with the warnings found among the comments). A status comment whose
 * metadata cannot be read (cut, or hand-edited) is still the app's: its record is rebuilt as if it were
 * gone, and the comment is repaired in place, never posted twice.
 */
export function recallRecord(params: {
  loaded: LoadedIncident;
  settings: IncidentSettings;
  /** The trigger's comment, not replayed: this pass runs it. */
  commentId: number | undefined;
}): { stored: IncidentMetadata; metadata: IncidentMetadata } {
  const { loaded, settings } = params;
  const unreadable = loaded.status !== null && loaded.status.metadata.viewKey === null;
  const stored =
    loaded.status && !unreadable
      ? loaded.status.metadata
      : replayAccepted({ loaded, settings, exclude: params.commentId });
  const warned = warnedInComments({ comments: loaded.comments, botLogin: loaded.botLogin, snoozed: stored.snoozed });
  return { stored, metadata: { ...stored, warned: { ...warned, ...stored.warned } } };
}
