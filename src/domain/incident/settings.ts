import type { IncomingSettings } from '../trust/cross-repo-consent.js';
import type { EvaluationRules } from './incident-state.js';
import type { MorePublicOptIn } from '../trust/visibility.js';
import type { SeverityLevel } from '../template/severity.js';

/**
 * The incident's settings as the plan reads them, resolved from `.github/incident.yml` by
 * config/incident-settings.ts. Plain data: the plan never sees the raw config.
 */

/** Repository permissions from least to most; a command needs at least the configured one. */
export const PERMISSION_RANK = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 } as const;
export type PermissionLevel = keyof typeof PERMISSION_RANK;

export const hasPermission = (have: PermissionLevel, need: PermissionLevel): boolean =>
  PERMISSION_RANK[have] >= PERMISSION_RANK[need];

export interface CommandSettings {
  prefix: string;
  permission: PermissionLevel;
  resolveCloses: boolean;
  levels: readonly SeverityLevel[];
  mitigatedLabels: readonly string[];
  resolvedLabels: readonly string[];
  /** What `/incident stats` needs: where the reports and their index are. */
  reports: ReportSettings;
  /** `visibility.allow_more_public`: how far follow-up states may move into the reports repository's index. */
  visibility: MorePublicOptIn;
}

/** The reports index (`reports.index.*`, docs/stats.md): where it reads the reports and writes the page and charts. */
export interface ReportIndexLayout {
  /** Folder of the reports ("reports"; "" = the whole repository): the fixed part of `reports.path`. */
  reportsDir: string;
  /** Where the index page goes ("reports/README.md"); never read as a report. */
  indexPath: string;
  /** Folder of the chart SVGs ("reports/charts"); never read as reports. */
  chartsDir: string;
  /** IANA zone of dates and month buckets. */
  timeZone: string;
  /** Configured severity levels, in order (legend and table order). */
  severities: readonly string[];
  /** How many of the steps most often late or skipped are listed. */
  topSteps: number;
}

export interface ReportSettings {
  repo: string | null;
  base: string | null;
  path: string;
  template: string | null;
  severities: readonly string[];
  reviewers: readonly string[];
  labels: readonly string[];
  index: ReportIndexLayout;
}

export interface FollowUpSettings {
  repo: string | null;
  labels: readonly string[];
  subIssues: boolean;
  settleMinutes: number;
}

/** The public status page (`status_page:`); null when the repository has none. */
export interface StatusPageSettings {
  /** owner/name, or null for the incident's own repository. */
  repo: string | null;
  branch: string;
  path: string;
  components: readonly string[];
  title: string;
  majorSeverities: readonly string[];
  /** An issue with this label (and not an incident) is a maintenance window (domain/status-page/maintenance.ts). */
  maintenanceLabel: string;
}

export type MentionMode = 'lead' | 'assignees' | 'author' | 'none';

/** How warnings speak (issue #16, "one voice"). */
export interface VoiceSettings {
  /** A person is @mentioned at most once per this many minutes; later warnings name them without a ping. */
  mentionMinutes: number;
  /** Warning comments per hour; past it, warnings fold into the status comment. */
  maxPerHour: number;
}

export interface IncidentSettings {
  /** How far incident text may move to more public repositories (`visibility.allow_more_public`). */
  visibility: MorePublicOptIn;
  /** The incident repository's own report and follow-up settings, for writes into itself. */
  ownWrite: IncomingSettings;
  incidentLabels: readonly string[];
  voice: VoiceSettings;
  /** IANA time zone the status comment, warnings and report show times in (`display.timezone`). */
  timeZone: string;
  rules: EvaluationRules;
  /** Readable config problems; the defaults are in use for the broken sections meanwhile. */
  configErrors: readonly string[];
  mention: MentionMode;
  commands: CommandSettings;
  followUps: FollowUpSettings;
  reports: ReportSettings;
  statusPage: StatusPageSettings | null;
}
