import type { ParseOptions } from '../domain/template/checklist.js';
import { vocabularyOf } from '../domain/template/languages/index.js';
import type { SeverityLevel } from '../domain/template/severity.js';
import type { IncidentConfig } from './schema.js';

export function severityLevelsOf(config: IncidentConfig): SeverityLevel[] {
  return config.severity.levels.map((level) => ({ name: level.name, label: level.label, aliases: [...level.aliases] }));
}

/** The parts of the config the body parser needs. */
export function parseOptionsOf(config: IncidentConfig): ParseOptions {
  return {
    levels: severityLevelsOf(config),
    postIncidentHeadings: config.phases.post_incident,
    actionItemsSection: config.follow_ups.section,
    vocabulary: vocabularyOf({ enabled: config.languages.enabled, custom: config.languages.custom }),
    deadlineRules: config.deadlines.map((rule) => ({
      match: rule.match,
      deadline: rule.deadline,
      anchor: rule.anchor ?? null,
    })),
  };
}
