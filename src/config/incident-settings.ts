import type { IncidentSettings } from '../domain/settings.js';
import { businessHoursOf, minutesOf, type LoadedConfig } from './load.js';
import { parseOptionsOf, severityLevelsOf } from './parse-options.js';
import { reportIndexSettingsOf } from './report-index-settings.js';

/** The config as the reconcile job needs it; readable error lines for the status comment. */
export function incidentSettingsOf(loaded: LoadedConfig): IncidentSettings {
  const { config } = loaded;
  const reports: IncidentSettings['reports'] = {
    repo: config.reports.repo,
    base: config.reports.base,
    path: config.reports.path,
    template: config.reports.template,
    severities: config.reports.severities,
    allowPrivateToPublic: config.reports.allow_private_to_public,
    reviewers: config.reports.reviewers,
    labels: config.reports.labels,
    index: reportIndexSettingsOf(config),
  };
  return {
    incidentLabels: config.incident.labels,
    rules: {
      parse: parseOptionsOf(config),
      levels: severityLevelsOf(config),
      businessHours: businessHoursOf(config),
      graceMinutes: minutesOf(config.reminders.grace),
      repeatMinutes: config.reminders.repeat === false ? null : minutesOf(config.reminders.repeat),
      acknowledgedLabels: config.milestones.acknowledged.labels,
      mitigatedLabels: config.milestones.mitigated.labels,
      resolvedLabels: config.milestones.resolved.labels,
      resolveOnClose: config.milestones.resolved.on_close,
      statusEveryMinutes: Object.fromEntries(Object.entries(config.status_updates.every).map(([level, every]) => [level, minutesOf(every)])),
    },
    followUps: {
      repo: config.follow_ups.repo,
      labels: config.follow_ups.labels,
      subIssues: config.follow_ups.sub_issues,
      settleMinutes: minutesOf(config.follow_ups.settle),
    },
    reports,
    commands: {
      prefix: config.commands.prefix,
      permission: config.commands.permission,
      resolveCloses: config.commands.resolve_closes,
      levels: severityLevelsOf(config),
      mitigatedLabels: config.milestones.mitigated.labels,
      resolvedLabels: config.milestones.resolved.labels,
      reports,
    },
    configErrors: loaded.errors.map((e) => (e.path === '(root)' ? e.message : `${e.path}: ${e.message}`)),
    mention: config.reminders.mention,
  };
}

// One settings object per loaded config, so caches keyed by it (parsed bodies) hit across events.
const settingsByConfig = new WeakMap<LoadedConfig, IncidentSettings>();

export function cachedIncidentSettings(loaded: LoadedConfig): IncidentSettings {
  let settings = settingsByConfig.get(loaded);
  if (!settings) settingsByConfig.set(loaded, (settings = incidentSettingsOf(loaded)));
  return settings;
}
