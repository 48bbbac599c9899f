import type { Evaluation } from '../domain/incident/incident-state.js';
import type { Intent } from '../domain/incident/intents.js';
import type { IncidentSettings } from '../domain/incident/settings.js';

/** Decision 8, a severity read from the body gets its label, so label filters and boards see it. */
export function severityLabel(params: { evaluation: Evaluation; settings: IncidentSettings }): Intent | null {
  const { evaluation, settings } = params;
  if (evaluation.severitySource !== 'body') return null;
  const label = settings.rules.levels.find((l) => l.name === evaluation.severity)?.label;
  return label ? { kind: 'add-label', label, origin: { kind: 'app' } } : null;
}
