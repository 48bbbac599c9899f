import type { IncidentSettings } from '../domain/incident/settings.js';
import { DEFAULT_INCOMING, type IncomingSettings } from '../domain/trust/cross-repo-consent.js';
import { morePublicOptInOf, type MorePublicOptIn } from '../domain/trust/visibility.js';
import type { IncidentConfig } from './schema.js';
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
    reviewers: config.reports.reviewers,
    labels: config.reports.labels,
    index: reportIndexSettingsOf(config),
  };
  const parse = parseOptionsOf(config);
  return {
    visibility: morePublicOptInFrom(config),
    ownWrite: ownWriteSettingsOf(config),
    incidentLabels: config.incident.labels,
    voice: { mentionMinutes: minutesOf(config.reminders.mention_interval), maxPerHour: config.reminders.max_per_hour },
    timeZone: config.display.timezone ?? config.business_hours.timezone,
    rules: {
      parse,
      levels: severityLevelsOf(config),
      businessHours: businessHoursOf(config),
      graceMinutes: minutesOf(config.reminders.grace),
      repeatMinutes: config.reminders.repeat === false ? null : minutesOf(config.reminders.repeat),
      acknowledgedLabels: config.milestones.acknowledged.labels,
      mitigatedLabels: config.milestones.mitigated.labels,
      resolvedLabels: config.milestones.resolved.labels,
      resolveOnClose: config.milestones.resolved.on_close,
      statusEveryMinutes: Object.fromEntries(
        Object.entries(config.status_updates.every).map(([level, every]) => [level, minutesOf(every)]),
      ),
      doneWhen: {
        rules: config.steps.done_when,
        builtin: config.steps.builtin_done_when,
        prefix: config.commands.prefix,
        vocabulary: parse.vocabulary,
      },
    },
    followUps: {
      repo: config.follow_ups.repo,
      labels: config.follow_ups.labels,
      subIssues: config.follow_ups.sub_issues,
      settleMinutes: minutesOf(config.follow_ups.settle),
    },
    reports,
    statusPage: config.status_page
      ? {
          repo: config.status_page.repo,
          branch: config.status_page.branch,
          path: config.status_page.path,
          components: config.status_page.components,
          title: config.status_page.title,
          majorSeverities: config.status_page.major_severities,
          maintenanceLabel: config.status_page.maintenance_label,
        }
      : null,
    commands: {
      prefix: config.commands.prefix,
      permission: config.commands.permission,
      resolveCloses: config.commands.resolve_closes,
      levels: severityLevelsOf(config),
      mitigatedLabels: config.milestones.mitigated.labels,
      resolvedLabels: config.milestones.resolved.labels,
      reports,
      visibility: morePublicOptInFrom(config),
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

/** The visibility opt-in of a config (`visibility.allow_more_public`, or the old `reports.allow_private_to_public`). */
export function morePublicOptInFrom(config: IncidentConfig): MorePublicOptIn {
  return morePublicOptInOf({
    allowMorePublic: config.visibility.allow_more_public,
    legacyAllowPrivateToPublic: config.reports.allow_private_to_public,
  });
}

/** A repository's settings for writes it receives from other repositories (its `incoming:` section). */
export function incomingSettingsOf(config: IncidentConfig): IncomingSettings {
  const incoming = config.incoming;
  return {
    reports: {
      base: incoming.reports.base,
      path: incoming.reports.path,
      labels: incoming.reports.labels,
      reviewers: incoming.reports.reviewers,
    },
    followUps: { labels: incoming.follow_ups.labels },
    statusPage: { branch: incoming.status_page.branch, path: incoming.status_page.path },
  };
}

/** The incident repository's own settings, for writes into itself (its `reports` and `follow_ups` sections). */
export function ownWriteSettingsOf(config: IncidentConfig): IncomingSettings {
  return {
    reports: {
      base: config.reports.base,
      path: config.reports.path,
      labels: config.reports.labels,
      reviewers: config.reports.reviewers,
    },
    followUps: { labels: config.follow_ups.labels },
    statusPage: {
      branch: config.status_page?.branch ?? DEFAULT_INCOMING.statusPage.branch,
      path: config.status_page?.path ?? DEFAULT_INCOMING.statusPage.path,
    },
  };
}
