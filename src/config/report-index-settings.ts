import { MIN_INDEX_COOLDOWN_MINUTES, type ReportsRepoIndexSettings } from '../domain/reports/index-refresh.js';
import { minutesOf } from './load.js';
import type { ReportIndexSettings } from '../domain/reports/report-index-settings.js';
import type { IncidentConfig } from './schema.js';

/**
 * The folder the reports live in: the part of `reports.path` before its first placeholder segment
 * ("reports/{date}-{slug}.md" -> "reports"; "{slug}.md" -> "", the repository root).
 */
export function reportsFolderOf(pathPattern: string): string {
  const segments = pathPattern.split('/');
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (segment.includes('{')) break;
    fixed.push(segment);
  }
  return fixed.join('/');
}

/** The index settings a configuration gives, before any command-line overrides. */
export function reportIndexSettingsOf(config: IncidentConfig): ReportIndexSettings {
  return {
    reportsDir: reportsFolderOf(config.reports.path),
    indexPath: config.reports.index.path,
    chartsDir: config.reports.index.charts,
    timeZone: config.reports.index.timezone ?? config.business_hours.timezone,
    severities: config.severity.levels.map((l) => l.name),
    topSteps: config.reports.index.top_steps,
  };
}

/**
 * The reports repository's own settings for its index (issue #25, finding 1): its `incoming:` section
 * decides the folder read, the page, the charts, the base branch and the cooldown. The configuration of
 * the incident repository that triggered the refresh plays no part.
 */
export function reportsRepoIndexSettingsOf(config: IncidentConfig): ReportsRepoIndexSettings {
  const { index, reports } = config.incoming;
  return {
    base: reports.base,
    layout: {
      reportsDir: reportsFolderOf(reports.path),
      indexPath: index.path,
      chartsDir: index.charts,
      timeZone: index.timezone ?? config.business_hours.timezone,
      severities: config.severity.levels.map((l) => l.name),
      topSteps: index.top_steps,
    },
    cooldownMinutes: Math.max(MIN_INDEX_COOLDOWN_MINUTES, minutesOf(index.cooldown)),
  };
}
