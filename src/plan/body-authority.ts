import type { LoadedIncident } from '../domain/incident/loaded-incident.js';
import type { PermissionLevel } from '../domain/incident/settings.js';

/**
 * The permission behind the body's own requests (its action items, the automatic report): the author's.
 * An integration that opens issues (type Bot) holds the issues write permission it opened them with.
 * Undefined until read (the plan asks for it).
 */
export function bodyAuthority(loaded: LoadedIncident): PermissionLevel | undefined {
  if (loaded.issue.authorType === 'Bot') return 'triage';
  return loaded.authorPermission;
}
