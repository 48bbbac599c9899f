import { evaluateIncident, type Evaluation } from '../domain/incident/incident-state.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import type { PlanContext } from './plan-incident.js';

/**
 * A follow-up issue or a report opened in this pass completes the steps that ask for one: evaluated
 * again with them (pure and cheap; no new warning can come of it, the warned keys are recorded).
 */
export function completedSteps(params: { context: PlanContext; metadata: IncidentMetadata }): {
  shown: Evaluation;
  metadata: IncidentMetadata;
} {
  const { context, metadata } = params;
  const facts = metadata.facts;
  if (!(Object.keys(metadata.followUps).length > 0 && !facts['follow-up']) && !(metadata.report && !facts.report))
    return { shown: context.evaluation, metadata };
  const shown = evaluateIncident({
    issue: context.issue,
    rules: context.settings.rules,
    metadata,
    bodyFrom: null,
    opened: false,
    eventAt: context.now,
    now: context.now,
  });
  return { shown, metadata: { ...metadata, facts: shown.metadata.facts } };
}
